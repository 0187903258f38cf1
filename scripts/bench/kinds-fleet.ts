/**
 * A fleet of every kind in moto for the scheduler benchmark: EC2 instances, RDS databases,
 * Aurora clusters and Auto Scaling groups, seeded as people make them; the scheduler's
 * dependencies on the real adapters (resourceFleet) with every AWS command counted by region
 * and kind and timed; and the bare listing of every kind the run is compared with.
 */
import {
  AutoScalingClient,
  CreateAutoScalingGroupCommand,
  CreateLaunchConfigurationCommand,
  paginateDescribeAutoScalingGroups,
  UpdateAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  EC2Client,
  paginateDescribeInstances,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateDBClusterCommand,
  CreateDBInstanceCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  paginateDescribeDBClusters,
  paginateDescribeDBInstances,
  RDSClient,
  StartDBClusterCommand,
  StartDBInstanceCommand,
  StopDBClusterCommand,
  StopDBInstanceCommand,
} from '@aws-sdk/client-rds';
import { RETRY_SETTINGS } from '../../src/aws/clients.js';
import { createTable } from '../../src/aws/create-table.js';
import { stopinatorTable } from '../../src/aws/dynamo-store.js';
import { eachLimited } from '../../src/aws/kind-fleet.js';
import { type KindClients, resourceFleet } from '../../src/aws/kinds.js';
import { parseConfig } from '../../src/core/config.js';
import {
  ALL_KINDS,
  bareId,
  KINDS,
  kindOf,
  type ResourceKind,
} from '../../src/core/resource-kind.js';
import { LogNotifier } from '../../src/runtime/log-notifier.js';
import { jsonLogger } from '../../src/runtime/logger.js';
import type { SchedulerDeps } from '../../src/scheduler/run-scheduler.js';
import { timeCommands } from './timed-commands.js';

export const TAG_KEY = 'stopinator';
const TABLE = 'stopinator-bench-kinds';
const CREDENTIALS = { accessKeyId: 'bench', secretAccessKey: 'bench' };
const TAGS = [{ Key: TAG_KEY, Value: 'office-hours' }];

/** How many of each kind, per region. */
export type KindCounts = Readonly<Record<ResourceKind, number>>;

/** One AWS command as the run sent it (retries in its time, not counted apart). */
export interface KindCall {
  readonly operation: string;
  /** The region, or "DynamoDB". */
  readonly where: string;
  /** The kind's label ("RDS"), or "DynamoDB". */
  readonly kind: string;
  readonly ms: number;
}

export interface KindsBenchFleet {
  readonly deps: SchedulerDeps;
  /** Resources of every kind, all regions. */
  readonly size: number;
  readonly calls: KindCall[];
  /** Everything running again (by hand: marks stay, as they may) and the cursor at `windowStart`. */
  reset(windowStart: number): Promise<void>;
  /**
   * The stop calls alone, as the APIs take them, without marks or anything else of a run:
   * StopInstances for all instances of a region in one call; StopDBInstance, StopDBCluster and
   * UpdateAutoScalingGroup (0/0/0) one resource a call, 5 at a time per kind, kinds in parallel.
   */
  bareStops(): Promise<void>;
  /** Every kind's bare listing, every region, all in parallel: how many it found. */
  bareList(): Promise<number>;
}

interface Clients {
  readonly ec2: EC2Client;
  readonly rds: RDSClient;
  readonly autoScaling: AutoScalingClient;
}

