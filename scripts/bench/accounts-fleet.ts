/**
 * Many member accounts in moto for the multi-account benchmark (issue 12, part 8): each
 * account's instances seeded through an assumed role (moto: what those credentials make is
 * that account's alone), the multi-account run's dependencies on the real pieces (AccountRoles
 * over STS, PlacedFleet, each account's resourceFleet, its own cursor and journal) with every
 * AWS command counted by account, region and operation and timed; and the bare listing of one
 * account-region the run is compared with.
 */

import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  EC2Client,
  paginateDescribeInstances,
  RunInstancesCommand,
  StartInstancesCommand,
} from '@aws-sdk/client-ec2';
import { RDSClient } from '@aws-sdk/client-rds';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { PlacedFleet } from '../../src/aws/account-fleet.js';
import { AccountRoles } from '../../src/aws/account-roles.js';
import { RETRY_SETTINGS } from '../../src/aws/clients.js';
import { createTable } from '../../src/aws/create-table.js';
import { stopinatorTable } from '../../src/aws/dynamo-store.js';
import { DynamoFanOutRuns } from '../../src/aws/fan-out-runs.js';
import { eachLimited } from '../../src/aws/kind-fleet.js';
import { resourceFleet } from '../../src/aws/kinds.js';
import { type Account, configuredAccounts, placeOf } from '../../src/core/account.js';
import { parseConfig } from '../../src/core/config.js';
import type { FanOutRunLog } from '../../src/core/fan-out.js';
import { LogNotifier } from '../../src/runtime/log-notifier.js';
import { jsonLogger } from '../../src/runtime/logger.js';
import type { AccountsDeps } from '../../src/scheduler/run-accounts.js';
import { accountCredentials } from '../../test/support/accounts-on-moto.js';
import { timeCommands } from './timed-commands.js';

export const TAG_KEY = 'stopinator';
const TABLE = 'stopinator-bench-accounts';
const HUB_CREDENTIALS = { accessKeyId: 'bench', secretAccessKey: 'bench' };
const LISTED_STATES = ['pending', 'running', 'stopping', 'stopped'];
const STAGE = 'bench';

/** One AWS command as the run sent it (retries in its time, not counted apart). */
export interface AccountCall {
  readonly operation: string;
  /** The member account, or "hub" (DynamoDB, STS). */
  readonly account: string;
  /** The region, or "DynamoDB" / "STS". */
  readonly where: string;
  readonly ms: number;
}

export interface AccountsBenchFleet {
  readonly deps: AccountsDeps;
  /** The fanned-out runs' record, on the counted table client (the worker's). */
  readonly runs: FanOutRunLog;
  readonly accounts: readonly Account[];
  /** Instances in all accounts and regions. */
  readonly size: number;
  readonly calls: AccountCall[];
  /** AssumeRole calls AccountRoles made so far. */
  assumeRoles(): number;
  /** Every instance running again (by hand) and every account's cursor at `windowStart`. */
  reset(windowStart: number): Promise<void>;
  /** One account-region's bare listing, on clients of its own: how many instances it found. */
  bareList(account: string, region: string): Promise<number>;
}

