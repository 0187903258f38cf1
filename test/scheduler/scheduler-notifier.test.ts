import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Decision } from '../../src/core/plan-run.js';
import { SecretsError, type SlackSecretsReader } from '../../src/runtime/secrets.js';
import { schedulerNotifier, tokenRetryDelayMs } from '../../src/scheduler/scheduler-notifier.js';
import { memoryLogger } from '../fixtures/memory-ports.js';
import { testConfig } from '../fixtures/schedules.js';
import { SlackRecorder } from '../support/slack-recorder.js';

const T0 = Date.parse('2026-11-24T18:25:00Z');
const config = testConfig({ slack: { channel: 'C0OPS' } });
const slack = new SlackRecorder();
beforeAll(() => slack.start());
afterAll(() => slack.stop());
beforeEach(() => slack.clear());

const warning: Decision = {
  instanceId: 'i-00000001',
  name: 'web-1',
  region: 'eu-west-1',
  action: 'warn',
  code: 'stop-ahead',
  reason: 'stops at 20:00 Europe/Paris (schedule office-hours)',
  schedule: 'office-hours',
  stopAt: Date.parse('2026-11-24T19:00:00Z'),
};

/** A secrets reader that fails `failures` times (as SSM throttling would), then answers. */
function flakyReader(failures: number): {
  read: SlackSecretsReader<'botToken'>;
  calls: () => number;
} {
  let calls = 0;
  return {
    calls: () => calls,
    read: async () => {
      calls += 1;
      if (calls <= failures) {
        throw new SecretsError('cannot read the Slack secrets from SSM: Rate exceeded', ['p']);
      }
      return { botToken: 'xoxb-late' };
    },
  };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the scheduler’s notifier when the bot token cannot be read', () => {
  it('uses the logs meanwhile and reads the token again after the backoff', async () => {
    let now = T0;
    const { log, lines } = memoryLogger();
    const reader = flakyReader(1);
    const notifier = schedulerNotifier(config, { SLACK_API_URL: slack.apiUrl }, log, {
      readSecrets: reader.read,
      clock: () => now,
    });
    await flush(); // the cold start's read fails

    now = T0 + 30_000; // inside the first minute of backoff: no new read, the logs get it
    await notifier.warnBeforeStop([warning]);
    expect(reader.calls()).toBe(1);
    expect(lines.map((l) => l.message)).toEqual([
      'Slack notifications go to the logs for now: the bot token could not be read',
      'stop warning',
    ]);
    expect(lines[0]).toMatchObject({ level: 'ERROR', failures: 1, retryInMs: 60_000 });

    now = T0 + 5 * 60_000; // the next run
    await notifier.alert('something to see');
    expect(reader.calls()).toBe(2);
    expect(slack.of('chat.postMessage')).toHaveLength(1);
    expect(slack.of('chat.postMessage')[0]?.authorization).toBe('Bearer xoxb-late');
    expect(lines.at(-1)).toMatchObject({ message: 'Slack notifications back', after: 1 });

    now = T0 + 10 * 60_000; // read once, kept
    await notifier.warnBeforeStop([warning]);
    expect(reader.calls()).toBe(2);
    expect(slack.of('chat.postMessage')).toHaveLength(2);
  });

  it('backs off longer after each failure, up to 15 minutes', async () => {
    expect([1, 2, 3, 4, 5, 9].map(tokenRetryDelayMs)).toEqual([
      60_000, 120_000, 240_000, 480_000, 900_000, 900_000,
    ]);
    let now = T0;
    const { log } = memoryLogger();
    const reader = flakyReader(3);
    const notifier = schedulerNotifier(config, { SLACK_API_URL: slack.apiUrl }, log, {
      readSecrets: reader.read,
      clock: () => now,
    });
    await flush(); // failure 1: next try after 1 min
    for (const minutes of [5, 6, 10]) {
      now = T0 + minutes * 60_000;
      await notifier.alert(`at +${minutes} min`);
    }
    // +5: failure 2 (next after +7); +6: too early; +10: failure 3 (next after +14).
    expect(reader.calls()).toBe(3);
    now = T0 + 15 * 60_000;
    await notifier.alert('at +15 min');
    expect(reader.calls()).toBe(4);
    expect(slack.of('chat.postMessage')).toHaveLength(1);
  });

  it('several notifications at once share one read', async () => {
    const { log } = memoryLogger();
    const reader = flakyReader(0);
    const notifier = schedulerNotifier(config, { SLACK_API_URL: slack.apiUrl }, log, {
      readSecrets: reader.read,
      clock: () => T0,
    });
    await Promise.all([notifier.alert('a'), notifier.alert('b'), notifier.alert('c')]);
    expect(reader.calls()).toBe(1);
    expect(slack.of('chat.postMessage')).toHaveLength(3);
  });

  it('without a channel, the logs, and no token is read', async () => {
    const { log } = memoryLogger();
    const reader = flakyReader(0);
    const notifier = schedulerNotifier(testConfig(), {}, log, { readSecrets: reader.read });
    await notifier.alert('x');
    expect(reader.calls()).toBe(0);
  });
});
