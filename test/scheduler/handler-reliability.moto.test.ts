import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stopinatorTable } from '../../src/aws/dynamo-store.js';
import type { Snooze } from '../../src/core/snooze.js';
import { AwsFaultProxy, ec2Fault, THROTTLED } from '../support/aws-fault-proxy.js';
import { useMoto } from '../support/moto.js';
import { runTs } from '../support/run-script.js';
import {
  everyFiveMinutes,
  invoke,
  launch,
  SCHEDULER_TEST_CONFIG,
  statesOf,
  TABLE,
  useSchedulerOnMoto,
} from '../support/scheduler-on-moto.js';
import { SlackRecorder } from '../support/slack-recorder.js';
import { BOT_TOKEN } from '../support/slack-request.js';

// Tuesday 24 November 2026: office-hours stops at 20:00 Paris (19:00Z), new-york at 20:00 New
// York (01:00Z). The functions reach moto through a fault-injecting proxy.
const CHANNEL = 'C0OPS';
const CONFIG = SCHEDULER_TEST_CONFIG.replace(
  'slack:\n  warningLead: 30m',
  `slack:\n  channel: ${CHANNEL}\n  warningLead: 30m`,
);
const moto = useMoto();
const world = useSchedulerOnMoto(moto, CONFIG);
const proxy = new AwsFaultProxy(() => moto.endpoint());
const slack = new SlackRecorder();

beforeAll(async () => {
  await proxy.start();
  await slack.start();
});
afterAll(async () => {
  await proxy.stop();
  await slack.stop();
});
beforeEach(() => {
  proxy.clear();
  slack.clear();
  world.setEnv('AWS_ENDPOINT_URL_EC2', proxy.url);
  world.setEnv('AWS_ENDPOINT_URL_DYNAMODB', proxy.url);
  world.setEnv('AWS_ENDPOINT_URL_RDS', proxy.url);
  world.setEnv('AWS_ENDPOINT_URL_AUTO_SCALING', proxy.url);
  world.setEnv('SLACK_BOT_TOKEN', BOT_TOKEN);
  world.setEnv('SLACK_API_URL', slack.apiUrl);
  world.setEnv('LOG_LEVEL', 'error');
});

const posted = () => slack.of('chat.postMessage').map((c) => JSON.stringify(c.body.blocks));

async function runs(
  handler: Awaited<ReturnType<typeof world.freshHandler>>,
  from: string,
  to: string,
) {
  for (const at of everyFiveMinutes(from, to)) await invoke(handler, at);
}

