import { gunzipSync, gzipSync } from 'node:zlib';
import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { FleetIndex, IndexEntry, IndexRegion } from '../core/fleet-index.js';
import type { FleetIndexStore } from '../core/ports.js';
import { decodeEntry, encodeEntry } from './fleet-index-codec.js';
import { documentClient, FLEET_PK, queryPartition, type TableOptions } from './table-keys.js';

/**
 * Entries per item. An entry is a few hundred bytes of JSON before gzip (Name, state, next
 * edges, five reasons); 1,000 gzip to a few tens of KB, far under DynamoDB's 400 KB per item,
 * and 10,000 instances in one region are 10 items, written in one transaction (at most 100).
 */
export const ENTRIES_PER_SHARD = 1000;
const MAX_SHARDS = 100;

/**
 * The fleet index in the stopinator table: pk "fleet", sk "<region>#<shard>", each item a
 * gzipped JSON array of entries with the run instant. A region is written in one transaction,
 * so a reader sees all of one run's shards or none; shards an older, larger fleet left behind
 * carry an older run instant and are ignored, then deleted.
 */
export class DynamoFleetIndex implements FleetIndexStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #tableName: string;

  constructor(options: TableOptions) {
    this.#doc = documentClient(options.client);
    this.#tableName = options.tableName;
  }

  async readIndex(): Promise<FleetIndex | undefined> {
    const items = await queryPartition(this.#doc, {
      TableName: this.#tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': FLEET_PK },
    });
    return indexFromItems(items);
  }

  /** Writes the regions this run listed (`listedAt === runAt`); the others stay as they are. */
  async writeIndex(index: FleetIndex, previous?: FleetIndex): Promise<void> {
    const fresh = index.regions.filter((r) => r.listedAt === index.runAt);
    await Promise.all(
      fresh.map((region) =>
        this.#doc.send(
          new TransactWriteCommand(this.#regionWrite(index, region, shardCount(previous, region))),
        ),
      ),
    );
  }

  #regionWrite(index: FleetIndex, region: IndexRegion, before: number): TransactWriteCommandInput {
    const shards: IndexEntry[][] = [];
    for (let i = 0; i < region.entries.length; i += ENTRIES_PER_SHARD) {
      shards.push(region.entries.slice(i, i + ENTRIES_PER_SHARD) as IndexEntry[]);
    }
    if (shards.length === 0) shards.push([]);
    if (shards.length > MAX_SHARDS) {
      throw new RangeError(
        `${region.region}: ${region.entries.length} resources exceed the fleet index's ${MAX_SHARDS * ENTRIES_PER_SHARD}`,
      );
    }
    const puts = shards.map((entries, shard) => ({
      Put: {
        TableName: this.#tableName,
        Item: {
          pk: FLEET_PK,
          sk: shardKey(region.region, shard),
          region: region.region,
          shard,
          shards: shards.length,
          runAt: index.runAt,
          writtenAt: index.writtenAt,
          count: entries.length,
          entries: gzipSync(JSON.stringify(entries.map(encodeEntry))),
        },
      },
    }));
    const deletes = [];
    for (let shard = shards.length; shard < Math.min(before, MAX_SHARDS); shard++) {
      deletes.push({
        Delete: {
          TableName: this.#tableName,
          Key: { pk: FLEET_PK, sk: shardKey(region.region, shard) },
        },
      });
    }
    return { TransactItems: [...puts, ...deletes].slice(0, MAX_SHARDS) };
  }
}

/** The index back from its items: per region, the newest run's shards, when all are there. */
export function indexFromItems(items: readonly Record<string, unknown>[]): FleetIndex | undefined {
  const byRegion = new Map<string, Record<string, unknown>[]>();
  for (const item of items) {
    const region = item.region;
    if (typeof region !== 'string') continue;
    byRegion.set(region, [...(byRegion.get(region) ?? []), item]);
  }
  const regions: IndexRegion[] = [];
  let runAt = 0;
  let writtenAt = 0;
  for (const [region, shards] of byRegion) {
    const newest = Math.max(...shards.map((s) => (typeof s.runAt === 'number' ? s.runAt : 0)));
    const current = shards.filter((s) => s.runAt === newest);
    const expected = current[0]?.shards;
    if (typeof expected !== 'number' || current.length !== expected) continue;
    const entries = current
      .sort((a, b) => Number(a.shard) - Number(b.shard))
      .flatMap((s) => decodeShard(s.entries));
    regions.push({ region, listedAt: newest, entries });
    runAt = Math.max(runAt, newest);
    const written = current[0]?.writtenAt;
    writtenAt = Math.max(writtenAt, typeof written === 'number' ? written : 0);
  }
  if (regions.length === 0) return undefined;
  return { runAt, writtenAt, regions };
}

function decodeShard(data: unknown): IndexEntry[] {
  if (!(data instanceof Uint8Array)) throw new Error('malformed fleet index item in the table');
  const parsed = JSON.parse(gunzipSync(data).toString('utf8')) as unknown;
  if (!Array.isArray(parsed)) throw new Error('malformed fleet index item in the table');
  return parsed.map(decodeEntry);
}

function shardCount(index: FleetIndex | undefined, region: IndexRegion): number {
  const before = index?.regions.find((r) => r.region === region.region);
  return before ? Math.ceil(before.entries.length / ENTRIES_PER_SHARD) : 0;
}

function shardKey(region: string, shard: number): string {
  return `${region}#${String(shard).padStart(3, '0')}`;
}
