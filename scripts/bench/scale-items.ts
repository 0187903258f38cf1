/**
 * The sizes of the DynamoDB items a run writes, measured on the real codecs (fleet-index-codec,
 * sharded-list, the journal's gzipped lists) over a made-up but realistic account-region: random
 * hex ids, names, the stopinator's tags, billing, five recent decisions with their reasons.
 * Deterministic: the same fleet gzips to the same bytes every time.
 */
import { gzipSync } from 'node:zlib';
import { encodeEntry } from '../../src/aws/fleet-index-codec.js';
import { ENTRIES_PER_SHARD, shardWrites } from '../../src/aws/sharded-list.js';
import type { IndexEntry } from '../../src/core/fleet-index.js';
import { RECENT_DECISIONS } from '../../src/core/fleet-index.js';
import type { FleetInstance } from '../../src/core/instance.js';
import type { JournalRecord, PendingAction } from '../../src/core/journal.js';
import { qualifiedId, type ResourceKind } from '../../src/core/resource-kind.js';
import type { HistoryEvent } from '../../src/core/stop-history.js';
import type { ResourceMix } from './scale-assumptions.js';

/** Bytes of the items one account-region (index) or one account's run (the rest) writes. */
export interface ItemSizes {
  /** The fleet index shards of one account-region, each item's bytes. */
  readonly indexShards: readonly number[];
  /** The pending set of one account-region's decisions (stops or starts of all of it). */
  readonly pendingShards: readonly number[];
  /** The journal records of one account-region's stops or starts. */
  readonly recordItems: readonly number[];
  /** The stopped-hours history of one account-region's stops or starts. */
  readonly historyItems: readonly number[];
  /** An empty pending set (what settling leaves when everything worked). */
  readonly emptyPending: number;
  /** The "seen" item of an account-region a run found unchanged (fleet-index-table.ts). */
  readonly indexSeen: number;
}

const EDGE = Date.parse('2026-11-24T19:00:00Z');
const REASON = 'stopped: schedule office-hours, 20:00 Europe/Paris';

export function itemSizes(mix: ResourceMix, region = 'eu-west-1'): ItemSizes {
  const resources = fleetOf(mix, region);
  const index = indexWrites(mix, region);
  const pending = shardWrites({
    pk: 'pending',
    group: 'actions@123456789012',
    generation: EDGE,
    entries: resources.map(pendingAction),
  });
  const empty = shardWrites({
    pk: 'pending',
    group: 'actions@123456789012',
    generation: EDGE,
    entries: [],
  });
  return {
    indexShards: index.map((w) => ('put' in w && w.put ? itemBytes(w.put) : 0)),
    pendingShards: pending.map((w) => ('put' in w && w.put ? itemBytes(w.put) : 0)),
    recordItems: gzippedItems('log#2026-11-24T19:00:00.000Z', resources.map(journalRecord)),
    historyItems: gzippedItems('history#2026-11-24T19:00:00.000Z', resources.map(historyEvent)),
    emptyPending: empty[0] && 'put' in empty[0] && empty[0].put ? itemBytes(empty[0].put) : 0,
    indexSeen: itemBytes({
      pk: 'fleet',
      sk: `123456789012/${region}#seen`,
      seenGroup: `123456789012/${region}`,
      generation: EDGE,
      listedAt: EDGE + 300_000,
      writtenAt: EDGE + 301_000,
    }),
  };
}

/** The fleet index shards of one account-region, as the scheduler writes them. */
export function indexWrites(mix: ResourceMix, region = 'eu-west-1') {
  return shardWrites({
    pk: 'fleet',
    group: `123456789012/${region}`,
    generation: EDGE,
    entries: fleetOf(mix, region).map(indexEntry).map(encodeEntry),
    extra: { region, runAt: EDGE, writtenAt: EDGE },
  });
}

/** As the journal and the history write them: ENTRIES_PER_SHARD to a gzipped item. */
function gzippedItems(sk: string, list: readonly unknown[]): number[] {
  const items: number[] = [];
  for (let i = 0; i < list.length; i += ENTRIES_PER_SHARD) {
    items.push(
      itemBytes({
        pk: 'journal',
        sk: `${sk}@123456789012#000`,
        count: ENTRIES_PER_SHARD,
        data: gzipSync(JSON.stringify(list.slice(i, i + ENTRIES_PER_SHARD))),
        ttl: 1_800_000_000,
      }),
    );
  }
  return items;
}

