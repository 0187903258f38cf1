import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';

/**
 * The SDK's standard retry mode backs off exponentially with jitter and treats EC2's
 * RequestLimitExceeded as throttling; a few more attempts than its default 3 ride out a
 * burst of stops across regions. Endpoints and credentials come from the SDK's own
 * settings, so AWS_ENDPOINT_URL_EC2 / AWS_ENDPOINT_URL_DYNAMODB point at an emulator.
 */
export const RETRY_SETTINGS = { maxAttempts: 6, retryMode: 'standard' } as const;

/** One EC2 client per region, made on first use. */
export function ec2ClientsByRegion(): (region: string) => EC2Client {
  const clients = new Map<string, EC2Client>();
  return (region) => {
    let client = clients.get(region);
    if (!client) {
      client = new EC2Client({ region, ...RETRY_SETTINGS });
      clients.set(region, client);
    }
    return client;
  };
}

/** The table's client, in the region the SDK finds (AWS_REGION on Lambda) unless given. */
export function dynamoClient(region?: string): DynamoDBClient {
  return new DynamoDBClient({ ...RETRY_SETTINGS, ...(region ? { region } : {}) });
}
