import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { createTable } from '../../src/aws/create-table.js';
import { type StopinatorTable, stopinatorTable } from '../../src/aws/dynamo-store.js';
import { ENTRIES_PER_SHARD } from '../../src/aws/fleet-index-table.js';
import { sdkTable } from '../../src/aws/sdk-table.js';
import type { FleetIndex, IndexEntry } from '../../src/core/fleet-index.js';
import { recordCommands, testDynamoClient } from '../support/aws-clients.js';
import { useMoto } from '../support/moto.js';

const TABLE = 'stopinator-index-test';
const RUN = Date.parse('2026-11-24T19:00:00Z');
const moto = useMoto();
let client: DynamoDBClient;
let table: StopinatorTable;

beforeEach(async () => {
  await moto.reset();
  client = testDynamoClient(moto.endpoint());
  await createTable(client, TABLE);
  table = stopinatorTable(client, TABLE);
});

function entries(region: string, n: number): IndexEntry[] {
  return Array.from({ length: n }, (_, i) => ({
    instance: {
      id: `i-${i.toString(16).padStart(17, '0')}`,
      region,
      state: i % 3 === 0 ? ('stopped' as const) : ('running' as const),
      tags: { Name: `web-${i}`, stopinator: 'office-hours' },
      ...(i % 3 === 0 ? { stoppedByStopinatorAt: RUN } : {}),
    },
    nextStop: RUN + 86_400_000,
    recent: [
      {
        at: RUN,
        action: 'stop' as const,
        code: 'scheduled-stop' as const,
        reason: 'stopped: schedule office-hours, 20:00 Europe/Paris',
      },
    ],
  }));
}

function index(runAt: number, regions: Record<string, number>): FleetIndex {
  return {
    runAt,
    writtenAt: runAt + 1000,
    regions: Object.entries(regions).map(([region, n]) => ({
      region,
      listedAt: runAt,
      entries: entries(region, n),
    })),
  };
}

async function items(): Promise<Record<string, unknown>[]> {
  return sdkTable(client, TABLE).query({ pk: 'fleet' });
}

