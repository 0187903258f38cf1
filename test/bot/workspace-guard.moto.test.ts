import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BOT_TEST_CONFIG, blockText, replyOf, useBotOnMoto } from '../support/bot-on-moto.js';
import { launch } from '../support/scheduler-on-moto.js';
import { actionBody, buttonClick, commandBody, signedEvent } from '../support/slack-request.js';

// Tuesday 24 November 2026, 16:00 in Paris: the stop is at 20:00. The handler is loaded once
// per describe, so users.info answers are remembered across its tests, as in a warm container:
// each test that is about a lookup uses its own user.
const NOW = '2026-11-24T15:00:00Z';
const STOP_AT = Date.parse('2026-11-24T19:00:00Z');

type Bot = ReturnType<typeof useBotOnMoto>;

/** A slash command as Slack sends it, with some payload fields replaced (team_id, user_team…). */
function commandWith(text: string, fields: Record<string, string> = {}, userId = 'U0ALICE') {
  const form = new URLSearchParams(commandBody({ text, userId, userName: userId.toLowerCase() }));
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  return form.toString();
}

/** A click on a warning's Snooze 1 h, with the payload changed by `edit`. */
type ClickPayload = {
  user: Record<string, unknown>;
  team: Record<string, unknown>;
  enterprise?: unknown;
};

function clickWith(edit: (payload: ClickPayload) => void = () => {}, userId = 'U0ALICE') {
  const payload = buttonClick({
    actionId: 'snooze_1h',
    value: JSON.stringify({ schedule: 'office-hours', stopAt: STOP_AT }),
    userId,
    userName: userId.toLowerCase(),
  }) as unknown as ClickPayload;
  edit(payload);
  return actionBody(payload);
}

async function send(bot: Bot, body: string) {
  const handler = await bot.handler();
  return handler(signedEvent(body), {});
}

async function nothingWritten(bot: Bot) {
  expect(await bot.table().snoozes.activeSnoozes(Date.parse(NOW))).toEqual([]);
  expect(await bot.table().audit.recent(5)).toEqual([]);
  expect(bot.slack.of('chat.postMessage')).toEqual([]);
  expect(bot.slack.of('chat.update')).toEqual([]);
}

