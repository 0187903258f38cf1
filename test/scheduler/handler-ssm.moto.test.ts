import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { useMoto } from '../support/moto.js';
import {
  invoke,
  launch,
  SCHEDULER_TEST_CONFIG,
  useSchedulerOnMoto,
} from '../support/scheduler-on-moto.js';
import { SlackRecorder } from '../support/slack-recorder.js';

// The deployed scheduler reads its bot token from SSM; one failed read at a cold start must
// not send its notifications to the logs for the rest of the container's life.
const CHANNEL = 'C0STOPINATOR';
const TOKEN_PARAM = '/stopinator/test/slack-bot-token';
const moto = useMoto();
const world = useSchedulerOnMoto(
  moto,
  SCHEDULER_TEST_CONFIG.replace(
    'slack:\n  warningLead: 30m',
    `slack:\n  channel: ${CHANNEL}\n  warningLead: 30m`,
  ),
);
const slack = new SlackRecorder();
const ssm = mockClient(SSMClient);
beforeAll(() => slack.start());
afterAll(async () => {
  ssm.restore();
  await slack.stop();
});
afterEach(() => {
  vi.useRealTimers();
  ssm.reset();
});

function at(handler: Parameters<typeof invoke>[0], scheduledTime: string) {
  if (!vi.isFakeTimers()) vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(Date.parse(scheduledTime));
  return invoke(handler, scheduledTime);
}

describe('the scheduler’s Slack token from SSM', () => {
  it('a failed read at cold start is retried on a later run, and Slack gets the warning', async () => {
    // Prepare: SSM throttles the first read, then answers.
    slack.clear();
    ssm
      .on(GetParametersCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }))
      .resolves({
        Parameters: [{ Name: TOKEN_PARAM, Value: 'xoxb-from-ssm', Type: 'SecureString' }],
      });
    world.setEnv('SLACK_BOT_TOKEN_PARAM', TOKEN_PARAM);
    world.setEnv('SLACK_API_URL', slack.apiUrl);
    await launch(world.ec2('eu-west-1'), 2, { stopinator: 'true', Name: 'web' });
    const handler = await world.freshHandler();

    // Act: 19:25 Paris (the cold start; the read fails), 19:30 (the warning), 20:00 (the stop).
    await at(handler, '2026-11-24T18:25:00Z');
    const warned = await at(handler, '2026-11-24T18:30:00Z');
    for (const time of ['18:35', '18:40', '18:45', '18:50', '18:55', '19:00']) {
      await at(handler, `2026-11-24T${time}:00Z`);
    }

    // Assess
    expect(warned.warned).toBe(2);
    expect(world.logs).toContainEqual(
      expect.objectContaining({
        level: 'ERROR',
        message: 'Slack notifications go to the logs for now: the bot token could not be read',
      }),
    );
    const posts = slack.of('chat.postMessage');
    expect(posts.map((p) => p.body.text)).toEqual([
      '2 instances on office-hours will stop at 20:00 CET, in 30 min.',
      'Stopinator: stopped 2 instances.',
    ]);
    expect(posts[0]?.authorization).toBe('Bearer xoxb-from-ssm');
    expect(ssm.commandCalls(GetParametersCommand).map((c) => c.args[0].input.Names)).toEqual([
      [TOKEN_PARAM],
      [TOKEN_PARAM],
    ]);
  });
});