export async function accountsBenchFleet(
  endpoint: string,
  options: { accounts: number; regions: readonly string[]; perRegion: number },
): Promise<AccountsBenchFleet> {
  const ids = Array.from(
    { length: options.accounts },
    (_, i) => `1000000${String(i + 1).padStart(5, '0')}`,
  );
  const [hubRegion = 'eu-west-1'] = options.regions;
  const config = parseConfig(
    {
      tagKey: TAG_KEY,
      defaultSchedule: 'office-hours',
      regions: [...options.regions],
      resources: ['ec2'],
      accounts: ids.map((id) => ({ id })),
      schedules: { 'office-hours': { timezone: 'Europe/Paris', start: '08:00', stop: '20:00' } },
    },
    'accounts bench',
  );
  const accounts = configuredAccounts(config, STAGE);

  // Seeding and resets: clients of each account-region on credentials assumed once.
  const own = new Map<string, EC2Client>();
  for (const id of ids) {
    const credentials = await accountCredentials(endpoint, id);
    for (const region of options.regions) {
      own.set(
        placeOf(id, region),
        new EC2Client({ ...RETRY_SETTINGS, endpoint, region, credentials }),
      );
    }
  }
  const instanceIds = new Map<string, string[]>();
  await eachLimited([...own], 6, async ([place, client]) => {
    instanceIds.set(place, await seed(client, options.perRegion));
  });
  const setupDynamo = dynamoClient(endpoint, hubRegion);
  await createTable(setupDynamo, TABLE);
  const setupTable = stopinatorTable(setupDynamo, TABLE);

  const calls: AccountCall[] = [];
  const sts = watch(
    new STSClient({ ...RETRY_SETTINGS, endpoint, region: hubRegion, credentials: HUB_CREDENTIALS }),
    'hub',
    'STS',
    calls,
  );
  const roles = new AccountRoles({
    assumeRole: (input) => sts.send(new AssumeRoleCommand(input)),
    externalId: async () => undefined,
    sessionName: `stopinator-scheduler-${STAGE}`,
    hubRegion,
  });
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const clientsOf = (account: Account) => {
    const credentials = roles.credentialsFor(account);
    const made = new Map<
      string,
      { ec2: EC2Client; rds: RDSClient; autoScaling: AutoScalingClient }
    >();
    const of = (region: string) => {
      let clients = made.get(region);
      if (!clients) {
        const settings = { ...RETRY_SETTINGS, endpoint, region, credentials };
        clients = {
          ec2: watch(new EC2Client(settings), account.id, region, calls),
          rds: watch(new RDSClient(settings), account.id, region, calls),
          autoScaling: watch(new AutoScalingClient(settings), account.id, region, calls),
        };
        made.set(region, clients);
      }
      return clients;
    };
    return {
      ec2: (region: string) => of(region).ec2,
      rds: (region: string) => of(region).rds,
      autoScaling: (region: string) => of(region).autoScaling,
    };
  };
  const countedDynamo = watch(dynamoClient(endpoint, hubRegion), 'hub', 'DynamoDB', calls);
  const table = stopinatorTable(countedDynamo, TABLE);
  const quiet = jsonLogger({ service: 'bench', level: 'error' });
  const deps: AccountsDeps = {
    config,
    fleet: new PlacedFleet((id) => {
      const account = byId.get(id);
      if (!account) throw new Error(`account ${id} is not in the bench`);
      return resourceFleet({
        kinds: config.resources,
        tagKey: TAG_KEY,
        clients: clientsOf(account),
      });
    }),
    stateOf: (account) => table.stateOf(account),
    snoozes: table.snoozes,
    fleetIndex: table.fleetIndex,
    outages: table.outages,
    notifier: new LogNotifier(quiet),
    log: quiet,
    clock: Date.now,
  };

  return {
    deps,
    runs: new DynamoFanOutRuns(countedDynamo, TABLE),
    accounts,
    size: ids.length * options.regions.length * options.perRegion,
    calls,
    assumeRoles: () => roles.calls,
    async reset(windowStart) {
      await eachLimited([...own], 6, ([place, client]) =>
        client.send(new StartInstancesCommand({ InstanceIds: instanceIds.get(place) ?? [] })),
      );
      await eachLimited(ids, 6, async (id) => {
        const { cursor } = setupTable.stateOf(id);
        const at = (await cursor.readCursor())?.at;
        if (!(await cursor.advanceCursor(at, { at: windowStart, regions: {} })))
          throw new Error(`could not rewind the cursor of ${id}`);
      });
    },
    async bareList(account, region) {
      const client = own.get(placeOf(account, region));
      if (!client) throw new Error(`no client for ${account} ${region}`);
      return describeAll(client);
    },
  };
}

function dynamoClient(endpoint: string, region: string): DynamoDBClient {
  return new DynamoDBClient({ ...RETRY_SETTINGS, endpoint, region, credentials: HUB_CREDENTIALS });
}

/** Records each command the client sends, with its wall time. */
function watch<C extends EC2Client | RDSClient | AutoScalingClient | DynamoDBClient | STSClient>(
  client: C,
  account: string,
  where: string,
  calls: AccountCall[],
): C {
  return timeCommands(client, ({ operation: name, input, ms }) => {
    const pk = where === 'DynamoDB' ? partitionsOf(input) : '';
    calls.push({ operation: pk ? `${name} (${pk})` : name, account, where, ms });
  });
}

/** The partition keys a DynamoDB command touches ("snooze", "fleet+pending"), marshalled or not. */
function partitionsOf(input: Record<string, unknown>): string {
  const text = (v: unknown): string | undefined =>
    typeof v === 'string'
      ? v
      : typeof v === 'object' && v !== null && 'S' in v
        ? String(v.S)
        : undefined;
  const values = input.ExpressionAttributeValues as Record<string, unknown> | undefined;
  const keys = [
    text(values?.[':pk']),
    text((input.Key as Record<string, unknown> | undefined)?.pk),
    text((input.Item as Record<string, unknown> | undefined)?.pk),
    ...(
      (input.TransactItems as Record<
        string,
        { Item?: { pk?: unknown }; Key?: { pk?: unknown } }
      >[]) ?? []
    ).flatMap((t) => Object.values(t).map((w) => text(w.Item?.pk ?? w.Key?.pk))),
  ].filter((k): k is string => k !== undefined);
  return [...new Set(keys)].sort().join('+');
}

/** All of an account-region's instances in one RunInstances: 100 stay on one page of 1,000. */
async function seed(client: EC2Client, count: number): Promise<string[]> {
  const { Instances = [] } = await client.send(
    new RunInstancesCommand({
      ImageId: 'ami-12c6146b',
      MinCount: count,
      MaxCount: count,
      TagSpecifications: [
        { ResourceType: 'instance', Tags: [{ Key: TAG_KEY, Value: 'office-hours' }] },
      ],
    }),
  );
  const ids = Instances.flatMap((i) => (i.InstanceId ? [i.InstanceId] : []));
  if (ids.length !== count) throw new Error(`RunInstances made ${ids.length}, not ${count}`);
  return ids;
}

/** The listing as Ec2Fleet makes it: paginated, tag-filtered, 1000 a page. */
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
