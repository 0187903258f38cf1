import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { sdkTable } from './sdk-table.js';
import { type StopinatorTable, stopinatorTableOn } from './table-adapters.js';

export { type StopinatorTable, stopinatorTableOn } from './table-adapters.js';

/** Everything the stopinator keeps, on its one table (see table-definition.ts), through the SDK. */
export function stopinatorTable(client: DynamoDBClient, tableName: string): StopinatorTable {
  return stopinatorTableOn(sdkTable(client, tableName));
}
