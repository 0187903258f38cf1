import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fleetOutlook } from '../../src/core/outlook.js';
import { planRun } from '../../src/core/plan-run.js';
import type { Block, SlackMessage } from '../../src/slack/blocks.js';
import { historyMessage } from '../../src/slack/command-replies.js';
import { SlackNotifier } from '../../src/slack/slack-notifier.js';
import { codeBlock, codeName, flatText, oneLine, plainText } from '../../src/slack/slack-text.js';
import { statusMessage } from '../../src/slack/status-message.js';
import { summaryMessage } from '../../src/slack/summary-message.js';
import { groupWarnings, warningMessage } from '../../src/slack/warning-message.js';
import { instance, snooze } from '../fixtures/fleet.js';
import { at, testConfig } from '../fixtures/schedules.js';

/** Everything an instance name could try: end the code span, add a line, mention, link, format. */
const EVIL = 'x`\n<!channel> *bold*';
const LINK = 'y <http://evil.example|click here> _it_ ~gone~';
const SHOWN_EVIL = '`xˋ &lt;!channel&gt; *bold*`';

const config = testConfig();

/** The mrkdwn people see: every section and context text, and the fallback text. */
function mrkdwn(message: SlackMessage): string[] {
  const texts = [message.text];
  for (const block of message.blocks as Block[]) {
    if (block.type === 'section') texts.push(block.text.text);
    if (block.type === 'context') texts.push(...block.elements.map((e) => e.text));
  }
  return texts;
}

/** What is left once code spans and code blocks are taken out: where mrkdwn formats. */
function outsideCode(text: string): string {
  return text.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
}

