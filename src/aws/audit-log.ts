import type { AuditAction, AuditCover, AuditEntry, AuditLog } from '../core/ports.js';
import type { DocumentTable } from './document-table.js';
import { TTL_ATTRIBUTE } from './table-definition.js';
import { AUDIT_KEEP_MS, AUDIT_PK, definedFields, ttlSeconds } from './table-keys.js';

const ACTIONS: ReadonlySet<string> = new Set<AuditAction>(['snooze', 'unsnooze', 'wake']);

/** Who snoozed, unsnoozed or woke what: pk "audit", sk "<ISO at>#<id>", kept 90 days. */
export class DynamoAuditLog implements AuditLog {
  constructor(private readonly table: DocumentTable) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.table.put(auditItem(entry));
  }

  /** The newest `limit` entries, newest first: the sort key orders them by time. */
  async recent(limit: number): Promise<AuditEntry[]> {
    if (limit < 1) return [];
    const items = await this.table.query({ pk: AUDIT_PK, descending: true, limit });
    return items.map(auditEntryFromItem);
  }
}

/** The stored form of an audit entry (also written by the snooze store's transaction). */
export function auditItem(entry: AuditEntry): Record<string, unknown> {
  return definedFields({
    ...entry,
    pk: AUDIT_PK,
    sk: `${new Date(entry.at).toISOString()}#${entry.id}`,
    [TTL_ATTRIBUTE]: ttlSeconds(entry.at + AUDIT_KEEP_MS),
  });
}

export function auditEntryFromItem(item: Record<string, unknown>): AuditEntry {
  const { id, action, by, byName, at, target, until, detail, covers, accounts } = item;
  if (
    typeof id !== 'string' ||
    typeof action !== 'string' ||
    !ACTIONS.has(action) ||
    typeof by !== 'string' ||
    typeof at !== 'number' ||
    typeof target !== 'string'
  ) {
    throw new Error(`malformed audit item ${String(item.sk)} in the stopinator table`);
  }
  return {
    id,
    action: action as AuditAction,
    by,
    ...(typeof byName === 'string' ? { byName } : {}),
    at,
    target,
    ...(typeof until === 'number' ? { until } : {}),
    ...(Array.isArray(covers) ? { covers: covers as AuditCover[] } : {}),
    ...(typeof detail === 'string' ? { detail } : {}),
    ...(Array.isArray(accounts) && accounts.every((a) => typeof a === 'string')
      ? { accounts: accounts as string[] }
      : {}),
  };
}
