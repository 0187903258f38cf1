import { gunzipSync, gzipSync } from 'node:zlib';
import type { Item, TableWrite } from './document-table.js';

/**
 * Entries per item. An entry is a few hundred bytes of JSON before gzip; 1,000 gzip to a few
 * tens of KB, far under DynamoDB's 400 KB per item, and 10,000 entries are 10 items, written
 * in one transaction (at most 100).
 */
export const ENTRIES_PER_SHARD = 1000;
export const MAX_SHARDS = 100;

/**
 * A list kept in a few items: pk `pk`, sk "<group>#<shard>", each item a gzipped JSON array
 * and the generation it belongs to. A group is written in one transaction, so a reader sees
 * all of one generation's shards or none; shards a larger, older generation left behind carry
 * an older generation and are ignored, and deleted when known.
 */
export function shardWrites(input: {
  readonly pk: string;
  readonly group: string;
  readonly generation: number;
  readonly entries: readonly unknown[];
  /** How many shards the group had before (from the last read), to delete the extra ones. */
  readonly previousShards?: number;
  /** More attributes for every shard (readers of the group see them on the first). */
  readonly extra?: Item;
}): TableWrite[] {
  const shards: unknown[][] = [];
  for (let i = 0; i < input.entries.length; i += ENTRIES_PER_SHARD) {
    shards.push(input.entries.slice(i, i + ENTRIES_PER_SHARD));
  }
  if (shards.length === 0) shards.push([]);
  if (shards.length > MAX_SHARDS) {
    throw new RangeError(
      `${input.group}: ${input.entries.length} entries exceed ${MAX_SHARDS * ENTRIES_PER_SHARD}`,
    );
  }
  const puts: TableWrite[] = shards.map((entries, shard) => ({
    put: {
      ...input.extra,
      pk: input.pk,
      sk: shardKey(input.group, shard),
      group: input.group,
      shard,
      shards: shards.length,
      generation: input.generation,
      count: entries.length,
      data: gzipSync(JSON.stringify(entries)),
    },
  }));
  const deletes: TableWrite[] = [];
  for (
    let shard = shards.length;
    shard < Math.min(input.previousShards ?? 0, MAX_SHARDS);
    shard++
  ) {
    deletes.push({ delete: { pk: input.pk, sk: shardKey(input.group, shard) } });
  }
  return [...puts, ...deletes].slice(0, MAX_SHARDS);
}

export interface ShardGroup {
  readonly group: string;
  readonly generation: number;
  readonly shards: number;
  /** The first shard's item, for the attributes written with `extra`. */
  readonly first: Item;
  readonly entries: unknown[];
}

/** Per group, the newest generation whose shards are all there. */
export function readShardGroups(items: readonly Item[]): ShardGroup[] {
  const byGroup = new Map<string, Item[]>();
  for (const item of items) {
    if (typeof item.group !== 'string') continue;
    byGroup.set(item.group, [...(byGroup.get(item.group) ?? []), item]);
  }
  const groups: ShardGroup[] = [];
  for (const [group, shards] of byGroup) {
    const generations = [...new Set(shards.map((s) => Number(s.generation)))].sort((a, b) => b - a);
    for (const generation of generations) {
      const current = shards
        .filter((s) => Number(s.generation) === generation)
        .sort((a, b) => Number(a.shard) - Number(b.shard));
      const expected = Number(current[0]?.shards);
      if (current.length !== expected) continue;
      groups.push({
        group,
        generation,
        shards: expected,
        first: current[0] as Item,
        entries: current.flatMap((s) => decode(s.data)),
      });
      break;
    }
  }
  return groups;
}

function decode(data: unknown): unknown[] {
  if (!(data instanceof Uint8Array)) throw new Error('malformed sharded item in the table');
  const parsed = JSON.parse(gunzipSync(data).toString('utf8')) as unknown;
  if (!Array.isArray(parsed)) throw new Error('malformed sharded item in the table');
  return parsed;
}

function shardKey(group: string, shard: number): string {
  return `${group}#${String(shard).padStart(3, '0')}`;
}
