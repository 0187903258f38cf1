import { HUB_ACCOUNT, parsePlace } from '../core/account.js';
import type { FleetIndex, IndexRegion } from '../core/fleet-index.js';
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
  /** The shard generation each region was read at, by this store: what "seen" vouches for. */
  readonly #generations = new Map<string, number>();

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
      this.#generations.set(g.group, g.generation);
      const vouched = seen.get(g.group);
      const still = vouched && Number(vouched.generation) === g.generation ? vouched : undefined;
      written.push(Math.max(Number(g.first.writtenAt) || 0, Number(still?.writtenAt) || 0));
      return {
        region: g.group,
        listedAt: Math.max(g.generation, Number(still?.listedAt) || 0),
        entries: g.entries.map(decodeEntry),
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
   * region whose entries are those this store read (`previous`) gets only its "seen" item.
   */
  async writeIndex(index: FleetIndex, previous?: FleetIndex): Promise<void> {
    const fresh = index.regions.filter((r) => r.listedAt === index.runAt);
    await Promise.all(
      fresh.map(async (region) => {
        const before = previous?.regions.find((r) => r.region === region.region);
        const entries = region.entries.map(encodeEntry);
        const generation = this.#generations.get(region.region);
        if (
          before &&
          generation !== undefined &&
          JSON.stringify(entries) === JSON.stringify(before.entries.map(encodeEntry))
        ) {
          await this.table.put({
            pk: FLEET_PK,
            sk: seenKey(region.region),
            seenGroup: region.region,
            generation,
            listedAt: index.runAt,
            writtenAt: index.writtenAt,
          });
          return;
        }
        await this.table.transact(
          shardWrites({
            pk: FLEET_PK,
            group: region.region,
            generation: index.runAt,
            entries,
            previousShards: before ? Math.ceil(before.entries.length / ENTRIES_PER_SHARD) : 0,
            extra: { region: region.region, runAt: index.runAt, writtenAt: index.writtenAt },
          }),
        );
        this.#generations.set(region.region, index.runAt);
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
