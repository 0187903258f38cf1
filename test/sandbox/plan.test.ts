import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTable } from '../../src/aws/create-table.js';
import { Ec2Fleet } from '../../src/aws/ec2-fleet.js';
import { sdkTable } from '../../src/aws/sdk-table.js';
import { DynamoSnoozeStore } from '../../src/aws/snooze-table.js';
import { ReadOnlyError, readOnlyFleet } from '../../src/plan/read-only.js';
import { loadConfig } from '../../src/runtime/load-config.js';
import { snooze } from '../fixtures/fleet.js';
import { accountEc2 } from '../support/accounts-on-moto.js';
import { TEST_CREDENTIALS, testDynamoClient, testEc2Client } from '../support/aws-clients.js';
import { AwsFaultProxy, queryFault } from '../support/aws-fault-proxy.js';
import { AwsRequestLog } from '../support/aws-request-log.js';
import { useMoto } from '../support/moto.js';
import { runTs } from '../support/run-script.js';
import { launch } from '../support/scheduler-on-moto.js';

const TABLE = 'stopinator-plan-test';
const CONFIG = `
defaultSchedule: office-hours
regions: [eu-west-1, us-east-1]
schedules:
  office-hours: { timezone: Europe/Paris, start: "08:00", stop: "20:00" }
  new-york: { timezone: America/New_York, start: "08:00", stop: "20:00" }
slack: { warningLead: 30m }
savings: { prices: { m1.small: 0.02 } }
`;
const FROM = '2026-11-24T18:00:00+01:00'; // a Tuesday, 18:00 in Paris

const moto = useMoto();
const dir = mkdtempSync(join(tmpdir(), 'stopinator-plan-test-'));
const configFile = join(dir, 'stopinator.yml');
writeFileSync(configFile, CONFIG);

interface Seeded {
  readonly tags: Map<string, string[]>;
}

/** Instances in two regions, one already stopped by the stopinator, and a snooze in the table. */
async function seed(): Promise<Seeded> {
  const eu = testEc2Client(moto.endpoint(), 'eu-west-1');
  const us = testEc2Client(moto.endpoint(), 'us-east-1');
  await launch(eu, 1, { Name: 'web-1', stopinator: 'true' });
  await launch(eu, 1, { Name: 'web-2', stopinator: 'office-hours' });
  const [db] = await launch(eu, 1, { Name: 'db-1', stopinator: 'office-hours' });
  await launch(eu, 1, { Name: 'bastion', stopinator: 'off' });
  await launch(eu, 1, { Name: 'legacy-etl', stopinator: 'weekends' });
  await launch(us, 1, { Name: 'batch-1', stopinator: 'new-york' });
  await new Ec2Fleet({ clientFor: () => eu, tagKey: 'stopinator' }).stopInstances(
    'eu-west-1',
    [db as string],
    Date.now(),
  );
  const dynamo = testDynamoClient(moto.endpoint());
  await createTable(dynamo, TABLE);
  const createdAt = Date.parse(FROM);
  const fleet = new Ec2Fleet({ clientFor: () => eu, tagKey: 'stopinator' });
  await new DynamoSnoozeStore(sdkTable(dynamo, TABLE)).putSnooze({
    ...snooze(
      createdAt,
      { kind: 'for', minutes: 120 },
      {
        selector: { kind: 'name', pattern: 'web-1' },
        instances: await fleet.lookUp('eu-west-1', { name: 'web-1' }),
        config: loadConfig(configFile),
      },
    ),
    id: 'snooze-web-1',
  });
  return { tags: await tagsOf() };
}

const READ_ONLY = [
  'DescribeAutoScalingGroups',
  'DescribeDBClusters',
  'DescribeDBInstances',
  'DescribeInstances',
  'Query',
];

/** Every instance's tags, "key=value" sorted, by Name: what a stop or start would change. */
async function tagsOf(): Promise<Map<string, string[]>> {
  const tags = new Map<string, string[]>();
  for (const region of ['eu-west-1', 'us-east-1']) {
    const { Reservations } = await testEc2Client(moto.endpoint(), region).send(
      new DescribeInstancesCommand({}),
    );
    for (const instance of (Reservations ?? []).flatMap((r) => r.Instances ?? [])) {
      const name = instance.Tags?.find((t) => t.Key === 'Name')?.Value ?? '?';
      const list = (instance.Tags ?? []).map((t) => `${t.Key}=${t.Value}`).sort();
      tags.set(name, [`state=${instance.State?.Name}`, ...list]);
    }
  }
  return tags;
}

function planEnv(endpoint: string): Record<string, string | undefined> {
  return {
    AWS_ENDPOINT_URL_EC2: endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_ENDPOINT_URL_RDS: endpoint,
    AWS_ENDPOINT_URL_AUTO_SCALING: endpoint,
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    AWS_REGION: undefined,
    STOPINATOR_TABLE: undefined,
    STOPINATOR_CONFIG_FILE: undefined,
  };
}

