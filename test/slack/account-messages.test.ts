import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/core/ports.js';
import { historyMessage } from '../../src/slack/command-replies.js';

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
