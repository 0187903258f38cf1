import { gunzipSync, gzipSync } from 'node:zlib';
import { HUB_ACCOUNT } from '../core/account.js';
import type { JournalRecord, PendingAction } from '../core/journal.js';
import type { ActionJournal } from '../core/ports.js';
import type { DocumentTable, Item, TableWrite } from './document-table.js';
import { ENTRIES_PER_SHARD, readShardGroups, shardWrites } from './sharded-list.js';
import { TTL_ATTRIBUTE } from './table-definition.js';
import { JOURNAL_KEEP_MS, JOURNAL_PK, PENDING_PK, ttlSeconds } from './table-keys.js';

const PENDING_GROUP = 'actions';

/**
 * The action journal in the stopinator table:
 * - the pending set (pk "pending"): every stop and start decided and not yet seen to succeed,
 *   one gzipped list in a few shards (sharded-list.ts), replaced as a whole in one transaction;
 * - the record (pk "journal", sk "log#<ISO time>#<run>#<shard>"): what became of each stop
 *   and start, one gzipped list per run that acted, kept 13 months: the stop and start times
 *   savings are computed from.
 * A run's writes are a handful of items whatever the fleet's size.
 */
export class DynamoActionJournal implements ActionJournal {
  #shards = 0;
  readonly #group: string;
  readonly #account: string;

  /** `account`: whose pending set and records (the hub's own: the keys of before accounts). */
  constructor(
    private readonly table: DocumentTable,
    account: string = HUB_ACCOUNT,
  ) {
    this.#account = account;
    this.#group = account === HUB_ACCOUNT ? PENDING_GROUP : `${PENDING_GROUP}@${account}`;
  }

  async pending(): Promise<PendingAction[]> {
    const items = await this.table.query({
      pk: PENDING_PK,
      skPrefix: `${this.#group}#`,
      consistent: true,
    });
    const group = readShardGroups(items).find((g) => g.group === this.#group);
    this.#shards = group?.shards ?? 0;
    return (group?.entries ?? []).map(pendingFromJson);
  }

  async setPending(actions: readonly PendingAction[], generation: number): Promise<void> {
    await this.table.transact(this.#pendingWrites(actions, generation));
  }

  async settle(
    actions: readonly PendingAction[],
    records: readonly JournalRecord[],
    generation: number,
  ): Promise<void> {
    const logs = recordWrites(records, generation, this.#account);
    await this.table.transact([...this.#pendingWrites(actions, generation), ...logs]);
  }

  #pendingWrites(actions: readonly PendingAction[], generation: number): TableWrite[] {
    const writes = shardWrites({
      pk: PENDING_PK,
      group: this.#group,
      generation,
      entries: actions,
      previousShards: this.#shards,
    });
    this.#shards = Math.max(1, Math.ceil(actions.length / ENTRIES_PER_SHARD));
    return writes;
  }

  /** The records of a period, oldest first (for savings and `why`). */
  async records(from: number, to: number): Promise<JournalRecord[]> {
    const items = await this.table.query({ pk: JOURNAL_PK, skPrefix: 'log#' });
    return readRecordItems(items)
      .filter((r) => r.at >= from && r.at < to)
      .sort((a, b) => a.at - b.at);
  }
}

function recordWrites(
  records: readonly JournalRecord[],
  generation: number,
  account: string,
): TableWrite[] {
  if (records.length === 0) return [];
  // Runs of several accounts at the same instant write records of their own.
  const at = `${new Date(generation).toISOString()}${account === HUB_ACCOUNT ? '' : `@${account}`}`;
  const writes: TableWrite[] = [];
  for (let i = 0; i < records.length; i += ENTRIES_PER_SHARD) {
    const item: Item = {
      pk: JOURNAL_PK,
      sk: `log#${at}#${String(i / ENTRIES_PER_SHARD).padStart(3, '0')}`,
      count: Math.min(ENTRIES_PER_SHARD, records.length - i),
      data: gzipSync(JSON.stringify(records.slice(i, i + ENTRIES_PER_SHARD))),
      [TTL_ATTRIBUTE]: ttlSeconds(generation + JOURNAL_KEEP_MS),
    };
    writes.push({ put: item });
  }
  return writes;
}

function readRecordItems(items: readonly Item[]): JournalRecord[] {
  return items.flatMap((item) => {
    if (!(item.data instanceof Uint8Array)) return [];
    return JSON.parse(gunzipSync(item.data).toString('utf8')) as JournalRecord[];
  });
}

function pendingFromJson(raw: unknown): PendingAction {
  const item = raw as Record<string, unknown>;
  const { key, region, instanceId, name, action, edge, code, reason, mark, decidedAt, attempts } =
    item;
  if (
    typeof key !== 'string' ||
    typeof region !== 'string' ||
    typeof instanceId !== 'string' ||
    typeof name !== 'string' ||
    (action !== 'stop' && action !== 'start' && action !== 'verify-start') ||
    typeof edge !== 'number' ||
    typeof code !== 'string' ||
    typeof reason !== 'string' ||
    typeof mark !== 'boolean' ||
    typeof decidedAt !== 'number' ||
    typeof attempts !== 'number'
  ) {
    throw new Error('malformed pending action in the stopinator table');
  }
  return {
    key,
    region,
    instanceId,
    name,
    ...(typeof item.schedule === 'string' ? { schedule: item.schedule } : {}),
    action,
    edge,
    code: code as PendingAction['code'],
    reason,
    mark,
    ...(item.ends === 'snooze' || item.ends === 'wake' ? { ends: item.ends } : {}),
    decidedAt,
    journaledAt: typeof item.journaledAt === 'number' ? item.journaledAt : decidedAt,
    attempts,
    ...(typeof item.lastAttemptAt === 'number' ? { lastAttemptAt: item.lastAttemptAt } : {}),
    ...(typeof item.lastError === 'string' ? { lastError: item.lastError } : {}),
  };
}
