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
 */
export class DynamoFleetIndex implements FleetIndexStore {
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
    const regions: IndexRegion[] = groups.map((g) => ({
      region: g.group,
      listedAt: g.generation,
      entries: g.entries.map(decodeEntry),
    }));
    const written = groups.map((g) => Number(g.first.writtenAt) || 0);
    return {
      runAt: Math.max(...regions.map((r) => r.listedAt)),
      writtenAt: Math.max(...written),
      regions,
    };
  }

  /** Writes the regions this run listed (`listedAt === runAt`); the others stay as they are. */
  async writeIndex(index: FleetIndex, previous?: FleetIndex): Promise<void> {
    const fresh = index.regions.filter((r) => r.listedAt === index.runAt);
    await Promise.all(
      fresh.map((region) => {
        const before = previous?.regions.find((r) => r.region === region.region);
        return this.table.transact(
          shardWrites({
            pk: FLEET_PK,
            group: region.region,
            generation: index.runAt,
            entries: region.entries.map(encodeEntry),
            previousShards: before ? Math.ceil(before.entries.length / ENTRIES_PER_SHARD) : 0,
            extra: { region: region.region, runAt: index.runAt, writtenAt: index.writtenAt },
          }),
        );
      }),
    );
  }
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