describe('npm run plan against moto', () => {
  let log: AwsRequestLog;
  beforeEach(async () => {
    await moto.reset();
    log = new AwsRequestLog(moto.endpoint());
    await log.start();
  });
  afterEach(async () => {
    await log.stop();
  });

  it('lists the coming stops, starts and warnings with their reasons, and only reads', async () => {
    // Prepare
    const before = await seed();

    // Act
    const run = runTs(
      'src/plan/main.ts',
      ['--config', configFile, '--from', FROM, '--hours', '16', '--table', TABLE],
      { env: planEnv(log.url) },
    );
    const { code, stdout, stderr } = await run.finished;

    // Assess
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const timeline = stdout.split('\n').filter((line) => /^\w{3} \d+ \w{3} \d\d:\d\d/.test(line));
    expect(timeline).toEqual([
      'Tue 24 Nov 19:30 CET  warn   web-2 (eu-west-1): stops at 20:00 Europe/Paris (schedule office-hours)',
      'Tue 24 Nov 20:00 CET  keep   web-1 (eu-west-1): snoozed by @alice until 22:00 Europe/Paris',
      'Tue 24 Nov 20:00 CET  stop   web-2 (eu-west-1): schedule office-hours, 20:00 Europe/Paris',
      'Tue 24 Nov 21:30 CET  warn   web-1 (eu-west-1): stops at 22:00 Europe/Paris (schedule office-hours)',
      'Tue 24 Nov 22:00 CET  stop   web-1 (eu-west-1): snooze by @alice ended at 22:00 Europe/Paris (schedule office-hours stops at 20:00 Europe/Paris)',
      'Tue 24 Nov 19:30 EST  warn   batch-1 (us-east-1): stops at 20:00 America/New_York (schedule new-york)',
      'Tue 24 Nov 20:00 EST  stop   batch-1 (us-east-1): schedule new-york, 20:00 America/New_York',
      'Wed 25 Nov 08:00 CET  start  web-1, web-2, db-1 (eu-west-1): schedule office-hours, 08:00 Europe/Paris',
    ]);
    expect(stdout).toContain('snoozes:   1 active, from table stopinator-plan-test (eu-west-1)');
    // 30 days from Tuesday 18:00: 264 h within running hours (2 + 21 weekdays × 12 + 10), 456 off.
    expect(stdout).toContain(
      'Projected savings, the next 30 days (the schedules as configured, no snoozes; prices from savings.prices and 0 cached from the Price List):',
    );
    expect(stdout).toContain('  new-york      1 resource         456 h off  $9.12');
    expect(stdout).toContain('  office-hours  3 resources       1368 h off  $27.36');
    expect(stdout).toContain('  fleet         4 resources       1824 h off  $36.48');
    expect(stdout).toContain('  bastion (eu-west-1): tag stopinator=off');
    expect(stdout).toContain(
      '  legacy-etl (eu-west-1): unknown schedule "weekends" in tag stopinator',
    );
    expect(await tagsOf()).toEqual(before.tags);
    expect(log.operations.filter((op) => op === 'DescribeInstances')).toHaveLength(2);
    // Only reads: one listing per kind and region, and the snoozes' Query.
    expect([...new Set(log.operations)].sort()).toEqual(READ_ONLY);
  }, 60_000);

  it('plans from the schedules alone when the table does not exist, and says so', async () => {
    // Prepare
    const before = await seed();

    // Act
    const { code, stdout } = await runTs(
      'src/plan/main.ts',
      ['--config', configFile, '--from', FROM, '--hours', '4', '--table', 'no-such-table'],
      { env: planEnv(log.url) },
    ).finished;

    // Assess
    expect(code).toBe(0);
    expect(stdout).toContain(
      'snoozes:   not read from table no-such-table (eu-west-1): it does not exist; the plan follows the schedules alone',
    );
    expect(stdout).toContain(
      'Tue 24 Nov 20:00 CET  stop   web-1, web-2 (eu-west-1): schedule office-hours, 20:00 Europe/Paris',
    );
    expect(await tagsOf()).toEqual(before.tags);
    // Only reads: one listing per kind and region, and the snoozes' Query.
    expect([...new Set(log.operations)].sort()).toEqual(READ_ONLY);
  }, 60_000);

  it('refuses to go on when a region cannot be listed, saying why', async () => {
    const { code, stderr } = await runTs(
      'src/plan/main.ts',
      ['--config', configFile, '--region', 'eu-west-1'],
      { env: planEnv('http://127.0.0.1:9') },
    ).finished;

    expect(code).toBe(1);
    expect(stderr).toContain('stopinator plan: could not list the instances in eu-west-1:');
    expect(stderr).not.toMatch(/^\s+at /m);
  }, 60_000);
});

