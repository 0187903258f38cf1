import { HUB_ACCOUNT, parsePlace } from '../core/account.js';
import type { FleetIndex, IndexEntry, IndexRegion } from '../core/fleet-index.js';
import type { FleetIndexStore } from '../core/ports.js';
import type { DocumentTable } from './document-table.js';
import { decodeEntry, encodeEntry } from './fleet-index-codec.js';
import { ENTRIES_PER_SHARD, readShardGroups, shardWrites } from './sharded-list.js';
import { FLEET_PK } from './table-keys.js';

export { ENTRIES_PER_SHARD };

/**
 * The fleet index in the stopinator table: pk "fleet", one shard group per region (sk
 * "<region>#<shard>", gzipped entries, the run instant as the generation), each region written
 * in one transaction (see sharded-list.ts).
 *
 * Between edges a run usually finds a region as the last one left it. Then only a small "seen"
 * item is written (sk "<region>#seen": this generation's shards were still what a run at
 * `listedAt` found), not the shards again: one write unit instead of two per KB of shards
 * (a transaction), which is what kept the fleet partition within DynamoDB's 1,000 write units
 * a second per partition at 500 accounts (BENCHMARKS.md, "Many accounts on paper").
 */
export class DynamoFleetIndex implements FleetIndexStore {
  /**
   * Per region, the shards this store last read or wrote: their generation and entries. A
   * "seen" item vouches for exactly these, so it is written only when a run's entries equal
   * them (not merely the `previous` index a run passes: a run may write a region twice, its
   * actions first assumed to work, then some undone).
   */
  readonly #stored = new Map<string, { generation: number; entries: readonly IndexEntry[] }>();

  constructor(private readonly table: DocumentTable) {}

  async readIndex(places?: readonly string[]): Promise<FleetIndex | undefined> {
    const items = places
      ? (
          await Promise.all(
            placePrefixes(places).map((skPrefix) => this.table.query({ pk: FLEET_PK, skPrefix })),
          )
        ).flat()
      : await this.table.query({ pk: FLEET_PK });
    const wanted = places ? new Set(places) : undefined;
    const groups = readShardGroups(items).filter((g) => !wanted || wanted.has(g.group));
    if (groups.length === 0) return undefined;
    const seen = new Map(
      items.flatMap((item) =>
        typeof item.seenGroup === 'string' ? [[item.seenGroup, item] as const] : [],
      ),
    );
    const written: number[] = [];
    const regions: IndexRegion[] = groups.map((g) => {
      const entries = g.entries.map(decodeEntry);
      this.#stored.set(g.group, { generation: g.generation, entries });
      const vouched = seen.get(g.group);
      const still = vouched && Number(vouched.generation) === g.generation ? vouched : undefined;
      written.push(Math.max(Number(g.first.writtenAt) || 0, Number(still?.writtenAt) || 0));
      return {
        region: g.group,
        listedAt: Math.max(g.generation, Number(still?.listedAt) || 0),
        entries,
      };
    });
    return {
      runAt: Math.max(...regions.map((r) => r.listedAt)),
      writtenAt: Math.max(...written),
      regions,
    };
  }

  /**
   * Writes the regions this run listed (`listedAt === runAt`); the others stay as they are. A
   * region whose entries are those this store last read or wrote gets only its "seen" item.
   */
  async writeIndex(index: FleetIndex, previous?: FleetIndex): Promise<void> {
    const fresh = index.regions.filter((r) => r.listedAt === index.runAt);
    await Promise.all(
      fresh.map(async (region) => {
        const before = previous?.regions.find((r) => r.region === region.region);
        const entries = region.entries.map(encodeEntry);
        const stored = this.#stored.get(region.region);
        if (stored && JSON.stringify(entries) === JSON.stringify(stored.entries.map(encodeEntry))) {
          await this.table.put({
            pk: FLEET_PK,
            sk: seenKey(region.region),
            seenGroup: region.region,
            generation: stored.generation,
            listedAt: index.runAt,
            writtenAt: index.writtenAt,
          });
          return;
        }
        const shardsOf = (n: number | undefined) => Math.ceil((n ?? 0) / ENTRIES_PER_SHARD);
        await this.table.transact(
          shardWrites({
            pk: FLEET_PK,
            group: region.region,
            generation: index.runAt,
            entries,
            previousShards: Math.max(
              shardsOf(before?.entries.length),
              shardsOf(stored?.entries.length),
            ),
            extra: { region: region.region, runAt: index.runAt, writtenAt: index.writtenAt },
          }),
        );
        this.#stored.set(region.region, { generation: index.runAt, entries: region.entries });
      }),
    );
  }
}

/** After the shards' "<group>#000"... in sort order, and under the same prefixes. */
function seenKey(group: string): string {
  return `${group}#seen`;
}

/**
 * The sort-key prefixes that hold these places' shards: one per member account
 * ("111111111111/"), one per region of the hub's own ("eu-west-1#").
 */
function placePrefixes(places: readonly string[]): string[] {
  const prefixes = new Set<string>();
  for (const place of places) {
    const { account, region } = parsePlace(place);
    prefixes.add(account === HUB_ACCOUNT ? `${region}#` : `${account}/`);
  }
  return [...prefixes];
}
