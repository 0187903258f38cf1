/**
 * A fleet in moto for the scheduler benchmark: seeded instances, a table, the scheduler's
 * dependencies on real adapters with every AWS command counted and timed, and the bare
 * listing the run is compared with.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  EC2Client,
  paginateDescribeInstances,
  RunInstancesCommand,
  StartInstancesCommand,
} from '@aws-sdk/client-ec2';
import { RETRY_SETTINGS } from '../../src/aws/clients.js';
import { createTable } from '../../src/aws/create-table.js';
import { stopinatorTable } from '../../src/aws/dynamo-store.js';
import { Ec2Fleet } from '../../src/aws/ec2-fleet.js';
import { parseConfig, type StopinatorConfig } from '../../src/core/config.js';
import { LogNotifier } from '../../src/runtime/log-notifier.js';
import { jsonLogger } from '../../src/runtime/logger.js';
import type { SchedulerDeps } from '../../src/scheduler/run-scheduler.js';
import { timeCommands } from './timed-commands.js';

export const TAG_KEY = 'stopinator';
const TABLE = 'stopinator-bench';
const CREDENTIALS = { accessKeyId: 'bench', secretAccessKey: 'bench' };
const LISTED_STATES = ['pending', 'running', 'stopping', 'stopped'];

/** One AWS command as the run sent it: retries included in its time, not counted apart. */
export interface SentCall {
  /** "StopInstances" */
  readonly operation: string;
  /** The region, or "DynamoDB". */
  readonly where: string;
  readonly ms: number;
}

export interface BenchFleet {
  /** The scheduler's dependencies: real adapters on counted clients. */
  readonly deps: SchedulerDeps;
  /** Instances in the fleet, all regions. */
  readonly size: number;
  /** The commands the deps' clients sent since the last `calls.length = 0`. */
  readonly calls: SentCall[];
  /** Every instance running again and the cursor back at `windowStart`. */
  reset(windowStart: number): Promise<void>;
  /** The run's listing alone, on clients of its own: how many instances it found. */
  bareDescribe(): Promise<number>;
}

/** Seeds `perRegion` instances on the office-hours schedule, each by its own RunInstances. */
export async function benchFleet(
  endpoint: string,
  perRegion: ReadonlyMap<string, number>,
): Promise<BenchFleet> {
  const config = benchConfig([...perRegion.keys()]);
  const setupDynamo = dynamoClient(endpoint);
  await createTable(setupDynamo, TABLE);
  const setupCursor = stopinatorTable(setupDynamo, TABLE).cursor;
  const ids = new Map<string, string[]>();
  for (const [region, count] of perRegion) {
    ids.set(region, await seed(ec2Client(endpoint, region), count));
  }

  const calls: SentCall[] = [];
  const runEc2 = new Map(
    config.regions.map((region) => [region, watch(ec2Client(endpoint, region), region, calls)]),
  );
  const table = stopinatorTable(watch(dynamoClient(endpoint), 'DynamoDB', calls), TABLE);
  const bareEc2 = config.regions.map((region) => ec2Client(endpoint, region));
  const quiet = jsonLogger({ service: 'bench', level: 'error' });
  const deps: SchedulerDeps = {
    config,
    fleet: new Ec2Fleet({
      clientFor: (region) => runEc2.get(region) ?? ec2Client(endpoint, region),
      tagKey: TAG_KEY,
    }),
    snoozes: table.snoozes,
    cursor: table.cursor,
    fleetIndex: table.fleetIndex,
    journal: table.journal,
    outages: table.outages,
    notifier: new LogNotifier(quiet),
    log: quiet,
    clock: Date.now,
  };

  return {
    deps,
    size: [...perRegion.values()].reduce((sum, n) => sum + n, 0),
    calls,
    async reset(windowStart) {
      for (const [region, instanceIds] of ids) {
        await ec2Client(endpoint, region).send(
          new StartInstancesCommand({ InstanceIds: instanceIds }),
        );
      }
      const cursor = await setupCursor.readCursor();
      if (!(await setupCursor.advanceCursor(cursor?.at, { at: windowStart, regions: {} })))
        throw new Error('could not rewind the scheduler cursor');
    },
    async bareDescribe() {
      const found = await Promise.all(bareEc2.map(describeAll));
      return found.reduce((sum, n) => sum + n, 0);
    },
  };
}

function benchConfig(regions: string[]): StopinatorConfig {
  return parseConfig(
    {
      tagKey: TAG_KEY,
      defaultSchedule: 'office-hours',
      regions,
      schedules: {
        'office-hours': { timezone: 'Europe/Paris', start: '08:00', stop: '20:00' },
      },
    },
    'scheduler bench',
  );
}

/** Configured as the Lambda's clients (retry settings), pointed at moto. */
function ec2Client(endpoint: string, region: string): EC2Client {
  return new EC2Client({ ...RETRY_SETTINGS, endpoint, region, credentials: CREDENTIALS });
}

function dynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    ...RETRY_SETTINGS,
    endpoint,
    region: 'eu-west-1',
    credentials: CREDENTIALS,
  });
}

/** Records each command the client sends, with its wall time. */
function watch<C extends EC2Client | DynamoDBClient>(
  client: C,
  where: string,
  calls: SentCall[],
): C {
  return timeCommands(client, ({ operation, ms }) => calls.push({ operation, where, ms }));
}

/** One RunInstances call per instance, as most fleets are launched; a few at a time. */
async function seed(client: EC2Client, count: number): Promise<string[]> {
  const ids: string[] = [];
  const launchOne = async () => {
    const { Instances } = await client.send(
      new RunInstancesCommand({
        ImageId: 'ami-12c6146b',
        MinCount: 1,
        MaxCount: 1,
        TagSpecifications: [
          { ResourceType: 'instance', Tags: [{ Key: TAG_KEY, Value: 'office-hours' }] },
        ],
      }),
    );
    const id = Instances?.[0]?.InstanceId;
    if (!id) throw new Error('RunInstances returned no instance id');
    ids.push(id);
  };
  for (let start = 0; start < count; start += 8) {
    await Promise.all(Array.from({ length: Math.min(8, count - start) }, launchOne));
  }
  return ids;
}

/** The listing as Ec2Fleet does it: paginated, tag-filtered, 1000 a page. */
async function describeAll(client: EC2Client): Promise<number> {
  let found = 0;
  const filters = [
    { Name: 'tag-key', Values: [TAG_KEY] },
    { Name: 'instance-state-name', Values: LISTED_STATES },
  ];
  for await (const page of paginateDescribeInstances(
    { client, pageSize: 1000 },
    { Filters: filters },
  )) {
    for (const reservation of page.Reservations ?? []) found += reservation.Instances?.length ?? 0;
  }
  return found;
}
