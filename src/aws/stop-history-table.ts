import { gunzipSync, gzipSync } from 'node:zlib';
import type { StopHistoryStore } from '../core/ports.js';
import type { HistoryEvent } from '../core/stop-history.js';
import type { DocumentTable, Item } from './document-table.js';
import { ENTRIES_PER_SHARD } from './sharded-list.js';
import { TTL_ATTRIBUTE } from './table-definition.js';
import { JOURNAL_KEEP_MS, JOURNAL_PK, ttlSeconds } from './table-keys.js';

const PREFIX = 'history#';

/**
 * The stopped-hours record beside the action journal's (pk "journal", sk
 * "history#<ISO run instant>#<shard>"): one gzipped list per run that saw a resource stop or
 * start, kept 13 months. A period is read month by month (the sk's ISO month), a handful of
 * Queries whatever its length.
 */
export class DynamoStopHistory implements StopHistoryStore {
  constructor(private readonly table: DocumentTable) {}

  async record(events: readonly HistoryEvent[], runAt: number): Promise<void> {
    if (events.length === 0) return;
    const at = new Date(runAt).toISOString();
    const items: Item[] = [];
    for (let i = 0; i < events.length; i += ENTRIES_PER_SHARD) {
      items.push({
        pk: JOURNAL_PK,
        sk: `${PREFIX}${at}#${String(i / ENTRIES_PER_SHARD).padStart(3, '0')}`,
        count: Math.min(ENTRIES_PER_SHARD, events.length - i),
        data: gzipSync(JSON.stringify(events.slice(i, i + ENTRIES_PER_SHARD))),
        [TTL_ATTRIBUTE]: ttlSeconds(runAt + JOURNAL_KEEP_MS),
      });
    }
    if (items.length === 1) await this.table.put(items[0] as Item);
    else await this.table.transact(items.map((put) => ({ put })));
  }

  async read(from: number, to: number): Promise<HistoryEvent[]> {
    const first = new Date(from).toISOString();
    const last = new Date(to).toISOString();
    const pages = await Promise.all(
      months(from, to).map((month) =>
        this.table.query({ pk: JOURNAL_PK, skPrefix: `${PREFIX}${month}` }),
      ),
    );
    return pages
      .flat()
      .filter((item) => {
        const at = String(item.sk).slice(PREFIX.length, PREFIX.length + first.length);
        return at >= first && at <= last;
      })
      .sort((a, b) => (String(a.sk) < String(b.sk) ? -1 : String(a.sk) > String(b.sk) ? 1 : 0))
      .flatMap((item) =>
        item.data instanceof Uint8Array
          ? (JSON.parse(gunzipSync(item.data).toString('utf8')) as HistoryEvent[])
          : [],
      );
  }
}

/** "2026-11", "2026-12"...: the UTC months from one instant to another. */
function months(from: number, to: number): string[] {
  const out: string[] = [];
  const date = new Date(from);
  let year = date.getUTCFullYear();
  let month = date.getUTCMonth();
  const end = new Date(Math.max(from, to));
  while (
    year < end.getUTCFullYear() ||
    (year === end.getUTCFullYear() && month <= end.getUTCMonth())
  ) {
    out.push(`${year}-${String(month + 1).padStart(2, '0')}`);
    month += 1;
    if (month === 12) {
      month = 0;
      year += 1;
    }
  }
  return out;
}