/**
 * An item's size as DynamoDB counts it: each attribute's name and value (strings in UTF-8,
 * binary as is, numbers about one byte per two digits, maps and lists 3 bytes plus their parts).
 */
export function itemBytes(item: Readonly<Record<string, unknown>>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    bytes += Buffer.byteLength(name) + valueBytes(value);
  }
  return bytes;
}

function valueBytes(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') return Math.ceil(String(Math.abs(value)).length / 2) + 1;
  if (typeof value === 'boolean' || value === null) return 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (Array.isArray(value)) return 3 + value.reduce((n: number, v) => n + 1 + valueBytes(v), 0);
  if (typeof value === 'object') return 3 + itemBytes(value as Record<string, unknown>);
  return 0;
}

/** A small deterministic generator (LCG), for ids that look random and gzip like real ones. */
function hexStream(seed: number): (digits: number) => string {
  let state = seed >>> 0;
  return (digits) => {
    let out = '';
    while (out.length < digits) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      out += state.toString(16).padStart(8, '0');
    }
    return out.slice(0, digits);
  };
}

function fleetOf(mix: ResourceMix, region: string): FleetInstance[] {
  const hex = hexStream(12);
  const out: FleetInstance[] = [];
  const kinds: [ResourceKind, number][] = [
    ['ec2', mix.ec2],
    ['rds', mix.rds],
    ['cluster', mix.cluster],
    ['asg', mix.asg],
  ];
  const teams = ['payments', 'search', 'checkout', 'data', 'platform', 'mobile'];
  for (const [kind, count] of kinds) {
    for (let i = 0; i < count; i++) {
      const team = teams[i % teams.length] ?? 'platform';
      const name = `${team}-${kind === 'ec2' ? 'web' : kind}-${i + 1}`;
      const identifier = kind === 'ec2' ? `i-0${hex(16)}` : `${name}-${hex(6)}`;
      out.push({
        id: qualifiedId(kind, identifier),
        region,
        state: 'running',
        tags: { Name: name, stopinator: 'office-hours' },
        billing: {
          units: [
            kind === 'ec2' || kind === 'asg'
              ? {
                  service: 'ec2',
                  type: 'm6i.large',
                  count: kind === 'asg' ? 2 : 1,
                  platform: 'Linux/UNIX',
                }
              : {
                  service: 'rds',
                  type: 'db.r6g.large',
                  count: 1,
                  engine: 'postgres',
                  multiAz: false,
                },
          ],
          ...(kind === 'rds' || kind === 'cluster' ? { storageGb: 100 } : {}),
        },
      });
    }
  }
  return out;
}

function indexEntry(instance: FleetInstance): IndexEntry {
  const day = 86_400_000;
  return {
    instance,
    nextStop: EDGE + day,
    nextStart: EDGE + 13 * 3_600_000,
    recent: Array.from({ length: RECENT_DECISIONS }, (_, i) => ({
      at: EDGE - i * 12 * 3_600_000,
      action: i % 2 === 0 ? ('stop' as const) : ('start' as const),
      code: 'scheduled-stop' as const,
      reason: i % 2 === 0 ? REASON : 'started: schedule office-hours, 08:00 Europe/Paris',
    })),
  };
}

function pendingAction(instance: FleetInstance): PendingAction {
  return {
    key: `${instance.region}/${instance.id}`,
    region: instance.region,
    instanceId: instance.id,
    name: instance.tags.Name ?? instance.id,
    schedule: 'office-hours',
    action: 'stop',
    edge: EDGE,
    code: 'scheduled-stop',
    reason: REASON,
    mark: true,
    decidedAt: EDGE,
    journaledAt: EDGE + 412,
    attempts: 0,
  };
}

function journalRecord(instance: FleetInstance): JournalRecord {
  return {
    key: `${instance.region}/${instance.id}`,
    region: instance.region,
    instanceId: instance.id,
    name: instance.tags.Name ?? instance.id,
    schedule: 'office-hours',
    action: 'stop',
    edge: EDGE,
    at: EDGE + 1873,
    outcome: 'done',
    attempts: 0,
    reason: REASON,
  };
}

function historyEvent(instance: FleetInstance): HistoryEvent {
  return {
    key: `${instance.region}/${instance.id}`,
    account: '123456789012',
    region: instance.region,
    id: instance.id,
    name: instance.tags.Name ?? instance.id,
    schedule: 'office-hours',
    at: EDGE,
    event: 'stopped',
    by: 'schedule',
    ...(instance.billing ? { billing: instance.billing } : {}),
  };
}