export async function kindsBenchFleet(
  endpoint: string,
  perRegion: ReadonlyMap<string, KindCounts>,
): Promise<KindsBenchFleet> {
  const regions = [...perRegion.keys()];
  const config = parseConfig(
    {
      tagKey: TAG_KEY,
      defaultSchedule: 'office-hours',
      regions,
      schedules: { 'office-hours': { timezone: 'Europe/Paris', start: '08:00', stop: '20:00' } },
    },
    'scheduler kinds bench',
  );
  const setup = new Map(regions.map((region) => [region, clientsFor(endpoint, region)]));
  const setupDynamo = dynamoClient(endpoint);
  await createTable(setupDynamo, TABLE);
  const setupCursor = stopinatorTable(setupDynamo, TABLE).cursor;
  const ids = new Map<string, string[]>();
  for (const [region, counts] of perRegion) {
    ids.set(region, await seed(setup.get(region) as Clients, region, counts));
  }

  const calls: KindCall[] = [];
  const counted = new Map(
    regions.map((region) => {
      const c = clientsFor(endpoint, region);
      return [
        region,
        {
          ec2: watch(c.ec2, region, calls),
          rds: watch(c.rds, region, calls),
          autoScaling: watch(c.autoScaling, region, calls),
        },
      ] as const;
    }),
  );
  const pick =
    <K extends keyof Clients>(from: ReadonlyMap<string, Clients>, key: K) =>
    (region: string): Clients[K] => {
      const found = from.get(region);
      if (!found) throw new Error(`no clients for ${region}`);
      return found[key];
    };
  const kindClients = (from: ReadonlyMap<string, Clients>): KindClients => ({
    ec2: pick(from, 'ec2'),
    rds: pick(from, 'rds'),
    autoScaling: pick(from, 'autoScaling'),
  });
  const table = stopinatorTable(watch(dynamoClient(endpoint), 'DynamoDB', calls), TABLE);
  const quiet = jsonLogger({ service: 'bench', level: 'error' });
  const deps: SchedulerDeps = {
    config,
    fleet: resourceFleet({ kinds: ALL_KINDS, clients: kindClients(counted), tagKey: TAG_KEY }),
    snoozes: table.snoozes,
    cursor: table.cursor,
    fleetIndex: table.fleetIndex,
    journal: table.journal,
    outages: table.outages,
    notifier: new LogNotifier(quiet),
    log: quiet,
    clock: Date.now,
  };
  const bare = new Map(regions.map((region) => [region, clientsFor(endpoint, region)]));

  return {
    deps,
    size: [...perRegion.values()].reduce(
      (sum, counts) => sum + ALL_KINDS.reduce((n, kind) => n + counts[kind], 0),
      0,
    ),
    calls,
    async reset(windowStart) {
      await Promise.all(
        [...ids].map(([region, all]) => startAll(setup.get(region) as Clients, all)),
      );
      const cursor = await setupCursor.readCursor();
      if (!(await setupCursor.advanceCursor(cursor?.at, { at: windowStart, regions: {} })))
        throw new Error('could not rewind the scheduler cursor');
    },
    async bareStops() {
      await Promise.all([...ids].map(([region, all]) => stopAll(bare.get(region) as Clients, all)));
    },
    async bareList() {
      const found = await Promise.all([...bare.values()].flatMap(listEveryKind));
      return found.reduce((sum, n) => sum + n, 0);
    },
  };
}

function clientsFor(endpoint: string, region: string): Clients {
  const config = { ...RETRY_SETTINGS, endpoint, region, credentials: CREDENTIALS };
  return {
    ec2: new EC2Client(config),
    rds: new RDSClient(config),
    autoScaling: new AutoScalingClient(config),
  };
}

function dynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    ...RETRY_SETTINGS,
    endpoint,
    region: 'eu-west-1',
    credentials: CREDENTIALS,
  });
}

/** Which kind a command is for: RDS serves databases and clusters alike. */
function kindOfCall(client: object, operation: string, input: Record<string, unknown>): string {
  if (client instanceof EC2Client) return KINDS.ec2.label;
  if (client instanceof AutoScalingClient) return KINDS.asg.label;
  if (client instanceof RDSClient) {
    const cluster =
      operation.includes('DBCluster') || String(input.ResourceName ?? '').includes(':cluster:');
    return cluster ? KINDS.cluster.label : KINDS.rds.label;
  }
  return 'DynamoDB';
}

