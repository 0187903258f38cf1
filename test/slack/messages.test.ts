import { describe, expect, it } from 'vitest';
import type { FleetInstance } from '../../src/core/instance.js';
import { fleetOutlook } from '../../src/core/outlook.js';
import { planRun } from '../../src/core/plan-run.js';
import { type Block, LIMITS } from '../../src/slack/blocks.js';
import { clockText, whenText } from '../../src/slack/clock-text.js';
import { escapeText } from '../../src/slack/slack-text.js';
import { statusMessage } from '../../src/slack/status-message.js';
import { summaryMessage } from '../../src/slack/summary-message.js';
import {
  groupWarnings,
  warningAfterClick,
  warningMessage,
} from '../../src/slack/warning-message.js';
import { zoneAbbreviation } from '../../src/slack/zone-abbreviations.js';
import { instance, snooze } from '../fixtures/fleet.js';
import { at, testConfig } from '../fixtures/schedules.js';

const config = testConfig();
const NOW = at('2026-11-24T16:50:00Z'); // 17:50 in Paris

function assertWithinLimits(blocks: readonly Block[]) {
  expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
  for (const block of blocks) {
    if (block.type === 'section')
      expect(block.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    if (block.type === 'actions')
      expect(block.elements.length).toBeLessThanOrEqual(LIMITS.buttonsPerActions);
    if (block.type === 'header')
      expect(block.text.text.length).toBeLessThanOrEqual(LIMITS.headerText);
  }
}

function bigFleet(n: number): FleetInstance[] {
  return Array.from({ length: n }, (_, i) =>
    instance(`i-${String(i).padStart(8, '0')}`, {
      name: `service-with-a-long-name-${i}`,
      tag: i % 10 === 0 ? 'new-york' : i % 50 === 7 ? 'bogus' : 'true',
      state: i % 3 === 0 ? 'stopped' : 'running',
      ...(i % 3 === 0 ? { stoppedAt: at('2026-11-23T19:00:00Z') } : {}),
    }),
  );
}

describe('times for people', () => {
  it.each([
    ['Europe/Paris', '2026-11-24T19:00:00Z', '20:00 CET, in 2 h 10 min'],
    ['Europe/Paris', '2027-07-01T18:00:00Z', 'Thu 20:00 CEST, in 219 days'],
    ['America/New_York', '2026-11-25T01:00:00Z', '20:00 EST, in 8 h 10 min'],
    ['Asia/Kolkata', '2026-11-24T14:30:00Z', '20:00 IST, 2 h 20 min ago'],
    ['Asia/Kolkata', '2026-11-25T14:30:00Z', 'Wed 20:00 IST, in 21 h 40 min'],
  ])('%s %s', (zone, when, expected) => {
    expect(whenText(at(when), zone, NOW)).toBe(expected);
  });

  it('names zones without a common abbreviation by offset', () => {
    expect(zoneAbbreviation('America/Sao_Paulo', NOW)).toBe('GMT-3');
    expect(clockText(at('2026-11-24T19:00:00Z'), 'UTC', NOW)).toBe('19:00 UTC');
  });

  it('escapes what Slack would read as markup', () => {
    expect(escapeText('<web> & <@U1>')).toBe('&lt;web&gt; &amp; &lt;@U1&gt;');
  });
});

describe('status', () => {
  it('a fleet of 500 is summarised within Slack limits and says what it left out', () => {
    const instances = bigFleet(500);
    const message = statusMessage({
      outlooks: fleetOutlook(instances, config, [], NOW),
      snoozes: [],
      config,
      now: NOW,
      target: 'all instances',
    });
    assertWithinLimits(message.blocks);
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('500 instances: running 333, stopped 167');
    expect(text).toMatch(/…and \d+ more instances not listed \(\d+ instances: /);
    expect(text).toContain(':warning: 10 problems');
    // Problems come first, so none of them is among those left out.
    expect(text).toContain('`service-with-a-long-name-7`');
    const listed = (text.match(/`service-with-a-long-name-\d+`/g) ?? []).length;
    const left = Number(/…and (\d+) more instances/.exec(text)?.[1]);
    expect(listed + left).toBe(500);
  });

  it('escapes instance names', () => {
    const message = statusMessage({
      outlooks: fleetOutlook(
        [instance('i-00000001', { name: '<b>&evil', tag: 'true' })],
        config,
        [],
        NOW,
      ),
      snoozes: [],
      config,
      now: NOW,
      target: 'all instances',
    });
    expect(JSON.stringify(message.blocks)).toContain('&lt;b&gt;&amp;evil');
  });
});

/** The warning group the 19:30 Paris run makes for the 20:00 stop. */
function warningAt1930(instances: FleetInstance[]) {
  const window = {
    from: at('2026-11-24T18:25:00Z'),
    to: at('2026-11-24T18:30:00Z'),
    truncated: false,
  };
  const plan = planRun({ instances, config, snoozes: [], window });
  const [group] = groupWarnings(plan.warnings, () => 'Europe/Paris');
  if (!group) throw new Error('no warning at 19:30');
  return group;
}

describe('warning and summary', () => {
  const fleet = [
    instance('i-00000001', { name: 'web-1', tag: 'true' }),
    instance('i-00000002', { name: 'web-2', tag: 'true' }),
  ];

  it('warns with three buttons acting on the stop it announces', () => {
    const message = warningMessage(warningAt1930(fleet), at('2026-11-24T18:30:00Z'));
    assertWithinLimits(message.blocks);
    expect(message.text).toBe('2 instances on office-hours will stop at 20:00 CET, in 30 min.');
    const actions = message.blocks.find((b) => b.type === 'actions');
    expect(
      actions?.type === 'actions' &&
        actions.elements.map((e) => [e.action_id, e.text.text, JSON.parse(e.value ?? '')]),
    ).toEqual(
      [
        ['snooze_1h', 'Snooze 1 h'],
        ['snooze_2h', 'Snooze 2 h'],
        ['snooze_tonight', 'Keep running tonight'],
      ].map(([id, label]) => [
        id,
        label,
        {
          schedule: 'office-hours',
          stopAt: at('2026-11-24T19:00:00Z'),
          stop: at('2026-11-24T19:00:00Z'),
        },
      ]),
    );
  });

  it('a warning for 300 instances stays within limits', () => {
    const many = bigFleet(300).filter((i) => i.state === 'running' && i.tags.stopinator === 'true');
    assertWithinLimits(warningMessage(warningAt1930(many), NOW).blocks);
  });

  it('after clicks, one note per person under the original warning, updated in place', () => {
    const original: Block[] = [{ type: 'section', text: { type: 'mrkdwn', text: 'warning' } }];
    const once = warningAfterClick(original, 'U0ALICE', 'snoozed 1h: until 21:00 CET');
    const twice = warningAfterClick(once, 'U0BOB', 'snoozed 2h: until 22:00 CET');
    const again = warningAfterClick(twice, 'U0ALICE', 'already snoozed until 21:00 CET');
    expect(JSON.stringify(twice)).toContain('<@U0ALICE> snoozed 1h');
    expect(JSON.stringify(twice)).toContain('<@U0BOB> snoozed 2h');
    expect(twice).toHaveLength(3);
    expect(again).toHaveLength(3);
    expect(JSON.stringify(again)).toContain('<@U0ALICE> already snoozed until 21:00 CET');
    expect(JSON.stringify(again)).not.toContain('<@U0ALICE> snoozed 1h');
  });

  it('a warning with many clicks keeps its own blocks within Slack’s limit', () => {
    let blocks: Block[] = warningMessage(warningAt1930(fleet), NOW).blocks;
    for (let i = 0; i < 80; i++) blocks = warningAfterClick(blocks, `U0PERSON${i}`, 'snoozed');
    assertWithinLimits(blocks);
    expect(blocks[0]).toEqual(warningMessage(warningAt1930(fleet), NOW).blocks[0]);
  });

  it('the summary says what stopped, what kept running and why, and what failed', () => {
    const late = snooze(
      at('2026-11-24T12:00:00Z'),
      { kind: 'for', minutes: 60 },
      { selector: { kind: 'name', pattern: 'web-2' }, instances: fleet },
    );
    const plan = planRun({
      instances: fleet,
      config,
      snoozes: [late],
      window: {
        from: at('2026-11-24T18:55:00Z'),
        to: at('2026-11-24T19:00:00Z'),
        truncated: false,
      },
    });
    const message = summaryMessage(plan, []);
    expect(message.text).toBe('Stopinator: stopped 1 instance, kept 1 running.');
    expect(JSON.stringify(message.blocks)).toContain(
      '`web-2` kept running: snoozed by @alice until 21:00 Europe/Paris',
    );
    const failed = summaryMessage(plan, [
      {
        instanceId: 'i-00000001',
        ok: false,
        code: 'IncorrectInstanceState',
        message: 'not running',
      },
    ]);
    expect(failed.text).toBe('Stopinator: kept 1 running, :x: 1 failed.');
    expect(JSON.stringify(failed.blocks)).toContain(
      '`web-1` (i-00000001): IncorrectInstanceState: not running',
    );
  });
});

describe('a fleet of several kinds', () => {
  const fleet = [
    instance('i-00000001', { name: 'web-1', tag: 'true' }),
    instance('i-00000002', { name: 'web-2', tag: 'true' }),
    instance('rds:db-main', { tag: 'true' }),
    instance('cluster:aurora-1', { tag: 'true' }),
    instance('asg:web-asg', {
      tag: 'true',
      state: 'stopped',
      stoppedAt: at('2026-11-23T19:00:00Z'),
    }),
  ];
  const resized = {
    ...instance('asg:batch-asg', { tag: 'true' }),
    stateReason: 'resized to 0/1/5 while stopped; saved 1/2/3',
  };

  it('status labels what is not an EC2 instance and counts each kind', () => {
    const message = statusMessage({
      outlooks: fleetOutlook(fleet, config, [], NOW),
      snoozes: [],
      config,
      now: NOW,
      target: 'all',
    });
    const text = JSON.stringify(message.blocks);

    expect(message.text).toContain(
      '5 resources (EC2 2, RDS 1, DB cluster 1, Auto Scaling group 1): running 4, stopped 1',
    );
    expect(text).toContain('Next stop:* 4 resources at 20:00 CET');
    expect(text).toContain('`db-main` RDS · running · office-hours · eu-west-1: stops 20:00 CET');
    expect(text).toContain('`aurora-1` DB cluster · running · office-hours · eu-west-1');
    expect(text).toContain('`web-asg` Auto Scaling group · stopped · office-hours · eu-west-1');
    expect(text).toContain('`web-1` running · office-hours · eu-west-1');
  });

  it('status says what RDS or Auto Scaling reports beside the state, not EC2’s codes', () => {
    const ec2 = { ...instance('i-00000009', { name: 'web-9', tag: 'true' }), stateReason: 'x' };
    const message = statusMessage({
      outlooks: fleetOutlook([resized, ec2], config, [], NOW),
      snoozes: [],
      config,
      now: NOW,
      target: 'all',
    });
    const text = JSON.stringify(message.blocks);

    expect(text).toContain(
      '`batch-asg` Auto Scaling group · running (resized to 0/1/5 while stopped; saved 1/2/3) · office-hours',
    );
    expect(text).toContain('`web-9` running · office-hours');
  });

  it('status of one kind says what they are', () => {
    const databases = fleet.filter((i) => i.id.startsWith('rds:'));
    const message = statusMessage({
      outlooks: fleetOutlook(databases, config, [], NOW),
      snoozes: [],
      config,
      now: NOW,
      target: 'db-main',
    });

    expect(message.text).toBe(
      'Next stop: 1 database at 20:00 CET, in 2 h 10 min. 1 database: running 1 · office-hours 1.',
    );
  });

  it('the warning and the summary name the kinds too', () => {
    const warning = warningMessage(warningAt1930(fleet), at('2026-11-24T18:30:00Z'));
    const plan = planRun({
      instances: fleet,
      config,
      snoozes: [],
      window: {
        from: at('2026-11-24T18:55:00Z'),
        to: at('2026-11-24T19:00:00Z'),
        truncated: false,
      },
    });

    expect(warning.text).toBe('4 resources on office-hours will stop at 20:00 CET, in 30 min.');
    expect(JSON.stringify(warning.blocks)).toContain('• `db-main` (RDS, eu-west-1)');
    expect(JSON.stringify(warning.blocks)).toContain('• `web-1` (eu-west-1)');
    expect(summaryMessage(plan, []).text).toBe('Stopinator: stopped 4 resources.');
  });
});
