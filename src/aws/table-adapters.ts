import type {
  ActionJournal,
  AuditLog,
  DigestLog,
  DiscoveredAccounts,
  FleetIndexStore,
  OutageLog,
  PriceCache,
  RunCursor,
  SnoozeStore,
  StopHistoryStore,
} from '../core/ports.js';
import { DynamoActionJournal } from './action-journal.js';
import { DynamoAuditLog } from './audit-log.js';
import { DynamoDigestLog } from './digest-log.js';
import { DynamoDiscoveredAccounts } from './discovered-accounts.js';
import type { DocumentTable } from './document-table.js';
import { DynamoFleetIndex } from './fleet-index-table.js';
import { DynamoOutageLog } from './outage-log.js';
import { DynamoPriceCache } from './price-cache.js';
import { DynamoRunCursor } from './run-cursor.js';
import { DynamoSnoozeStore } from './snooze-table.js';
import { DynamoStopHistory } from './stop-history-table.js';

export interface StopinatorTable {
  readonly snoozes: SnoozeStore;
  readonly cursor: RunCursor;
  readonly audit: AuditLog;
  readonly fleetIndex: FleetIndexStore;
  readonly journal: ActionJournal;
  readonly outages: OutageLog;
  /** Stopped hours, for savings. */
  readonly history: StopHistoryStore;
  readonly prices: PriceCache;
  readonly digests: DigestLog;
  readonly discovered: DiscoveredAccounts;
  /** A member account's cursor and pending actions ("default": the hub's, as above). */
  stateOf(account: string): { readonly cursor: RunCursor; readonly journal: ActionJournal };
}

/**
 * Everything the stopinator keeps, on any DocumentTable: the SDK's (dynamo-store.ts) or the
 * bot's light client (light-table.ts). No SDK import here, so the bot loads none.
 */
export function stopinatorTableOn(table: DocumentTable): StopinatorTable {
  return {
    snoozes: new DynamoSnoozeStore(table),
    cursor: new DynamoRunCursor(table),
    audit: new DynamoAuditLog(table),
    fleetIndex: new DynamoFleetIndex(table),
    journal: new DynamoActionJournal(table),
    outages: new DynamoOutageLog(table),
    history: new DynamoStopHistory(table),
    prices: new DynamoPriceCache(table),
    digests: new DynamoDigestLog(table),
    discovered: new DynamoDiscoveredAccounts(table),
    stateOf: (account) => ({
      cursor: new DynamoRunCursor(table, account),
      journal: new DynamoActionJournal(table, account),
    }),
  };
}