describe('nothing configured: the workspace a request comes from, its own members only', () => {
  const bot = useBotOnMoto(NOW);
  // A fleet to snooze: a snooze of nothing is refused.
  beforeEach(async () => {
    await launch(bot.ec2(), 1, { Name: 'web-1', stopinator: 'true' });
    vi.setSystemTime(Date.parse(NOW));
  });

  it('a member of the workspace snoozes, after one users.info', async () => {
    const reply = replyOf(await send(bot, commandWith('snooze 2h')));
    expect(reply.text).toBe('Snoozed all instances');
    expect(bot.slack.of('users.info').map((c) => c.body.user)).toEqual(['U0ALICE']);
  });

  it('help, status and history never call users.info, even for a guest', async () => {
    bot.slack.users.set('U0HELEN', { is_restricted: true });
    for (const text of ['help', 'status', 'history', 'status web-*', '']) {
      expect((await send(bot, commandWith(text, {}, 'U0HELEN'))).statusCode).toBe(200);
    }
    expect(bot.slack.of('users.info')).toEqual([]);
  });

  it('a Slack Connect user (user_team differs) is refused politely, before any lookup', async () => {
    const result = await send(bot, commandWith('snooze 2h', { user_team: 'T0OTHERCO' }));
    const reply = replyOf(result);
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toBe(
      'Sorry, the stopinator answers only members of its own workspace; people from other organisations (Slack Connect) cannot use it. Nothing was changed.',
    );
    expect(bot.slack.calls).toEqual([]);
    await nothingWritten(bot);
  });

  it('a Slack Connect user cannot read the status either', async () => {
    const reply = replyOf(await send(bot, commandWith('status', { user_team: 'T0OTHERCO' })));
    expect(reply.text).toContain('Sorry, the stopinator answers only members of its own workspace');
  });

  it('someone users.info places in another workspace is refused a change', async () => {
    bot.slack.users.set('U0DAVE', { team_id: 'T0OTHERCO' });
    const reply = replyOf(await send(bot, commandWith('snooze 2h', {}, 'U0DAVE')));
    expect(reply.text).toContain('people from other organisations (Slack Connect) cannot use it');
    await nothingWritten(bot);
  });

  it('a click by a Slack Connect user is refused with a private message', async () => {
    const result = await send(
      bot,
      clickWith((p) => {
        p.user.team_id = 'T0OTHERCO';
      }),
    );
    expect(result.statusCode).toBe(200);
    const told = bot.slack.of('chat.postEphemeral');
    expect(told).toHaveLength(1);
    expect(told[0]?.body).toMatchObject({ channel: 'C0STOPINATOR', user: 'U0ALICE' });
    expect(String(told[0]?.body.text)).toContain('people from other organisations');
    await nothingWritten(bot);
  });

  it.each([
    ['a multi-channel guest', 'U0MULTI', { is_restricted: true }],
    ['a single-channel guest', 'U0SINGLE', { is_restricted: true, is_ultra_restricted: true }],
  ])('%s may not snooze, unsnooze or wake', async (_label, userId, flags) => {
    bot.slack.users.set(userId, flags);
    for (const text of ['snooze 2h', 'unsnooze', 'wake web-1']) {
      const reply = replyOf(await send(bot, commandWith(text, {}, userId)));
      expect(reply.text).toContain('guest accounts can look');
    }
    await nothingWritten(bot);
    // One lookup, remembered for the next commands.
    expect(bot.slack.of('users.info')).toHaveLength(1);
  });

  it('a guest’s click is refused with a private message', async () => {
    bot.slack.users.set('U0GUEST', { is_ultra_restricted: true });
    await send(bot, clickWith(undefined, 'U0GUEST'));
    expect(String(bot.slack.of('chat.postEphemeral')[0]?.body.text)).toContain(
      'guest accounts can look',
    );
    await nothingWritten(bot);
  });

  it('when users.info is slow, a change is refused in time and status still answers', async () => {
    bot.slack.delayFor.set('users.info', 2_500);
    const started = performance.now();
    const reply = replyOf(await send(bot, commandWith('snooze 2h', {}, 'U0SLOW')));
    const ms = performance.now() - started;
    expect(reply.text).toContain('Slack did not confirm in time that you are a member');
    expect(ms).toBeLessThan(1_800);
    await nothingWritten(bot);
    const status = replyOf(await send(bot, commandWith('status', {}, 'U0SLOW')));
    expect(status.text).toMatch(/Next stop: 1 instance at 20:00 CET/);
  });

  it('when users.info fails (missing_scope), a change is refused', async () => {
    bot.slack.failWith.set('users.info', 'missing_scope');
    const reply = replyOf(await send(bot, commandWith('wake web-1', {}, 'U0BOB')));
    expect(reply.text).toContain('Slack did not confirm in time');
    await nothingWritten(bot);
  });

  it('a failed lookup is not remembered; a good one is, for 10 minutes', async () => {
    bot.slack.failWith.set('users.info', 'ratelimited');
    await send(bot, commandWith('snooze 1h', {}, 'U0CAROL'));
    bot.slack.failWith.clear();
    expect(replyOf(await send(bot, commandWith('snooze 1h', {}, 'U0CAROL'))).text).toBe(
      'Snoozed all instances',
    );
    await send(bot, commandWith('snooze 2h', {}, 'U0CAROL'));
    expect(bot.slack.of('users.info')).toHaveLength(2);
    vi.setSystemTime(Date.parse(NOW) + 11 * 60_000);
    await send(bot, commandWith('snooze 3h', {}, 'U0CAROL'));
    vi.setSystemTime(Date.parse(NOW));
    expect(bot.slack.of('users.info')).toHaveLength(3);
  });
});

