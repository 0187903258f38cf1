import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTable } from '../../src/aws/create-table.js';
import { stopinatorTable } from '../../src/aws/dynamo-store.js';
import type { RunSummary } from '../../src/core/ports.js';
import {
  TEST_CREDENTIALS,
  testAutoScalingClient,
  testDynamoClient,
  testRdsClient,
} from '../support/aws-clients.js';
import {
  clusterStatus,
  createCluster,
  createDatabase,
  createGroup,
  databaseStatus,
  groupOf,
} from '../support/kinds-on-moto.js';
import { useMoto } from '../support/moto.js';
import { node24Binary } from '../support/node24.js';
import { PACKAGE_TIMEOUT_MS, packagedStack, unzipTo } from './packaged-stack.js';

const TABLE = 'stopinator-packaged-test';
const REGION = 'eu-west-1';
const MINUTE_MS = 60_000;

const moto = useMoto();
let bundleDir = '';

beforeAll(async () => {
  bundleDir = unzipTo(await packagedStack('dev'), 'scheduler');
}, PACKAGE_TIMEOUT_MS);

beforeEach(async () => {
  await moto.reset();
});

const hhmm = (at: number) => new Date(at).toISOString().slice(11, 16);

/**
 * The packaged scheduler (the zip `npm run package` builds, unpacked as Lambda unpacks it) on
 * Node.js 24 in a process of its own, invoked once per scheduled time as EventBridge
 * Scheduler invokes it, against moto; the summaries it returned.
 */
function invokePackaged(configFile: string, scheduledTimes: readonly number[]): RunSummary[] {
  const url = pathToFileURL(join(bundleDir, 'src/scheduler/handler.mjs')).href;
  const probe = `const { handler } = await import(${JSON.stringify(url)});
    for (const scheduledTime of ${JSON.stringify(scheduledTimes.map((t) => new Date(t).toISOString()))}) {
      const summary = await handler({ scheduledTime }, { awsRequestId: 'packaged-' + scheduledTime });
      console.log('SUMMARY ' + JSON.stringify(summary));
    }`;
  const result = spawnSync(node24Binary(), ['--input-type=module', '-e', probe], {
    cwd: bundleDir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: bundleDir,
      AWS_REGION: REGION,
      AWS_ENDPOINT_URL: moto.endpoint(),
      AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
      STOPINATOR_TABLE: TABLE,
      STOPINATOR_CONFIG_FILE: configFile,
      LOG_LEVEL: 'warn',
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
  return result.stdout
    .split('\n')
    .filter((line) => line.startsWith('SUMMARY '))
    .map((line) => JSON.parse(line.slice('SUMMARY '.length)) as RunSummary);
}

describe('the packaged scheduler against moto', () => {
  it('stops an RDS database, an Aurora cluster and an Auto Scaling group at the stop and brings them back at the start, the group at 1/2/3', async () => {
    // Prepare
    const rds = testRdsClient(moto.endpoint(), REGION);
    const asg = testAutoScalingClient(moto.endpoint(), REGION);
    const dynamo = testDynamoClient(moto.endpoint(), REGION);
    await createTable(dynamo, TABLE);
    await createDatabase(rds, 'db-main', { stopinator: 'on' });
    await createCluster(rds, 'aurora-1', { stopinator: 'on' });
    await createGroup(asg, 'web-asg', { min: 1, desired: 2, max: 3 }, { stopinator: 'on' });
    // Near the real clock: the packaged handler's Date is real, and it refuses a scheduledTime
    // more than 9 minutes from it. A UTC schedule that stopped 2 minutes ago and started 1
    // minute ago plays the evening's 20:00 and the morning's 08:00.
    const stopAt = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS - 2 * MINUTE_MS;
    const startAt = stopAt + MINUTE_MS;
    const dir = mkdtempSync(join(tmpdir(), 'stopinator-packaged-'));
    const configFile = join(dir, 'stopinator.config.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        tagKey: 'stopinator',
        defaultSchedule: 'utc',
        regions: [REGION],
        schedules: {
          utc: {
            timezone: 'UTC',
            start: hhmm(startAt),
            stop: hhmm(stopAt),
            days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
          },
        },
      }),
    );
    await stopinatorTable(dynamo, TABLE).cursor.advanceCursor(undefined, {
      at: stopAt - MINUTE_MS,
      regions: {},
    });

    // Act
    const [evening] = invokePackaged(configFile, [stopAt]);
    const stopped = {
      db: await databaseStatus(rds, 'db-main'),
      cluster: await clusterStatus(rds, 'aurora-1'),
      group: await groupOf(asg, 'web-asg'),
    };
    const [morning, check] = invokePackaged(configFile, [startAt, startAt + 30_000]);

    // Assess
    expect(evening).toMatchObject({ stopped: 3, started: 0, failed: 0 });
    expect(stopped.db).toBe('stopped');
    expect(stopped.cluster).toBe('stopped');
    expect(stopped.group).toMatchObject({ min: 0, desired: 0, max: 0 });
    expect(stopped.group.tags['stopinator:capacity']).toBe('1/2/3');
    expect(morning).toMatchObject({ stopped: 0, started: 3, failed: 0 });
    expect(check).toMatchObject({ stopped: 0, started: 0, failed: 0 });
    expect(await databaseStatus(rds, 'db-main')).toBe('available');
    expect(await clusterStatus(rds, 'aurora-1')).toBe('available');
    const group = await groupOf(asg, 'web-asg');
    expect(group).toMatchObject({ min: 1, desired: 2, max: 3 });
    expect(group.tags).toEqual({ stopinator: 'on' });
    expect(await stopinatorTable(dynamo, TABLE).journal.pending()).toEqual([]);
  }, 120_000);
});