/** Records each command the client sends, with its wall time. */
function watch<C extends EC2Client | RDSClient | AutoScalingClient | DynamoDBClient>(
  client: C,
  where: string,
  calls: KindCall[],
): C {
  return timeCommands(client, ({ operation, input, ms }) =>
    calls.push({ operation, where, kind: kindOfCall(client, operation, input), ms }),
  );
}

/** Creates `counts` of each kind in `region`, a few calls at a time; returns the core's ids. */
async function seed(clients: Clients, region: string, counts: KindCounts): Promise<string[]> {
  const ids: string[] = [];
  const inBatches = async (count: number, make: (i: number) => Promise<string>) => {
    for (let start = 0; start < count; start += 8) {
      const batch = Array.from({ length: Math.min(8, count - start) }, (_, j) => make(start + j));
      ids.push(...(await Promise.all(batch)));
    }
  };
  await inBatches(counts.ec2, async () => {
    const { Instances } = await clients.ec2.send(
      new RunInstancesCommand({
        ImageId: 'ami-12c6146b',
        MinCount: 1,
        MaxCount: 1,
        TagSpecifications: [{ ResourceType: 'instance', Tags: TAGS }],
      }),
    );
    const id = Instances?.[0]?.InstanceId;
    if (!id) throw new Error('RunInstances returned no instance id');
    return id;
  });
  await inBatches(counts.rds, async (i) => {
    await clients.rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: `db-${i}`,
        Engine: 'postgres',
        DBInstanceClass: 'db.t3.micro',
        AllocatedStorage: 20,
        MasterUsername: 'bench',
        MasterUserPassword: 'bench-only-1',
        Tags: TAGS,
      }),
    );
    return `rds:db-${i}`;
  });
  await inBatches(counts.cluster, async (i) => {
    await clients.rds.send(
      new CreateDBClusterCommand({
        DBClusterIdentifier: `aurora-${i}`,
        Engine: 'aurora-postgresql',
        MasterUsername: 'bench',
        MasterUserPassword: 'bench-only-1',
        Tags: TAGS,
      }),
    );
    await clients.rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: `aurora-${i}-a`,
        DBClusterIdentifier: `aurora-${i}`,
        Engine: 'aurora-postgresql',
        DBInstanceClass: 'db.r6g.large',
      }),
    );
    return `cluster:aurora-${i}`;
  });
  await inBatches(counts.asg, async (i) => {
    await clients.autoScaling.send(
      new CreateLaunchConfigurationCommand({
        LaunchConfigurationName: `asg-${i}-lc`,
        ImageId: 'ami-12c6146b',
        InstanceType: 't3.micro',
      }),
    );
    await clients.autoScaling.send(
      new CreateAutoScalingGroupCommand({
        AutoScalingGroupName: `asg-${i}`,
        LaunchConfigurationName: `asg-${i}-lc`,
        ...GROUP_CAPACITY,
        AvailabilityZones: [`${region}a`],
        Tags: TAGS.map((t) => ({
          ...t,
          ResourceId: `asg-${i}`,
          ResourceType: 'auto-scaling-group',
          PropagateAtLaunch: false,
        })),
      }),
    );
    return `asg:asg-${i}`;
  });
  return ids;
}