describe('stops that cannot be lost', () => {
  it('StopInstances throttled through the 20:00 and 20:05 runs: stopped by the 20:20 run, with one notice', async () => {
    const [web] = await launch(world.ec2('eu-west-1'), 1, {
      Name: 'web-1',
      stopinator: 'office-hours',
    });
    const handler = await world.freshHandler();
    await runs(handler, '2026-11-24T18:50:00Z', '2026-11-24T18:55:00Z');

    const throttle = proxy.add({ operation: 'StopInstances', effect: { fault: THROTTLED } });
    await runs(handler, '2026-11-24T19:00:00Z', '2026-11-24T19:05:00Z');
    expect((await statesOf(world.ec2('eu-west-1'), [web as string])).get(web as string)).toBe(
      'running',
    );
    throttle();
    await runs(handler, '2026-11-24T19:10:00Z', '2026-11-24T19:20:00Z');

    expect((await statesOf(world.ec2('eu-west-1'), [web as string])).get(web as string)).toBe(
      'stopped',
    );
    const notices = posted().filter((p) => p.includes('RequestLimitExceeded'));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('tried again at each run');
    expect(await stopinatorTable(world.dynamo(), TABLE).journal.pending()).toEqual([]);
  }, 60_000);

  it('a run killed after its cursor moved: the next run completes its stops', async () => {
    // Near the real clock: the child process's Date is real, and the handler refuses a
    // scheduledTime far from it. A UTC schedule whose stop is the last 5-minute boundary.
    const boundary = Math.floor(Date.now() / 300_000) * 300_000;
    const stop = new Date(boundary);
    const hhmm = (d: Date) =>
      `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
    const start = new Date(boundary - 3 * 3_600_000);
    const config = `
defaultSchedule: utc
regions: [eu-west-1]
schedules:
  utc: { timezone: UTC, start: "${hhmm(start)}", stop: "${hhmm(stop)}", days: [mon, tue, wed, thu, fri, sat, sun] }
`;
    const { writeFileSync } = await import('node:fs');
    const utcConfig = `${world.configFile}.utc.yml`;
    writeFileSync(utcConfig, config);
    world.setEnv('STOPINATOR_CONFIG_FILE', utcConfig);
    const [web] = await launch(world.ec2('eu-west-1'), 1, { Name: 'web-1', stopinator: 'utc' });
    const table = stopinatorTable(world.dynamo(), TABLE);
    await table.cursor.advanceCursor(undefined, { at: boundary - 300_000, regions: {} });

    const child = runTs(
      'test/support/scripts/invoke-scheduler.ts',
      [new Date(boundary).toISOString()],
      {
        env: {
          ...process.env,
          AWS_ENDPOINT_URL_EC2: proxy.url,
          AWS_ENDPOINT_URL_DYNAMODB: proxy.url,
        },
      },
    );
    proxy.add({ operation: 'StopInstances', effect: { hang: true } });
    const killed = new Promise<void>((resolve) => {
      proxy.onRequest = (seen) => {
        if (seen.operation === 'StopInstances') {
          child.child.kill('SIGKILL');
          resolve();
        }
      };
    });
    await killed;
    await child.finished;
    expect((await table.cursor.readCursor())?.at).toBe(boundary);
    expect((await table.journal.pending()).map((p) => p.instanceId)).toEqual([web]);
    proxy.clear();

    const handler = await world.freshHandler();
    await invoke(handler, new Date(boundary + 300_000).toISOString());
    expect((await statesOf(world.ec2('eu-west-1'), [web as string])).get(web as string)).toBe(
      'stopped',
    );
    expect(await table.journal.pending()).toEqual([]);
  }, 60_000);

  it('a forged scheduledTime is refused: the cursor stays, the evening’s stop happens', async () => {
    const [web] = await launch(world.ec2('eu-west-1'), 1, {
      Name: 'web-1',
      stopinator: 'office-hours',
    });
    const handler = await world.freshHandler();
    await invoke(handler, '2026-11-24T18:50:00Z');
    const table = stopinatorTable(world.dynamo(), TABLE);
    const before = await table.cursor.readCursor();

    await expect(
      (async () => {
        const { vi } = await import('vitest');
        vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
        vi.setSystemTime(Date.parse('2026-11-24T18:52:00Z'));
        try {
          return await handler({ scheduledTime: '2099-01-02T19:05:00Z' }, {});
        } finally {
          vi.useRealTimers();
        }
      })(),
    ).rejects.toMatchObject({ step: 'scheduled-time' });
    expect(await table.cursor.readCursor()).toEqual(before);
    expect(
      posted().some((p) =>
        p.includes('Scheduler run refused: scheduledTime 2099-01-02T19:05:00.000Z'),
      ),
    ).toBe(true);

    await runs(handler, '2026-11-24T18:55:00Z', '2026-11-24T19:00:00Z');
    expect((await statesOf(world.ec2('eu-west-1'), [web as string])).get(web as string)).toBe(
      'stopped',
    );
  });

  it('us-east-1 down from 19:30 to 21:00: eu-west-1 stops at 20:00, one alert for the outage and one at its end', async () => {
    const [paris] = await launch(world.ec2('eu-west-1'), 1, {
      Name: 'web-1',
      stopinator: 'office-hours',
    });
    const [ny] = await launch(world.ec2('us-east-1'), 1, { Name: 'ny-1', stopinator: 'new-york' });
    const handler = await world.freshHandler();
    await invoke(handler, '2026-11-24T18:25:00Z');

    const down = proxy.add({
      region: 'us-east-1',
      service: 'ec2',
      effect: {
        fault: ec2Fault(
          401,
          'AuthFailure',
          'AWS was not able to validate the provided access credentials',
        ),
      },
    });
    await runs(handler, '2026-11-24T18:30:00Z', '2026-11-24T20:00:00Z');
    expect((await statesOf(world.ec2('eu-west-1'), [paris as string])).get(paris as string)).toBe(
      'stopped',
    );
    down();
    await runs(handler, '2026-11-24T20:05:00Z', '2026-11-24T20:10:00Z');

    const outage = posted().filter((p) => p.includes('us-east-1'));
    expect(outage).toHaveLength(2);
    expect(outage[0]).toContain('Could not list us-east-1');
    expect(outage[1]).toContain('us-east-1 answers again');
    expect((await statesOf(world.ec2('us-east-1'), [ny as string])).get(ny as string)).toBe(
      'running',
    );
  }, 60_000);

  it('a snooze saved while a run is deciding is honoured: the stop calls read the snoozes again', async () => {
    const [web] = await launch(world.ec2('eu-west-1'), 1, {
      Name: 'web-1',
      stopinator: 'office-hours',
    });
    const handler = await world.freshHandler();
    await invoke(handler, '2026-11-24T18:55:00Z');
    const store = stopinatorTable(world.dynamo(), TABLE).snoozes;
    const late: Snooze = {
      id: 'late-snooze',
      kind: 'snooze',
      selector: { kind: 'name', pattern: 'web-1' },
      length: { kind: 'for', minutes: 60 },
      by: 'U0ALICE',
      byName: 'alice',
      createdAt: Date.parse('2026-11-24T19:00:00Z'),
      expiresAt: Date.parse('2026-11-24T20:00:00Z'),
      ends: [
        {
          schedule: 'office-hours',
          stop: Date.parse('2026-11-24T19:00:00Z'),
          until: Date.parse('2026-11-24T20:00:00Z'),
          resources: [`eu-west-1/${web}`],
        },
      ],
    };
    // The snooze lands while the run lists EC2, after its first read of the snoozes.
    proxy.add({
      operation: 'DescribeInstances',
      region: 'eu-west-1',
      effect: { delayMs: 500 },
      times: 1,
    });
    proxy.onRequest = async (seen) => {
      if (seen.operation === 'DescribeInstances' && seen.region === 'eu-west-1') {
        proxy.onRequest = undefined;
        setTimeout(() => void store.putSnooze(late), 200);
      }
    };
    await invoke(handler, '2026-11-24T19:00:00Z');

    expect((await statesOf(world.ec2('eu-west-1'), [web as string])).get(web as string)).toBe(
      'running',
    );
    expect(proxy.seen.filter((s) => s.operation === 'Query').length).toBeGreaterThanOrEqual(2);
  });
});