/** Nothing injected: no mention or link, no formatting outside code, no line of its own. */
function expectNeutralised(message: SlackMessage) {
  for (const text of mrkdwn(message)) {
    // The bot's own mentions of the people who acted are fine; nothing else may be.
    expect(text.replace(/<@U0ALICE>/g, '')).not.toMatch(/<[!@#]|<https?:|<mailto:/);
    for (const line of text.split('\n')) {
      // A name's parts stay on the line where the name starts.
      if (line.includes('&lt;!channel&gt; *bold*')) expect(line).toContain(SHOWN_EVIL);
      if (line.includes('click here')) expect(line).toContain('`y &lt;http');
    }
  }
  for (const text of mrkdwn(message).slice(1)) {
    expect(outsideCode(text)).not.toMatch(/\*bold\*|_it_|~gone~/);
  }
}

describe('names shown in messages', () => {
  it('codeName keeps any string on one line, inside one code span, with no markup', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (name) => {
        const shown = codeName(name);
        expect(shown.startsWith('`') && shown.endsWith('`')).toBe(true);
        expect(shown.slice(1, -1)).not.toMatch(/[`<>\n\r\u2028\u2029\u202e]/);
        expect(shown.length).toBeLessThanOrEqual(2 + 100 * 5);
      }),
    );
  });

  it.each([
    [EVIL, SHOWN_EVIL],
    ['a\r\nb\tc\u0000d', '`a b c d`'],
    ['\u202eevil', '`evil`'],
    ['', '` `'],
    ['x'.repeat(150), `\`${'x'.repeat(99)}…\``],
  ])('codeName(%j) is %s', (name, shown) => {
    expect(codeName(name)).toBe(shown);
  });

  it('plainText neutralises emphasis at word edges, not inside names', () => {
    expect(plainText('*b* _i_ ~s~ web_1 <!here>')).toBe('∗b∗ ＿i＿ ∼s∼ web_1 &lt;!here&gt;');
  });

  it('flatText and oneLine flatten without code', () => {
    expect(flatText('a\nb`c')).toBe('a bˋc');
    expect(oneLine('a\n<@U1>')).toBe('a &lt;@U1&gt;');
  });

  it('codeBlock keeps lines but nothing can close the block or mention', () => {
    expect(codeBlock('one\n```\n<!channel>')).toBe('```one\nˋˋˋ\n&lt;!channel&gt;```');
  });
});

describe('messages with hostile names', () => {
  const fleet = [
    instance('i-00000001', { name: EVIL, tag: 'true' }),
    instance('i-00000002', { name: LINK, tag: 'true' }),
    instance('i-00000003', { name: 'web-3', tag: 'true' }),
  ];

  it('the warning shows them as code, one line each', () => {
    const plan = planRun({
      instances: fleet,
      config,
      snoozes: [],
      window: {
        from: at('2026-11-24T18:25:00Z'),
        to: at('2026-11-24T18:30:00Z'),
        truncated: false,
      },
    });
    const [group] = groupWarnings(plan.warnings, () => 'Europe/Paris');
    if (!group) throw new Error('no warning');
    const message = warningMessage(group, at('2026-11-24T18:30:00Z'));
    expectNeutralised(message);
    const names = mrkdwn(message).find((t) => t.includes('web-3')) ?? '';
    expect(names.split('\n')).toEqual([
      '• `web-3` (eu-west-1)',
      `• ${SHOWN_EVIL} (eu-west-1)`,
      '• `y &lt;http://evil.example|click here&gt; _it_ ~gone~` (eu-west-1)',
    ]);
  });

  it('the summary shows them as code, and AWS failure text without markup', () => {
    const late = snooze(
      at('2026-11-24T12:00:00Z'),
      { kind: 'for', minutes: 60 },
      { selector: { kind: 'name', pattern: 'y*' }, by: '*boss*', instances: fleet },
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
    const message = summaryMessage(plan, [
      {
        instanceId: 'i-00000003',
        ok: false,
        code: 'UnauthorizedOperation',
        message: 'denied\n<!channel> *bold* see <http://x|y>',
      },
    ]);
    expectNeutralised(message);
    const text = mrkdwn(message).join('\n');
    expect(text).toContain(`:black_square_for_stop: ${SHOWN_EVIL} stopped:`);
    expect(text).toContain('kept running: snoozed by @∗boss∗ until');
    expect(text).toContain(
      '`web-3` (i-00000003): UnauthorizedOperation: denied &lt;!channel&gt; ∗bold∗ see &lt;http://x|y&gt;',
    );
  });

  it('status shows names, tag values and snooze targets as code', () => {
    const odd = instance('i-00000004', { name: 'z', tag: '`<!here>`\n*x*' });
    const now = at('2026-11-24T15:00:00Z');
    const snoozes = [
      snooze(
        now,
        { kind: 'for', minutes: 60 },
        { selector: { kind: 'name', pattern: EVIL }, instances: fleet },
      ),
    ];
    const message = statusMessage({
      outlooks: fleetOutlook([...fleet, odd], config, snoozes, now),
      snoozes,
      config,
      now,
      target: EVIL,
    });
    expectNeutralised(message);
    const text = mrkdwn(message).join('\n');
    expect(text).not.toContain('<!here>');
    expect(text).toContain(`• ${SHOWN_EVIL} snoozed by <@U0ALICE>`);
    expect(text).toMatch(
      /`z` running · eu-west-1: left alone, unknown schedule "ˋ&lt;!here&gt;ˋ ∗x∗"/,
    );
    const header = message.blocks[0];
    expect(header?.type === 'header' && header.text.text).toBe(
      'Stopinator status: xˋ <!channel> *bold*',
    );
  });

  it('history shows targets as code', () => {
    const message = historyMessage(
      [
        {
          id: '1',
          action: 'snooze',
          by: 'U0ALICE',
          at: 0,
          target: EVIL,
          detail: '<!channel>\n*x*',
        },
      ],
      () => '16:00 CET',
    );
    expectNeutralised(message);
    expect(mrkdwn(message).join('\n')).toContain(
      `<@U0ALICE> snooze ${SHOWN_EVIL}: &lt;!channel&gt; ∗x∗`,
    );
  });

  it('an alert to the operator keeps the details, neutralised', async () => {
    const posted: SlackMessage[] = [];
    const notifier = new SlackNotifier(
      { post: async (_channel, message) => void posted.push(message) },
      'C0OPS',
      () => 'Europe/Paris',
      () => 0,
    );
    await notifier.alert(`unknown schedule in tag of ${EVIL}`, 'AccessDenied\n```\n<!channel>');
    const [message] = posted;
    if (!message) throw new Error('no alert');
    expectNeutralised(message);
    expect(mrkdwn(message).join('\n')).toContain('```AccessDenied\nˋˋˋ\n&lt;!channel&gt;```');
  });
});
