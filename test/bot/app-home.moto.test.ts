import { describe, expect, it } from 'vitest';
import { EVENING_CONFIG, useEveningOnMoto } from '../support/evening-on-moto.js';
import { actionBody } from '../support/slack-request.js';

// Wednesday 25 November 2026, Paris UTC+1. Both instances were stopped Tuesday 20:00 to
// Wednesday 08:00 (12 h each at $0.05): this month's savings are 24 h, $1.20.
const world = useEveningOnMoto(`${EVENING_CONFIG}
savings: { prices: { t3.medium: 0.05 } }
`);

const JSON_TYPE = 'application/json';

function homeOpened(user: string): string {
  return JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: 'T0TEST',
    api_app_id: 'A0TEST',
    type: 'event_callback',
    event_id: `Ev${user}`,
    event_time: 1764000000,
    event: {
      type: 'app_home_opened',
      user,
      channel: 'D0HOME',
      tab: 'home',
      event_ts: '1764000000.000100',
    },
  });
}

function cancelClick(user: string, snoozeId: string): string {
  return actionBody({
    type: 'block_actions',
    team: { id: 'T0TEST', domain: 'test' },
    user: { id: user, username: 'alice', name: 'alice', team_id: 'T0TEST' },
    api_app_id: 'A0TEST',
    token: 'deprecated-verification-token',
    container: { type: 'view', view_id: 'V0HOME' },
    trigger_id: 'trigger.home',
    view: { id: 'V0HOME', type: 'home' },
    actions: [
      {
        type: 'button',
        action_id: 'home_cancel_snooze',
        block_id: 'b1',
        text: { type: 'plain_text', text: 'Cancel' },
        value: snoozeId,
        action_ts: '1764000000.000200',
      },
    ],
  } as never);
}

function publishedViews(): { user: string; blocks: unknown[] }[] {
  return world.slack.of('views.publish').map((call) => {
    const view = typeof call.body.view === 'string' ? JSON.parse(call.body.view) : call.body.view;
    return { user: String(call.body.user_id), blocks: (view as { blocks: unknown[] }).blocks };
  });
}

describe('the App Home tab, through the real handler (Events API, Bolt, views.publish)', () => {
  it('answers Slack’s url_verification challenge', async () => {
    const answer = await world.send(
      '2026-11-25T10:00:00Z',
      JSON.stringify({ token: 't', challenge: 'ch4ll3nge', type: 'url_verification' }),
      JSON_TYPE,
    );
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toContain('ch4ll3nge');
  });

  it('app_home_opened: what runs now, tonight, her snoozes with Cancel, this month’s savings; Cancel cancels it', async () => {
    await world.launch('web-1', 'office-hours', 't3.medium');
    await world.launch('web-2', 'office-hours', 't3.medium');
    await world.runAt('2026-11-24T18:55:00Z', '2026-11-24T19:00:00Z');
    await world.runAt('2026-11-25T06:55:00Z', '2026-11-25T07:00:00Z');
    await world.command('alice', '2026-11-25T16:00:00Z', 'snooze web-1 2h');

    const opened = await world.send('2026-11-25T16:05:00Z', homeOpened('U0ALICE'), JSON_TYPE);
    expect(opened.statusCode).toBe(200);
    const [home] = publishedViews();
    expect(home?.user).toBe('U0ALICE');
    const shown = JSON.stringify(home?.blocks);
    expect(shown).toContain('*Running now:* 2 resources of 2');
    expect(shown).toContain('stop `web-2`');
    expect(shown).toContain('stop 20:00 CET → 22:00 CET');
    expect(shown).toContain('*Savings this month:* 24 h, $1.20');
    expect(shown).toContain('office-hours');
    const [snooze] = await world.table().snoozes.activeSnoozes(0);
    expect(shown).toContain(
      `"action_id":"home_cancel_snooze","text":{"type":"plain_text","text":"Cancel"},"value":"${snooze?.id}"`,
    );

    // Bob's home shows none of alice's snoozes as his.
    await world.send('2026-11-25T16:06:00Z', homeOpened('U0BOB'), JSON_TYPE);
    expect(JSON.stringify(publishedViews()[1]?.blocks)).not.toContain('home_cancel_snooze');

    const clicked = await world.send(
      '2026-11-25T16:10:00Z',
      cancelClick('U0ALICE', snooze?.id ?? ''),
      'application/x-www-form-urlencoded',
    );
    expect(clicked.statusCode).toBe(200);
    const [after] = await world.table().snoozes.activeSnoozes(0);
    expect(after?.ends.every((e) => e.cancelled?.by === 'U0ALICE')).toBe(true);
    const again = JSON.stringify(publishedViews().at(-1)?.blocks);
    expect(again).not.toContain('home_cancel_snooze');
  });
});