describe('slack.workspaces set, guests allowed', () => {
  const bot = useBotOnMoto(
    NOW,
    {},
    BOT_TEST_CONFIG.replace(
      'slack: { channel: C0STOPINATOR, warningLead: 30m }',
      'slack: { channel: C0STOPINATOR, warningLead: 30m, workspaces: [T0TEST, T0SECOND] }',
    ).replace('permissions:\n', 'permissions:\n  guests: true\n'),
  );
  // A fleet to snooze: a snooze of nothing is refused.
  beforeEach(async () => {
    await launch(bot.ec2(), 1, { Name: 'web-1', stopinator: 'true' });
    vi.setSystemTime(Date.parse(NOW));
  });

  it('a request from an unlisted workspace is refused, whatever the command', async () => {
    for (const text of ['snooze 2h', 'help']) {
      const reply = replyOf(await send(bot, commandWith(text, { team_id: 'T0ELSEWHERE' })));
      expect(reply.text).toBe(
        'Sorry, the stopinator answers only its own Slack workspace. Nothing was changed.',
      );
    }
    expect(bot.slack.calls).toEqual([]);
    await nothingWritten(bot);
  });

  it('a click from an unlisted workspace is refused', async () => {
    await send(
      bot,
      clickWith((p) => {
        p.team.id = 'T0ELSEWHERE';
        p.user.team_id = 'T0ELSEWHERE';
      }),
    );
    expect(String(bot.slack.of('chat.postEphemeral')[0]?.body.text)).toContain(
      'answers only its own Slack workspace',
    );
    await nothingWritten(bot);
  });

  it('a person from a listed workspace acts in another listed one', async () => {
    bot.slack.users.set('U0ALICE', { team_id: 'T0SECOND' });
    const reply = replyOf(await send(bot, commandWith('snooze 2h', { user_team: 'T0SECOND' })));
    expect(reply.text).toBe('Snoozed all instances');
  });

  it('a guest may click and snooze when permissions.guests is true', async () => {
    bot.slack.users.set('U0GUEST', { is_restricted: true });
    await send(bot, clickWith(undefined, 'U0GUEST'));
    expect(blockText(bot.slack.of('chat.update')[0]?.body ?? {})).toContain(
      '<@U0GUEST> snoozed: stop 20:00 CET → 21:00 CET',
    );
    const reply = replyOf(await send(bot, commandWith('snooze web-* 2h', {}, 'U0GUEST')));
    expect(reply.text).toBe('Snoozed web-*');
  });
});

describe('slack.enterprise set', () => {
  const bot = useBotOnMoto(
    NOW,
    {},
    BOT_TEST_CONFIG.replace(
      'slack: { channel: C0STOPINATOR, warningLead: 30m }',
      'slack: { channel: C0STOPINATOR, warningLead: 30m, enterprise: E0ORG }',
    ),
  );
  // A fleet to snooze: a snooze of nothing is refused.
  beforeEach(async () => {
    await launch(bot.ec2(), 1, { Name: 'web-1', stopinator: 'true' });
    vi.setSystemTime(Date.parse(NOW));
  });

  it('a request outside the organisation is refused', async () => {
    const reply = replyOf(await send(bot, commandWith('status')));
    expect(reply.text).toContain('answers only its own Slack workspace');
    const other = replyOf(await send(bot, commandWith('status', { enterprise_id: 'E0ELSE' })));
    expect(other.text).toContain('answers only its own Slack workspace');
  });

  it('any workspace of the organisation is served, its people from any of its workspaces', async () => {
    bot.slack.users.set('U0ALICE', {
      team_id: 'T0OTHERWS',
      enterprise_user: { enterprise_id: 'E0ORG', teams: ['T0OTHERWS', 'T0ANY'] },
    });
    const reply = replyOf(
      await send(bot, commandWith('snooze 2h', { team_id: 'T0ANY', enterprise_id: 'E0ORG' })),
    );
    expect(reply.text).toBe('Snoozed all instances');
  });

  it('a click from the organisation works; one from another organisation’s user does not', async () => {
    bot.slack.users.set('U0BOB', {
      team_id: 'T0PARTNER',
      enterprise_user: { enterprise_id: 'E0ELSE' },
    });
    await send(
      bot,
      clickWith((p) => {
        p.enterprise = { id: 'E0ORG', name: 'org' };
      }, 'U0BOB'),
    );
    expect(String(bot.slack.of('chat.postEphemeral')[0]?.body.text)).toContain(
      'people from other organisations',
    );
    await nothingWritten(bot);
    await send(
      bot,
      clickWith((p) => {
        p.enterprise = { id: 'E0ORG', name: 'org' };
      }),
    );
    expect(bot.slack.of('chat.update')).toHaveLength(1);
  });
});
