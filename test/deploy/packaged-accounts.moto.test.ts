import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTable } from '../../src/aws/create-table.js';
import type { RunSummary } from '../../src/core/ports.js';
import { accountEc2, assumeRoleRefused } from '../support/accounts-on-moto.js';
import { TEST_CREDENTIALS, testDynamoClient } from '../support/aws-clients.js';
import { AwsFaultProxy } from '../support/aws-fault-proxy.js';
import { useMoto } from '../support/moto.js';
import { node24Binary } from '../support/node24.js';
import { launch, statesOf } from '../support/scheduler-on-moto.js';
import { PACKAGE_TIMEOUT_MS, packagedStack, unzipTo } from './packaged-stack.js';

// The acceptance of many accounts, through the zip `npm run package` builds, on Node.js 24:
// two member accounts, office-hours at 20:00 and 08:00 Paris on Tuesday 24 November 2026.
const TABLE = 'stopinator-packaged-accounts';
const REGION = 'eu-west-1';
const DEV = '111111111111';
const STAGING = '222222222222';

const moto = useMoto();
const proxy = new AwsFaultProxy(() => moto.endpoint());
let bundleDir = '';
let configFile = '';
const ec2 = new Map<string, EC2Client>();

beforeAll(async () => {
  bundleDir = unzipTo(await packagedStack('dev'), 'scheduler');
  await proxy.start();
  const dir = mkdtempSync(join(tmpdir(), 'stopinator-packaged-accounts-'));
  configFile = join(dir, 'stopinator.config.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      tagKey: 'stopinator',
      defaultSchedule: 'office-hours',
      regions: [REGION],
      accounts: [{ id: DEV }, { id: STAGING }],
      schedules: {
        'office-hours': {
          timezone: 'Europe/Paris',
          start: '08:00',
          stop: '20:00',
          days: ['mon', 'tue', 'wed', 'thu', 'fri'],
        },
      },
    }),
  );
}, PACKAGE_TIMEOUT_MS);
afterAll(async () => {
  await proxy.stop();
});

beforeEach(async () => {
  await moto.reset();
  proxy.clear();
  await createTable(testDynamoClient(moto.endpoint(), REGION), TABLE);
  for (const account of [DEV, STAGING])
    ec2.set(account, await accountEc2(moto.endpoint(), account, REGION));
});

/**
 * One process, one container: the packaged handler invoked at each scheduled time, with the
 * process's Date moved to just after it (as EventBridge Scheduler invokes on time) while the
 * performance clock, which dates the stop marks, stays real as moto's is.
 */
async function invokePackaged(scheduledTimes: readonly string[]): Promise<{
  summaries: RunSummary[];
  alerts: string[];
}> {
  const url = pathToFileURL(join(bundleDir, 'src/scheduler/handler.mjs')).href;
  const probe = `const RealDate = Date;
    let offset = 0;
    globalThis.Date = class extends RealDate {
      constructor(...args) { if (args.length === 0) super(RealDate.now() + offset); else super(...args); }
      static now() { return RealDate.now() + offset; }
    };
    const { handler } = await import(${JSON.stringify(url)});
    for (const scheduledTime of ${JSON.stringify(scheduledTimes)}) {
      offset = RealDate.parse(scheduledTime) + 1000 - RealDate.now();
      const summary = await handler({ scheduledTime }, { awsRequestId: 'packaged-' + scheduledTime });
      console.log('SUMMARY ' + JSON.stringify(summary));
    }`;
  // Not spawnSync: the fault proxy answers from this process's event loop.
  const child = spawn(node24Binary(), ['--input-type=module', '-e', probe], {
    cwd: bundleDir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: bundleDir,
      AWS_REGION: REGION,
      AWS_ENDPOINT_URL: moto.endpoint(),
      AWS_ENDPOINT_URL_STS: proxy.url,
      AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
      STOPINATOR_TABLE: TABLE,
      STOPINATOR_CONFIG_FILE: configFile,
      STOPINATOR_STAGE: 'dev',
      SPOKE_EXTERNAL_ID: 'packaged-external-id',
      LOG_LEVEL: 'warn',
    },
    timeout: 90_000,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const result = { status, stdout, stderr };
  expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
  const lines = result.stdout.split('\n');
  return {
    summaries: lines
      .filter((line) => line.startsWith('SUMMARY '))
      .map((line) => JSON.parse(line.slice('SUMMARY '.length)) as RunSummary),
    alerts: lines
      .filter((line) => line.startsWith('{'))
      .map((line) => String((JSON.parse(line) as { message?: unknown }).message))
      .filter((message) => message.startsWith('ALERT: ')),
  };
}

const states = async (account: string, ids: readonly string[]) => [
  ...(await statesOf(ec2.get(account) as EC2Client, ids)).values(),
];

describe('the packaged scheduler across two member accounts, against moto', () => {
  it('stops the office-hours instances of both accounts at 20:00 Paris and starts them at 08:00', async () => {
    // Prepare
    const dev = await launch(ec2.get(DEV) as EC2Client, 2, { stopinator: 'office-hours' });
    const staging = await launch(ec2.get(STAGING) as EC2Client, 1, { stopinator: 'office-hours' });

    // Act
    const evening = await invokePackaged(['2026-11-24T18:55:00Z', '2026-11-24T19:00:00Z']);
    const stopped = { dev: await states(DEV, dev), staging: await states(STAGING, staging) };
    const morning = await invokePackaged(['2026-11-25T06:55:00Z', '2026-11-25T07:00:00Z']);

    // Assess
    expect(evening.summaries.at(-1)).toMatchObject({ stopped: 3, started: 0, failed: 0 });
    expect(stopped).toEqual({ dev: ['stopped', 'stopped'], staging: ['stopped'] });
    expect(morning.summaries.at(-1)).toMatchObject({ stopped: 0, started: 3, failed: 0 });
    expect(await states(DEV, dev)).toEqual(['running', 'running']);
    expect(await states(STAGING, staging)).toEqual(['running']);
    expect([...evening.alerts, ...morning.alerts]).toEqual([]);
  }, 180_000);

  it('with AssumeRole refused for staging, still stops dev, and one alert names staging', async () => {
    // Prepare
    const dev = await launch(ec2.get(DEV) as EC2Client, 1, { stopinator: 'office-hours' });
    const staging = await launch(ec2.get(STAGING) as EC2Client, 1, { stopinator: 'office-hours' });
    proxy.add(assumeRoleRefused(STAGING, 'stopinator-spoke-dev'));

    // Act
    const evening = await invokePackaged([
      '2026-11-24T18:55:00Z',
      '2026-11-24T19:00:00Z',
      '2026-11-24T19:05:00Z',
    ]);

    // Assess
    expect(await states(DEV, dev)).toEqual(['stopped']);
    expect(await states(STAGING, staging)).toEqual(['running']);
    expect(evening.summaries.at(-1)).toMatchObject({ failed: 0 });
    expect(evening.alerts).toHaveLength(1);
    expect(evening.alerts[0]).toContain(`Could not work in account ${STAGING}`);
    expect(evening.alerts[0]).toContain('AccessDenied');
  }, 180_000);
});
