import { gunzipSync, gzipSync } from 'node:zlib';
import type { AuditEntry, SnoozeStore } from '../core/ports.js';
import { type Selector, selectorKey } from '../core/selector.js';
import type { Snooze, SnoozeEnd } from '../core/snooze.js';
import { auditItem } from './audit-log.js';
import { cancelledAt, type DocumentTable, isConditionFailure } from './document-table.js';
import { TTL_ATTRIBUTE } from './table-definition.js';
import {
  definedFields,
  REQUEST_KEEP_MS,
  REQUEST_PK,
  SNOOZE_KEEP_MS,
  SNOOZE_PK,
  ttlSeconds,
} from './table-keys.js';

/**
 * Ends larger than this are stored gzipped: a snooze of `all` on 10,000 instances lists
 * 10,000 resource keys, over DynamoDB's 400 KB item limit as plain JSON, a fraction of it gzipped.
 */
const PLAIN_ENDS_LIMIT = 100_000;
/** TransactWriteItems takes at most 100 items: the request marker, the audit entry, the snoozes. */
const MAX_CHANGES = 98;

/** Snoozes in the stopinator table: pk "snooze", sk the snooze id, a revision for updates. */
export class DynamoSnoozeStore implements SnoozeStore {
  constructor(private readonly table: DocumentTable) {}

  async activeSnoozes(after: number): Promise<Snooze[]> {
    // Consistent: a snooze made in Slack a second ago must hold for the run reading now.
    const items = await this.table.query({ pk: SNOOZE_PK, consistent: true });
    // TTL deletes expired items days late, if at all: expiry is decided here.
    return items.map(snoozeFromItem).filter((snooze) => snooze.expiresAt > after);
  }

  async putSnooze(snooze: Snooze, audit?: AuditEntry): Promise<{ created: boolean }> {
    const item = snoozeItem({ ...snooze, revision: 1 });
    const condition = { expression: 'attribute_not_exists(pk)' };
    try {
      if (audit) {
        // One round trip, and the audit record exists exactly when the snooze was created.
        await this.table.transact([{ put: item, condition }, { put: auditItem(audit) }]);
      } else {
        await this.table.put(item, condition);
      }
      return { created: true };
    } catch (error) {
      if (isConditionFailure(error) || cancelledAt(error).includes(0)) return { created: false };
      throw error;
    }
  }

  async replaceSnoozes(
    changed: readonly Snooze[],
    audit: AuditEntry,
  ): Promise<{ applied: boolean; reason?: 'replayed' | 'conflict' }> {
    if (changed.length > MAX_CHANGES) {
      throw new RangeError(`one change may replace at most ${MAX_CHANGES} snoozes`);
    }
    // The request's own marker (its id derives from Slack's request): a replay finds it.
    const marker = {
      put: {
        pk: REQUEST_PK,
        sk: audit.id,
        at: audit.at,
        [TTL_ATTRIBUTE]: ttlSeconds(audit.at + REQUEST_KEEP_MS),
      },
      condition: { expression: 'attribute_not_exists(pk)' },
    };
    const puts = changed.map((snooze) => ({
      put: snoozeItem({ ...snooze, revision: (snooze.revision ?? 1) + 1 }),
      condition: {
        expression: '#revision = :revision',
        names: { '#revision': 'revision' },
        values: { ':revision': snooze.revision ?? 1 },
      },
    }));
    try {
      await this.table.transact([marker, { put: auditItem(audit) }, ...puts]);
      return { applied: true };
    } catch (error) {
      const failed = cancelledAt(error);
      if (failed.includes(0)) return { applied: false, reason: 'replayed' };
      if (failed.length > 0) return { applied: false, reason: 'conflict' };
      throw error;
    }
  }
}

function snoozeItem(snooze: Snooze): Record<string, unknown> {
  if (!Number.isFinite(snooze.expiresAt)) {
    throw new RangeError(`snooze ${snooze.id} has no finite expiry (${snooze.expiresAt})`);
  }
  const { ends, ...rest } = snooze;
  const json = JSON.stringify(ends);
  return definedFields({
    ...rest,
    ...(json.length > PLAIN_ENDS_LIMIT
      ? { endsGz: gzipSync(json) }
      : { ends: ends.map((end) => ({ ...end, resources: [...end.resources] })) }),
    pk: SNOOZE_PK,
    sk: snooze.id,
    selectorKey: selectorKey(snooze.selector),
    [TTL_ATTRIBUTE]: ttlSeconds(snooze.expiresAt + SNOOZE_KEEP_MS),
  });
}

/** A stored item back into the Snooze it was written from, and nothing else. */
export function snoozeFromItem(item: Record<string, unknown>): Snooze {
  const { id, kind, selector, length, by, byName, createdAt, expiresAt, revision } = item;
  const ends = readEnds(item);
  if (
    typeof id !== 'string' ||
    (kind !== 'snooze' && kind !== 'wake') ||
    typeof selector !== 'object' ||
    selector === null ||
    typeof length !== 'object' ||
    length === null ||
    typeof by !== 'string' ||
    typeof createdAt !== 'number' ||
    typeof expiresAt !== 'number' ||
    ends === undefined
  ) {
    throw new Error(`malformed snooze item ${String(item.sk)} in the stopinator table`);
  }
  return {
    id,
    kind,
    selector: selector as Selector,
    length: length as Snooze['length'],
    by,
    ...(typeof byName === 'string' ? { byName } : {}),
    createdAt,
    expiresAt,
    ends,
    ...(typeof revision === 'number' ? { revision } : {}),
  };
}

function readEnds(item: Record<string, unknown>): SnoozeEnd[] | undefined {
  const raw =
    item.endsGz instanceof Uint8Array
      ? (JSON.parse(gunzipSync(item.endsGz).toString('utf8')) as unknown)
      : item.ends;
  if (!Array.isArray(raw)) return undefined;
  const ends = raw as SnoozeEnd[];
  const valid = ends.every(
    (e) =>
      typeof e === 'object' &&
      e !== null &&
      typeof e.schedule === 'string' &&
      typeof e.stop === 'number' &&
      typeof e.until === 'number' &&
      Array.isArray(e.resources) &&
      e.resources.every((r) => typeof r === 'string'),
  );
  return valid ? ends : undefined;
}
