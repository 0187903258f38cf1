import {
  CreateTableCommand,
  type DynamoDBClient,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { TABLE_DEFINITION } from './table-definition.js';

/** Creates the table as the deployment does, TTL included (local sandbox, tests). */
export async function createTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const { AttributeDefinitions, KeySchema, BillingMode, TimeToLiveSpecification } =
    TABLE_DEFINITION;
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      AttributeDefinitions: AttributeDefinitions.map((definition) => ({ ...definition })),
      KeySchema: KeySchema.map((key) => ({ ...key })),
      BillingMode,
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1 }, { TableName: tableName });
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { ...TimeToLiveSpecification },
    }),
  );
}
