import type { OutageLog } from '../core/ports.js';
import { type DocumentTable, isConditionFailure } from './document-table.js';
import { TTL_ATTRIBUTE } from './table-definition.js';
import { ALERT_PK, ttlSeconds } from './table-keys.js';

/** Outages already reported, pk "alert", sk the outage's key ("region#us-east-1"). */
export class DynamoOutageLog implements OutageLog {
  constructor(private readonly table: DocumentTable) {}

  async list(): Promise<Set<string>> {
    const items = await this.table.query({ pk: ALERT_PK });
    const now = Date.now();
    // TTL deletes lapsed entries late, if at all: lapsed ones are left out here.
    const live = items.filter((item) => typeof item.until !== 'number' || item.until > now);
    return new Set(live.map((item) => String(item.sk)));
  }

  async open(key: string, at: number, detail: string, forMs?: number): Promise<boolean> {
    const until = forMs === undefined ? undefined : at + forMs;
    try {
      await this.table.put(
        {
          pk: ALERT_PK,
          sk: key,
          since: at,
          detail,
          ...(until === undefined ? {} : { until, [TTL_ATTRIBUTE]: ttlSeconds(until) }),
        },
        // An entry that lapsed may be opened again.
        {
          expression: 'attribute_not_exists(pk) OR #until < :at',
          names: { '#until': 'until' },
          values: { ':at': at },
        },
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async close(key: string): Promise<boolean> {
    return (await this.table.delete({ pk: ALERT_PK, sk: key })) !== undefined;
  }
}