describe('the plan’s fleet', () => {
  it('lists, and refuses to stop or start', async () => {
    const fleet = readOnlyFleet({ listInstances: async () => [], lookUp: async () => [] });

    await expect(fleet.listInstances('eu-west-1')).resolves.toEqual([]);
    await expect(fleet.stopInstances('eu-west-1', ['i-1'], 0)).rejects.toThrow(ReadOnlyError);
    await expect(fleet.startInstances('eu-west-1', ['i-1'])).rejects.toThrow(ReadOnlyError);
  });
});

describe('npm run plan across member accounts, against moto', () => {
  const ACCOUNTS_CONFIG = `
defaultSchedule: office-hours
regions: [eu-west-1]
resources: [ec2]
accounts:
  - { id: "111111111111", name: dev }
  - { id: "222222222222", name: staging }
  - { id: "333333333333", name: sandbox }
schedules:
  office-hours: { timezone: Europe/Paris, start: "08:00", stop: "20:00" }
slack: { warningLead: 30m }
`;
  const accountsFile = join(dir, 'accounts.yml');
  writeFileSync(accountsFile, ACCOUNTS_CONFIG);
  let log: AwsRequestLog;
  beforeEach(async () => {
    await moto.reset();
    log = new AwsRequestLog(moto.endpoint());
    await log.start();
  });
  afterEach(async () => {
    await log.stop();
  });

  it('plans each account through the role given, with the operator’s credentials, names the accounts, and only reads', async () => {
    // Prepare
    const dev = await accountEc2(moto.endpoint(), '111111111111', 'eu-west-1');
    const staging = await accountEc2(moto.endpoint(), '222222222222', 'eu-west-1');
    await launch(dev, 1, { Name: 'web-1', stopinator: 'office-hours' });
    await launch(staging, 1, { Name: 'web-1', stopinator: 'office-hours' });
    await launch(testEc2Client(moto.endpoint(), 'eu-west-1'), 1, {
      Name: 'hub-1',
      stopinator: 'on',
    });

    // Act
    const run = runTs(
      'src/plan/main.ts',
      [
        '--config',
        accountsFile,
        '--from',
        FROM,
        '--hours',
        '3',
        '--role',
        'ReadOnlyPlanner',
        '--account',
        'dev',
        '--account',
        'staging',
      ],
      { env: { ...planEnv(log.url), AWS_ENDPOINT_URL_STS: log.url } },
    );
    const { code, stdout, stderr } = await run.finished;

    // Assess
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(
      'instances: 2 with the tag stopinator (dev eu-west-1: 1, staging eu-west-1: 1)',
    );
    expect(stdout).toContain(
      'Tue 24 Nov 20:00 CET  stop   web-1 (dev eu-west-1); web-1 (staging eu-west-1): schedule office-hours, 20:00 Europe/Paris',
    );
    expect(stdout).not.toContain('hub-1');
    expect(stdout).not.toContain('sandbox');
    expect(log.operations.filter((op) => op === 'AssumeRole')).toHaveLength(2);
    expect([...new Set(log.operations)].sort()).toEqual(['AssumeRole', 'DescribeInstances']);
  }, 60_000);

  it('plans the accounts it can read, names the one it cannot and why, and exits 1', async () => {
    // Prepare
    const dev = await accountEc2(moto.endpoint(), '111111111111', 'eu-west-1');
    await launch(dev, 1, { Name: 'web-1', stopinator: 'office-hours' });
    const proxy = new AwsFaultProxy(() => moto.endpoint());
    await proxy.start();
    proxy.add({
      operation: 'AssumeRole',
      bodyIncludes: '222222222222',
      effect: {
        fault: queryFault(403, 'AccessDenied', 'not authorized to perform: sts:AssumeRole'),
      },
    });

    // Act
    const run = runTs(
      'src/plan/main.ts',
      ['--config', accountsFile, '--from', FROM, '--hours', '3'],
      {
        env: { ...planEnv(log.url), AWS_ENDPOINT_URL_STS: proxy.url },
      },
    );
    const { code, stdout } = await run.finished;
    await proxy.stop();

    // Assess
    expect(code).toBe(1);
    expect(stdout).toContain('(dev eu-west-1: 1, sandbox eu-west-1: 0)');
    expect(stdout).toContain(
      '  not read:  staging eu-west-1: could not assume arn:aws:iam::222222222222:role/stopinator-spoke-dev: AccessDenied: not authorized to perform: sts:AssumeRole',
    );
    expect(stdout).toContain('web-1 (dev eu-west-1): schedule office-hours');
  }, 60_000);

  it('refuses an account it does not know, naming the ones it does', async () => {
    // Act
    const run = runTs('src/plan/main.ts', ['--config', accountsFile, '--account', '999999999999'], {
      env: planEnv(log.url),
    });
    const { code, stderr } = await run.finished;

    // Assess
    expect(code).toBe(1);
    expect(stderr).toContain(
      'stopinator plan: --account 999999999999: not among the accounts (dev, staging, sandbox)',
    );
  }, 60_000);
});
