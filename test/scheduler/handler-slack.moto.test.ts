import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { useMoto } from '../support/moto.js';
import {
  invoke,
  launch,
  SCHEDULER_TEST_CONFIG,
  useSchedulerOnMoto,
} from '../support/scheduler-on-moto.js';
import { SlackRecorder } from '../support/slack-recorder.js';
import { BOT_TOKEN } from '../support/slack-request.js';

const CHANNEL = 'C0STOPINATOR';
const moto = useMoto();
const world = useSchedulerOnMoto(
  moto,
  SCHEDULER_TEST_CONFIG.replace(
    'slack:\n  warningLead: 30m',
    `slack:\n  channel: ${CHANNEL}\n  warningLead: 30m`,
  ),
);
const slack = new SlackRecorder();
beforeAll(() => slack.start());
afterAll(() => slack.stop());
afterEach(() => {
  vi.useRealTimers();
});

/** The scheduler's Slack settings, aimed at the recording server. */
function pointAtSlack() {
  world.setEnv('SLACK_BOT_TOKEN', BOT_TOKEN);
  world.setEnv('SLACK_SIGNING_SECRET', 'unused-by-the-scheduler');
  world.setEnv('SLACK_API_URL', slack.apiUrl);
}

/** As EventBridge Scheduler does, at the scheduled time: the messages say "in 30 min" from then. */
function at(handler: Parameters<typeof invoke>[0], scheduledTime: string) {
  if (!vi.isFakeTimers()) vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(Date.parse(scheduledTime));
  return invoke(handler, scheduledTime);
}

describe('the scheduler in Slack', () => {
  it('posts the warning with its Snooze buttons, then the summary after the stop', async () => {
    // Prepare
    slack.clear();
    pointAtSlack();
    await launch(world.ec2('eu-west-1'), 2, { stopinator: 'true', Name: 'web' });
    const handler = await world.freshHandler();

    // Act: Tuesday 24 November 2026, 19:25 and 19:30 Paris (the warning), then 20:00 (the stop).
    await at(handler, '2026-11-24T18:25:00Z');
    const warned = await at(handler, '2026-11-24T18:30:00Z');
    for (const time of ['18:35', '18:40', '18:45', '18:50', '18:55', '19:00']) {
      await at(handler, `2026-11-24T${time}:00Z`);
    }

    // Assess
    expect(warned.warned).toBe(2);
    const posts = slack.of('chat.postMessage');
    expect(posts.map((p) => p.body.channel)).toEqual([CHANNEL, CHANNEL]);
    expect(posts[0]?.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(posts[0]?.body.text).toBe(
      '2 instances on office-hours will stop at 20:00 CET, in 30 min.',
    );
    const blocks = (posts[0]?.body.blocks ?? []) as {
      type: string;
      elements?: { action_id: string }[];
    }[];
    const actions = blocks.find((b) => b.type === 'actions');
    expect(actions?.elements?.map((e) => e.action_id)).toEqual([
      'snooze_1h',
      'snooze_2h',
      'snooze_tonight',
    ]);
    expect(posts[1]?.body.text).toBe('Stopinator: stopped 2 instances.');
  });

  it('a Slack failure never stops the run: instances are stopped and the failure is logged', async () => {
    // Prepare
    slack.clear();
    slack.failWith.set('chat.postMessage', 'channel_not_found');
    pointAtSlack();
    await launch(world.ec2('eu-west-1'), 1, { stopinator: 'true', Name: 'web' });
    const handler = await world.freshHandler();

    // Act
    await at(handler, '2026-11-24T18:55:00Z');
    const summary = await at(handler, '2026-11-24T19:00:00Z');

    // Assess
    expect(summary.stopped).toBe(1);
    expect(world.logs).toContainEqual(
      expect.objectContaining({ level: 'ERROR', message: 'could not send the summary' }),
    );
  });
});