describe('the fleet index in DynamoDB (moto)', () => {
  it('is absent before the first run', async () => {
    expect(await table.fleetIndex.readIndex()).toBeUndefined();
  });

  it('gives back what was written, sharded, for thousands of instances', async () => {
    // Prepare
    const written = index(RUN, { 'eu-west-1': 2 * ENTRIES_PER_SHARD + 500, 'us-east-1': 0 });

    // Act
    await table.fleetIndex.writeIndex(written);
    const read = await table.fleetIndex.readIndex();

    // Assess
    expect((await items()).map((i) => i.sk)).toEqual([
      'eu-west-1#000',
      'eu-west-1#001',
      'eu-west-1#002',
      'us-east-1#000',
    ]);
    expect(read).toStrictEqual(written);
  });

  it('a smaller fleet replaces a larger one: old shards are deleted, never read', async () => {
    // Prepare
    const before = index(RUN, { 'eu-west-1': ENTRIES_PER_SHARD + 1 });
    await table.fleetIndex.writeIndex(before);

    // Act
    const after = index(RUN + 300_000, { 'eu-west-1': 3 });
    await table.fleetIndex.writeIndex(after, before);

    // Assess
    expect((await items()).map((i) => i.sk)).toEqual(['eu-west-1#000']);
    expect(await table.fleetIndex.readIndex()).toStrictEqual(after);
  });

  it('a run that finds a region unchanged writes only its "seen" item, and readers see the newer run', async () => {
    // Prepare
    const first = index(RUN, { 'eu-west-1': ENTRIES_PER_SHARD + 1, 'us-east-1': 2 });
    await table.fleetIndex.writeIndex(first);
    const previous = await table.fleetIndex.readIndex();
    const later = RUN + 300_000;
    const second: FleetIndex = {
      runAt: later,
      writtenAt: later + 50,
      regions: [
        {
          region: 'eu-west-1',
          listedAt: later,
          entries: entries('eu-west-1', ENTRIES_PER_SHARD + 1),
        },
        { region: 'us-east-1', listedAt: later, entries: entries('us-east-1', 3) },
      ],
    };
    const writes = recordCommands(client);

    // Act
    await table.fleetIndex.writeIndex(second, previous);
    const read = await table.fleetIndex.readIndex();

    // Assess: eu-west-1 unchanged (one small put), us-east-1 changed (its shards again)
    expect(writes.filter((w) => w !== 'QueryCommand').sort()).toEqual([
      'PutItemCommand',
      'TransactWriteItemsCommand',
    ]);
    expect((await items()).map((i) => i.sk)).toEqual([
      'eu-west-1#000',
      'eu-west-1#001',
      'eu-west-1#seen',
      'us-east-1#000',
    ]);
    expect(read).toStrictEqual(second);
  });

  it('a "seen" item stops counting once newer shards are written', async () => {
    // Prepare: a first run, then an unchanged one (seen), then a change
    const first = index(RUN, { 'eu-west-1': 2 });
    await table.fleetIndex.writeIndex(first);
    const unchanged = index(RUN + 300_000, { 'eu-west-1': 2 });
    await table.fleetIndex.writeIndex(unchanged, await table.fleetIndex.readIndex());
    const changed = index(RUN + 600_000, { 'eu-west-1': 3 });

    // Act
    await table.fleetIndex.writeIndex(changed, await table.fleetIndex.readIndex());
    const read = await table.fleetIndex.readIndex();
    // A store that read nothing does not know what the shards are: it writes them.
    const fresh = stopinatorTable(client, TABLE).fleetIndex;
    const again = index(RUN + 900_000, { 'eu-west-1': 3 });
    await fresh.writeIndex(again, read);

    // Assess
    expect(read).toStrictEqual(changed);
    expect(await table.fleetIndex.readIndex()).toStrictEqual(again);
    expect((await items()).find((i) => i.sk === 'eu-west-1#000')?.generation).toBe(RUN + 900_000);
  });

  it('a run that writes a region twice (actions assumed, then some undone) never vouches for its first write', async () => {
    // Prepare: the last run left the region running
    const running = index(RUN, { 'eu-west-1': 3 });
    await table.fleetIndex.writeIndex(running);
    const previous = await table.fleetIndex.readIndex();
    const later = RUN + 300_000;
    const assumed = index(later, { 'eu-west-1': 3 });
    const stopped: FleetIndex = {
      ...assumed,
      regions: assumed.regions.map((r) => ({
        ...r,
        entries: r.entries.map((e) => ({ ...e, instance: { ...e.instance, state: 'stopped' } })),
      })),
    };

    // Act: the stops assumed to work, then undone when they failed
    await table.fleetIndex.writeIndex(stopped, previous);
    const undone = index(later, { 'eu-west-1': 3 });
    await table.fleetIndex.writeIndex(undone, previous);

    // Assess
    const read = await stopinatorTable(client, TABLE).fleetIndex.readIndex();
    expect(read?.regions[0]?.entries.map((e) => e.instance.state)).toEqual(
      undone.regions[0]?.entries.map((e) => e.instance.state),
    );
    expect(read).toStrictEqual(undone);
  });

  it('a region the run could not list keeps its older part', async () => {
    // Prepare
    const first = index(RUN, { 'eu-west-1': 2, 'us-east-1': 2 });
    await table.fleetIndex.writeIndex(first);
    const later = RUN + 300_000;
    const second: FleetIndex = {
      runAt: later,
      writtenAt: later,
      regions: [
        { region: 'eu-west-1', listedAt: later, entries: entries('eu-west-1', 1) },
        first.regions[1] as FleetIndex['regions'][number],
      ],
    };

    // Act
    await table.fleetIndex.writeIndex(second, first);
    const read = await table.fleetIndex.readIndex();

    // Assess
    expect(read?.regions.map((r) => [r.region, r.listedAt, r.entries.length])).toEqual([
      ['eu-west-1', later, 1],
      ['us-east-1', RUN, 2],
    ]);
  });

  it('reads only the places asked for: one account’s, or the hub’s own regions, never the others’', async () => {
    // Prepare
    await table.fleetIndex.writeIndex(
      index(RUN, {
        'eu-west-1': 2,
        'eu-west-10': 1,
        '111111111111/eu-west-1': 3,
        '111111111111/us-east-1': 1,
        '222222222222/eu-west-1': 4,
      }),
    );
    const sent: string[] = [];
    client.middlewareStack.add(
      (next) => async (args) => {
        sent.push(
          JSON.stringify(
            (args.input as { ExpressionAttributeValues?: unknown }).ExpressionAttributeValues,
          ),
        );
        return next(args);
      },
      { step: 'initialize', name: 'recordQueries' },
    );

    // Act
    const dev = await table.fleetIndex.readIndex([
      '111111111111/eu-west-1',
      '111111111111/us-east-1',
    ]);
    const hub = await table.fleetIndex.readIndex(['eu-west-1']);

    // Assess
    expect(dev?.regions.map((r) => [r.region, r.entries.length])).toEqual([
      ['111111111111/eu-west-1', 3],
      ['111111111111/us-east-1', 1],
    ]);
    // "eu-west-1#" is the hub region's prefix: eu-west-10 is not read with it.
    expect(hub?.regions.map((r) => [r.region, r.entries.length])).toEqual([['eu-west-1', 2]]);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toContain('111111111111/');
  });
});
