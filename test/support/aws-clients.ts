import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { RDSClient } from '@aws-sdk/client-rds';

/**
 * Clients for tests: endpoint, region and fake credentials all in the client config, so
 * nothing depends on the developer's AWS profile or environment.
 */
export const TEST_CREDENTIALS = {
  accessKeyId: 'test',
  secretAccessKey: 'test',
  sessionToken: 'test',
};

export function testEc2Client(endpoint: string, region: string): EC2Client {
  return new EC2Client({ endpoint, region, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
}

export function testRdsClient(endpoint: string, region: string): RDSClient {
  return new RDSClient({ endpoint, region, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
}

export function testAutoScalingClient(endpoint: string, region: string): AutoScalingClient {
  return new AutoScalingClient({ endpoint, region, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
}

export function testDynamoClient(endpoint: string, region = 'eu-west-1'): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
}

/** The names of the commands a client sends ("QueryCommand"), appended to `sent` as they go out. */
export function recordCommands(
  client: EC2Client | DynamoDBClient | RDSClient | AutoScalingClient,
  sent: string[] = [],
): string[] {
  const record =
    <Args, Result>(next: (args: Args) => Promise<Result>, context: { commandName?: string }) =>
    (args: Args) => {
      sent.push(context.commandName ?? 'unknown');
      return next(args);
    };
  const options = { step: 'initialize', name: 'recordCommands' } as const;
  if (client instanceof EC2Client) client.middlewareStack.add(record, options);
  else if (client instanceof RDSClient) client.middlewareStack.add(record, options);
  else if (client instanceof AutoScalingClient) client.middlewareStack.add(record, options);
  else client.middlewareStack.add(record, options);
  return sent;
}
