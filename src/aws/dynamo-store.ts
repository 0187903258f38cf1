import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type {
  ActionJournal,
  AuditLog,
  FleetIndexStore,
  OutageLog,
  RunCursor,
  SnoozeStore,
} from '../core/ports.js';
import { DynamoActionJournal } from './action-journal.js';
import { DynamoAuditLog } from './audit-log.js';
import { DynamoFleetIndex } from './fleet-index-table.js';
import { DynamoOutageLog } from './outage-log.js';
import { DynamoRunCursor } from './run-cursor.js';
import { DynamoSnoozeStore } from './snooze-table.js';

export interface StopinatorTable {
  readonly snoozes: SnoozeStore;
  readonly cursor: RunCursor;
  readonly audit: AuditLog;
  readonly fleetIndex: FleetIndexStore;
  readonly journal: ActionJournal;
  readonly outages: OutageLog;
}

/** Everything the stopinator keeps, on its one table (see table-definition.ts). */
export function stopinatorTable(client: DynamoDBClient, tableName: string): StopinatorTable {
  const options = { client, tableName };
  return {
    snoozes: new DynamoSnoozeStore(options),
    cursor: new DynamoRunCursor(options),
    audit: new DynamoAuditLog(options),
    fleetIndex: new DynamoFleetIndex(options),
    journal: new DynamoActionJournal(options),
    outages: new DynamoOutageLog(options),
  };
}
