import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';

/**
 * SDK clients for the sandbox's moto: endpoint and throwaway credentials in the client
 * configuration itself, so no profile or variable of the person's shell can send a call of
 * the sandbox to a real AWS account.
 */
const CREDENTIALS = { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' };

export interface MotoClients {
  ec2(region: string): EC2Client;
  readonly dynamo: DynamoDBClient;
  destroy(): void;
}

export function motoClients(endpoint: string, tableRegion: string): MotoClients {
  const settings = { endpoint, credentials: CREDENTIALS, maxAttempts: 2 };
  const ec2 = new Map<string, EC2Client>();
  const dynamo = new DynamoDBClient({ ...settings, region: tableRegion });
  return {
    ec2(region) {
      let client = ec2.get(region);
      if (!client) {
        client = new EC2Client({ ...settings, region });
        ec2.set(region, client);
      }
      return client;
    },
    dynamo,
    destroy() {
      for (const client of ec2.values()) client.destroy();
      dynamo.destroy();
    },
  };
}
