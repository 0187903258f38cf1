import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { RDSClient } from '@aws-sdk/client-rds';

/**
 * SDK clients for the sandbox's moto: endpoint and throwaway credentials in the client
 * configuration itself, so no profile or variable of the person's shell can send a call of
 * the sandbox to a real AWS account.
 */
const CREDENTIALS = { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' };

export interface MotoClients {
  ec2(region: string): EC2Client;
  rds(region: string): RDSClient;
  autoScaling(region: string): AutoScalingClient;
  readonly dynamo: DynamoDBClient;
  destroy(): void;
}

export function motoClients(endpoint: string, tableRegion: string): MotoClients {
  const settings = { endpoint, credentials: CREDENTIALS, maxAttempts: 2 };
  const made: { destroy(): void }[] = [];
  const perRegion = <T extends { destroy(): void }>(build: (region: string) => T) => {
    const clients = new Map<string, T>();
    return (region: string): T => {
      let client = clients.get(region);
      if (!client) {
        client = build(region);
        clients.set(region, client);
        made.push(client);
      }
      return client;
    };
  };
  const dynamo = new DynamoDBClient({ ...settings, region: tableRegion });
  return {
    ec2: perRegion((region) => new EC2Client({ ...settings, region })),
    rds: perRegion((region) => new RDSClient({ ...settings, region })),
    autoScaling: perRegion((region) => new AutoScalingClient({ ...settings, region })),
    dynamo,
    destroy() {
      for (const client of made) client.destroy();
      dynamo.destroy();
    },
  };
}
