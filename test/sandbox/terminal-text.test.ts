import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/runtime/load-config.js';
import { messageLines, mrkdwnToText, type ShownButton } from '../../src/sandbox/block-text.js';
import { decisionWatch } from '../../src/sandbox/decision-lines.js';
import { warningMessage } from '../../src/slack/warning-message.js';

const names = { userName: (id: string) => (id === 'U0SANDBOX' ? 'you' : id) };

describe('Block Kit as terminal text', () => {
  it.each([
    ['*Next stop:* 3 instances', 'Next stop: 3 instances'],
    ['Snoozed *web-**', 'Snoozed web-*'],
    [':zzz: <@U0SANDBOX> snoozed `web-1`', '💤 @you snoozed web-1'],
    ['&lt;tag&gt; &amp; more', '<tag> & more'],
    ['stops 20:00 CET, in 1 h', 'stops 20:00 CET, in 1 h'],
    [':unknown_emoji: stays', ':unknown_emoji: stays'],
  ])('%s', (mrkdwn, text) => {
    expect(mrkdwnToText(mrkdwn, names)).toBe(text);
  });

  it('numbers a warning’s buttons and keeps its sections and context', () => {
    // Prepare
    const at = Date.parse('2026-11-24T19:00:00Z');
    const warning = warningMessage(
      {
        schedule: 'office-hours',
        timezone: 'Europe/Paris',
        stopAt: at,
        scheduledStop: at,
        instances: [
          {
            instanceId: 'i-1',
            region: 'eu-west-1',
            name: 'web-1',
            action: 'warn',
            code: 'stop-ahead',
            reason: '',
          },
        ],
      },
      at - 30 * 60_000,
    );
    const shown: ShownButton[] = [];

    // Act
    const lines = messageLines(warning, {
      ...names,
      buttonNumber: (button) => shown.push(button) + 6,
    });

    // Assess
    expect(lines).toEqual([
      '⏰ 1 instance on office-hours will stop at 20:00 CET, in 30 min.',
      '• web-1 (eu-west-1)',
      '[7] Snooze 1 h   [8] Snooze 2 h   [9] Keep running tonight',
      '  Snoozing postpones this stop for the instances listed. Or type /stopinator snooze <target> 2h.',
    ]);
    expect(shown.map((b) => b.actionId)).toEqual(['snooze_1h', 'snooze_2h', 'snooze_tonight']);
    expect(shown[0]?.blockId).toBe('stopinator_warning');
  });
});

describe('scheduler decisions as one line each', () => {
  const config = parseConfigText(
    `defaultSchedule: office-hours
regions: [eu-west-1]
schedules:
  office-hours: { timezone: Europe/Paris, start: "08:00", stop: "20:00" }
  new-york: { timezone: America/New_York, start: "08:00", stop: "20:00" }
`,
    'test',
  );

  function linesFor(entries: [string, string, Record<string, unknown>][]): string[] {
    const printed: string[] = [];
    const watch = decisionWatch(config, (line) => printed.push(line));
    for (const [level, message, data] of entries) watch(level as 'info', message, data);
    return printed;
  }

  it('in the zone of the instance’s schedule, with the reason', () => {
    const lines = linesFor([
      [
        'info',
        'decision',
        {
          name: 'web-1',
          schedule: 'office-hours',
          at: '2026-11-24T19:00:00.000Z',
          reason: 'stopped: schedule office-hours, 20:00 Europe/Paris',
        },
      ],
      [
        'info',
        'decision',
        {
          name: 'batch-1',
          schedule: 'new-york',
          at: '2026-11-25T01:00:00.000Z',
          reason: 'stopped: schedule new-york, 20:00 America/New_York',
        },
      ],
      [
        'info',
        'decision',
        {
          name: 'web-2',
          schedule: 'office-hours',
          at: '2026-11-24T18:30:00.000Z',
          reason: 'stops at 20:00 Europe/Paris (schedule office-hours)',
        },
      ],
      [
        'info',
        'decision',
        {
          name: 'ci',
          schedule: 'office-hours',
          at: '2026-11-25T07:00:00.000Z',
          reason: 'left stopped: it was stopped by hand, not by the stopinator',
        },
      ],
    ]);

    expect(lines).toEqual([
      'Tue 20:00 CET  stopped web-1: schedule office-hours, 20:00 Europe/Paris',
      'Tue 20:00 EST  stopped batch-1: schedule new-york, 20:00 America/New_York',
      'Tue 19:30 CET  warning web-2: stops at 20:00 Europe/Paris (schedule office-hours)',
      'Wed 08:00 CET  left stopped ci: it was stopped by hand, not by the stopinator',
    ]);
  });

  it('says an instance left alone once, not on every run, and failed actions always', () => {
    const report = { instanceId: 'i-9', name: 'bastion', reason: 'left alone: tag stopinator=off' };
    const lines = linesFor([
      ['debug', 'decision', { ...report, scheduledTime: '2026-11-24T18:00:00.000Z' }],
      ['debug', 'decision', { ...report, scheduledTime: '2026-11-24T18:05:00.000Z' }],
      [
        'error',
        'action failed',
        {
          scheduledTime: '2026-11-24T18:05:00.000Z',
          instanceId: 'i-1',
          code: 'UnsupportedOperation',
          message: 'spot',
        },
      ],
      ['error', 'could not read snoozes; nothing was stopped', { step: 'read-snoozes' }],
      ['info', 'run done', {}],
    ]);

    expect(lines).toEqual([
      'Tue 19:00 CET  left alone bastion: tag stopinator=off',
      'Tue 19:05 CET  failed on i-1: UnsupportedOperation: spot',
    ]);
  });
});