/** The listings as the adapters make them, without the rest of a run: one per kind. */
function listEveryKind(clients: Clients): Promise<number>[] {
  const count = async <P>(pages: AsyncIterable<P>, items: (page: P) => number) => {
    let found = 0;
    for await (const page of pages) found += items(page);
    return found;
  };
  const tagged = (tags: readonly { Key?: string }[] | undefined) =>
    tags?.some((t) => t.Key === TAG_KEY) ? 1 : 0;
  return [
    count(
      paginateDescribeInstances(
        { client: clients.ec2, pageSize: 1000 },
        {
          Filters: [
            { Name: 'tag-key', Values: [TAG_KEY] },
            { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] },
          ],
        },
      ),
      (page) => (page.Reservations ?? []).reduce((n, r) => n + (r.Instances?.length ?? 0), 0),
    ),
    count(paginateDescribeDBInstances({ client: clients.rds, pageSize: 100 }, {}), (page) =>
      (page.DBInstances ?? []).reduce((n, db) => n + tagged(db.TagList), 0),
    ),
    count(paginateDescribeDBClusters({ client: clients.rds, pageSize: 100 }, {}), (page) =>
      (page.DBClusters ?? []).reduce((n, c) => n + tagged(c.TagList), 0),
    ),
    count(
      paginateDescribeAutoScalingGroups(
        { client: clients.autoScaling, pageSize: 100 },
        { Filters: [{ Name: 'tag-key', Values: [TAG_KEY] }] },
      ),
      (page) => page.AutoScalingGroups?.length ?? 0,
    ),
  ];
}

/** The group capacity the bench seeds and restores. */
const GROUP_CAPACITY = { MinSize: 1, DesiredCapacity: 1, MaxSize: 2 };
/** As the adapters do: RDS and Auto Scaling take one resource a call, a few at a time. */
const LANES = 5;

function byKind(ids: readonly string[]): Record<ResourceKind, string[]> {
  const out: Record<ResourceKind, string[]> = { ec2: [], rds: [], cluster: [], asg: [] };
  for (const id of ids) out[kindOf(id)].push(bareId(id));
  return out;
}

/** Everything running again, by direct calls (a stopped database or cluster started). */
async function startAll(clients: Clients, ids: readonly string[]): Promise<void> {
  const { ec2, rds, cluster, asg } = byKind(ids);
  const { DBInstances = [] } = await clients.rds.send(new DescribeDBInstancesCommand({}));
  const { DBClusters = [] } = await clients.rds.send(new DescribeDBClustersCommand({}));
  const stopped = new Set([
    ...DBInstances.filter((d) => d.DBInstanceStatus === 'stopped').map(
      (d) => d.DBInstanceIdentifier,
    ),
    ...DBClusters.filter((c) => c.Status === 'stopped').map((c) => c.DBClusterIdentifier),
  ]);
  await Promise.all([
    ec2.length > 0 ? clients.ec2.send(new StartInstancesCommand({ InstanceIds: ec2 })) : undefined,
    eachLimited(
      cluster.filter((id) => stopped.has(id)),
      LANES,
      (id) => clients.rds.send(new StartDBClusterCommand({ DBClusterIdentifier: id })),
    ),
    eachLimited(asg, LANES, (name) =>
      clients.autoScaling.send(
        new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: name, ...GROUP_CAPACITY }),
      ),
    ),
  ]);
  // Members started with their cluster; the databases on their own.
  await eachLimited(
    rds.filter((id) => stopped.has(id)),
    LANES,
    (id) => clients.rds.send(new StartDBInstanceCommand({ DBInstanceIdentifier: id })),
  );
}

async function stopAll(clients: Clients, ids: readonly string[]): Promise<void> {
  const { ec2, rds, cluster, asg } = byKind(ids);
  await Promise.all([
    ec2.length > 0 ? clients.ec2.send(new StopInstancesCommand({ InstanceIds: ec2 })) : undefined,
    eachLimited(rds, LANES, (id) =>
      clients.rds.send(new StopDBInstanceCommand({ DBInstanceIdentifier: id })),
    ),
    eachLimited(cluster, LANES, (id) =>
      clients.rds.send(new StopDBClusterCommand({ DBClusterIdentifier: id })),
    ),
    eachLimited(asg, LANES, (name) =>
      clients.autoScaling.send(
        new UpdateAutoScalingGroupCommand({
          AutoScalingGroupName: name,
          MinSize: 0,
          DesiredCapacity: 0,
          MaxSize: 0,
        }),
      ),
    ),
  ]);
}
