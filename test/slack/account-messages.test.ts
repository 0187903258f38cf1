import { describe, expect, it } from 'vitest';
import { USAGE } from '../../src/core/command.js';
import { planRun } from '../../src/core/plan-run.js';
import type { AuditEntry } from '../../src/core/ports.js';
import { historyMessage, usageMessage } from '../../src/slack/command-replies.js';
import { groupWarnings, warningMessage } from '../../src/slack/warning-message.js';
import { instance } from '../fixtures/fleet.js';
import { testConfig } from '../fixtures/schedules.js';

const DEV = '111111111111';
const FOUND = '333333333333';
const at = Date.parse('2026-11-24T18:00:00Z');
const entry = (id: string, target: string, accounts?: string[]): AuditEntry => ({
  id,
  action: 'snooze',
  by: 'U0ALICE',
  at,
  target,
  ...(accounts ? { accounts } : {}),
});
const text = (m: { blocks: unknown[] }) => JSON.stringify(m.blocks);

describe('history across accounts', () => {
  it('puts each change under its account’s heading, by name or id, several accounts apart', () => {
    const message = historyMessage(
      [
        entry('1', 'dev/web-1', [DEV]),
        entry('2', 'web-*', [DEV, FOUND]),
        entry('3', `${FOUND}/ci`, [FOUND]),
      ],
      () => '19:00 CET',
      [{ id: DEV, name: 'dev' }],
    );

    expect(text(message)).toMatch(
      new RegExp(
        `\\*${FOUND}\\*.*${FOUND}/ci.*\\*dev\\*.*dev/web-1.*\\*Several accounts\\*.*web-\\*`,
      ),
    );
  });

  it('without member accounts, reads as before: no heading', () => {
    const message = historyMessage([entry('1', 'web-1')], () => '19:00 CET');

    expect(text(message)).toBe(
      JSON.stringify([
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '*Recent snoozes and wakes*\n• 19:00 CET: <@U0ALICE> snooze `web-1`',
          },
        },
      ]),
    );
  });
});

describe('the pre-stop warning across accounts', () => {
  it('names each resource’s account by its name (else its id) and region, never the raw place', () => {
    const config = testConfig();
    const instances = [
      instance('i-00000001', { name: 'web-1', tag: 'true', region: `${DEV}/eu-west-1` }),
      instance('i-00000002', { name: 'web-2', tag: 'true', region: `${FOUND}/eu-west-1` }),
    ];
    const plan = planRun({
      instances,
      config,
      snoozes: [],
      window: {
        from: Date.parse('2026-11-24T18:25:00Z'),
        to: Date.parse('2026-11-24T18:30:00Z'),
        truncated: false,
      },
    });
    const [group] = groupWarnings(plan.warnings, () => 'Europe/Paris');
    if (!group) throw new Error('no warning at 19:30');

    const shown = text(
      warningMessage(group, Date.parse('2026-11-24T18:30:00Z'), [{ id: DEV, name: 'dev' }]),
    );

    expect(shown).toContain('(dev eu-west-1)');
    expect(shown).toContain(`(${FOUND} eu-west-1)`);
    expect(shown).not.toContain(`${DEV}/eu-west-1`);
  });
});

describe('help across accounts', () => {
  it('adds how to name an account, with the accounts, only when there are some', () => {
    const accounts = [{ id: DEV, name: 'dev' }, { id: FOUND }];

    const withAccounts = usageMessage(undefined, accounts).text;

    expect(withAccounts).toContain(
      'In another account: `dev/web-1`, `account:dev` (accounts: `dev`, `333333333333`).',
    );
    expect(usageMessage().text).toBe(USAGE);
  });
});
