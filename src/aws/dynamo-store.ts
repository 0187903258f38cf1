import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AuditLog, FleetIndexStore, RunCursor, SnoozeStore } from '../core/ports.js';
import { DynamoAuditLog } from './audit-log.js';
import { DynamoFleetIndex } from './fleet-index-table.js';
import { DynamoRunCursor } from './run-cursor.js';
import { DynamoSnoozeStore } from './snooze-table.js';

export interface StopinatorTable {
  readonly snoozes: SnoozeStore;
  readonly cursor: RunCursor;
  readonly audit: AuditLog;
  readonly fleetIndex: FleetIndexStore;
}

/** Everything the stopinator keeps, on its one table (see table-definition.ts). */
export function stopinatorTable(client: DynamoDBClient, tableName: string): StopinatorTable {
  const options = { client, tableName };
  return {
    snoozes: new DynamoSnoozeStore(options),
    cursor: new DynamoRunCursor(options),
    audit: new DynamoAuditLog(options),
    fleetIndex: new DynamoFleetIndex(options),
  };
}
