import { beforeEach, describe, expect, it, vi } from 'vitest';
import { replyOf, useBotOnMoto } from '../support/bot-on-moto.js';
import { launch } from '../support/scheduler-on-moto.js';
import { actionBody, buttonClick, commandBody, signedEvent } from '../support/slack-request.js';

const NOW = '2026-11-24T15:00:00Z';
const NOW_S = Date.parse(NOW) / 1000;
const bot = useBotOnMoto(NOW);
// A fleet to snooze: a snooze of nothing is refused.
beforeEach(async () => {
  await launch(bot.ec2(), 1, { Name: 'web-1', stopinator: 'true' });
  vi.setSystemTime(Date.parse(NOW));
});

async function snoozeSignedAt(timestamp: number) {
  const handler = await bot.handler();
  return handler(signedEvent(commandBody({ text: 'snooze 2h' }), { timestamp }), {});
}

async function nothingDone() {
  expect(await bot.table().snoozes.activeSnoozes(Date.parse(NOW))).toEqual([]);
  expect(await bot.table().audit.recent(5)).toEqual([]);
  expect(bot.slack.calls).toEqual([]);
}

describe('request timestamps, either way from the clock', () => {
  it.each([
    ['301 s ahead', NOW_S + 301],
    ['an hour ahead', NOW_S + 3_600],
    ['301 s behind', NOW_S - 301],
  ])('a command signed %s: 401 and nothing done', async (_label, timestamp) => {
    const result = await snoozeSignedAt(timestamp);
    expect(result.statusCode).toBe(401);
    await nothingDone();
  });

  it('a button click signed 10 minutes ahead: 401 and nothing done', async () => {
    const handler = await bot.handler();
    const value = JSON.stringify({ schedule: 'office-hours', stopAt: Date.parse(NOW) + 4 * 3.6e6 });
    const result = await handler(
      signedEvent(actionBody(buttonClick({ actionId: 'snooze_1h', value })), {
        timestamp: NOW_S + 600,
      }),
      {},
    );
    expect(result.statusCode).toBe(401);
    await nothingDone();
  });

  it.each([
    ['299 s ahead', NOW_S + 299],
    ['299 s behind', NOW_S - 299],
  ])('a command signed %s is answered', async (_label, timestamp) => {
    expect(replyOf(await snoozeSignedAt(timestamp)).text).toBe('Snoozed all instances');
  });

  it('measures against the same clock as everything else (a faked Date included)', async () => {
    // Signed "now" by a Slack whose clock is 10 minutes behind ours.
    vi.setSystemTime(Date.parse(NOW) + 10 * 60_000);
    const result = await snoozeSignedAt(NOW_S);
    vi.setSystemTime(Date.parse(NOW));
    expect(result.statusCode).toBe(401);
    await nothingDone();
  });

  it('a timestamp that is not a number: 401', async () => {
    const handler = await bot.handler();
    const result = await handler(
      signedEvent(commandBody({ text: 'snooze 2h' }), {
        headers: { 'x-slack-request-timestamp': 'soon' },
      }),
      {},
    );
    expect(result.statusCode).toBe(401);
    await nothingDone();
  });
});
