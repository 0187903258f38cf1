import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { blockText, CHANNEL, replyOf, useBotOnMoto } from '../support/bot-on-moto.js';
import { launch, statesOf, stopByHand } from '../support/scheduler-on-moto.js';
import { actionBody, buttonClick, commandBody, signedEvent } from '../support/slack-request.js';

// Tuesday 24 November 2026, 16:00 in Paris: working hours, the stop is at 20:00 (19:00Z).
const NOW = '2026-11-24T15:00:00Z';
const bot = useBotOnMoto(NOW);

async function command(
  text: string,
  fields: Parameters<typeof commandBody>[0] extends infer F ? Partial<F> : never = {},
) {
  const handler = await bot.handler();
  return handler(signedEvent(commandBody({ text, ...fields })), {});
}

async function seedFleet() {
  const ec2 = bot.ec2();
  const [web1] = await launch(ec2, 1, { Name: 'web-1', stopinator: 'true' });
  const [web2] = await launch(ec2, 1, { Name: 'web-2', stopinator: 'office-hours' });
  const [db1] = await launch(ec2, 1, { Name: 'db-1', stopinator: 'true' });
  const [typo] = await launch(ec2, 1, { Name: 'typo', stopinator: 'ofice-hours' });
  const [ny] = await launch(bot.ec2('us-east-1'), 1, { Name: 'ny-1', stopinator: 'new-york' });
  await stopByHand(ec2, [db1 as string]);
  return {
    web1: web1 as string,
    web2: web2 as string,
    db1: db1 as string,
    typo: typo as string,
    ny: ny as string,
  };
}

describe('/stopinator snooze', () => {
  it('snoozes everything by default, privately confirms, writes DynamoDB and announces', async () => {
    const { web1, web2 } = await seedFleet();
    const reply = replyOf(await command('snooze 2h'));
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toBe('Snoozed all instances');
    expect(blockText(reply)).toContain('`web-1` and `web-2`: stop 20:00 CET → 22:00 CET, in 6 h');
    expect(blockText(reply)).toContain('`ny-1`: stop 20:00 EST → 22:00 EST, in 12 h');
    expect(blockText(reply)).toContain('`db-1` is stopped by hand: nothing to snooze');
    expect(blockText(reply)).toContain('`typo` is left alone: unknown schedule');
    const snoozes = await bot.table().snoozes.activeSnoozes(Date.parse(NOW));
    expect(snoozes).toMatchObject([
      {
        kind: 'snooze',
        selector: { kind: 'all' },
        length: { kind: 'for', minutes: 120 },
        by: 'U0ALICE',
        byName: 'alice',
      },
    ]);
    const paris = snoozes[0]?.ends.find((e) => e.schedule === 'office-hours');
    expect([...(paris?.resources ?? [])].sort()).toEqual(
      [`eu-west-1/${web1}`, `eu-west-1/${web2}`].sort(),
    );
    expect(await bot.table().audit.recent(5)).toMatchObject([
      { action: 'snooze', by: 'U0ALICE', target: 'all instances' },
    ]);
    const posts = bot.slack.of('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body.channel).toBe(CHANNEL);
    expect(JSON.stringify(posts[0]?.body.blocks)).toContain('<@U0ALICE> snoozed `all instances`');
    expect(posts[0]?.authorization).toBe('Bearer xoxb-test-0000-token');
  });

  it.each([
    [
      'snooze web-* until 23:30',
      'Snoozed web-*',
      '`web-1` and `web-2`: stop 20:00 CET → 23:30 CET',
    ],
    ['snooze office-hours tonight', 'Snoozed schedule office-hours', '→ Wed 08:00 CET'],
    ['snooze WEB-1 90m', 'Snoozed web-1', '`web-1`: stop 20:00 CET → 21:30 CET'],
    ['snooze', 'Snoozed all instances', '→ 22:00 CET'],
  ])('%s', async (text, summary, until) => {
    await seedFleet();
    const reply = replyOf(await command(text));
    expect(reply.text).toBe(summary);
    expect(blockText(reply)).toContain(until);
  });

  it('an id the fleet does not have is refused, nothing written, nothing announced', async () => {
    await seedFleet();
    const reply = replyOf(await command('snooze i-0123456789abcdef0 90m'));
    expect(reply.text).toContain('No instance i-0123456789abcdef0 takes part');
    expect(await bot.table().snoozes.activeSnoozes(Date.parse(NOW))).toEqual([]);
    expect(bot.slack.of('chat.postMessage')).toEqual([]);
  });

  it('says when a snooze would end before the stop, and writes nothing', async () => {
    await seedFleet();
    const reply = replyOf(await command('snooze web-1 until 17:00'));
    expect(blockText(reply)).toContain(
      'nothing to postpone, 17:00 CET is not after its stop at 20:00 CET',
    );
    expect(await bot.table().snoozes.activeSnoozes(Date.parse(NOW))).toEqual([]);
  });

  it('a shorter snooze after a longer one says which holds', async () => {
    await seedFleet();
    await command('snooze web-* 3h', { userId: 'U0BOB', userName: 'bob' });
    const reply = replyOf(await command('snooze web-* 1h'));
    expect(blockText(reply)).toContain('already kept up until 23:00 CET by <@U0BOB>');
  });

  it('the same request delivered twice writes one snooze and one announcement', async () => {
    await seedFleet();
    const handler = await bot.handler();
    const body = commandBody({ text: 'snooze 2h', triggerId: 'trigger.same.1' });
    await handler(signedEvent(body), {});
    const again = replyOf(
      await handler(signedEvent(body, { headers: { 'x-slack-retry-num': '1' } }), {}),
    );
    expect(again.text).toBe('Already snoozed all instances');
    expect(await bot.table().snoozes.activeSnoozes(Date.parse(NOW))).toHaveLength(1);
    expect(bot.slack.of('chat.postMessage')).toHaveLength(1);
  });

  it.each([
    ['snooze 30', 'needs a unit'],
    ['snooze until 25:00', 'not a time'],
    ['snooze web-1 db-1', 'one target'],
    ['snooze schedule:nope 1h', 'no schedule named'],
    ['dance', 'unknown command'],
    ['snoze web-1', 'Did you mean `snooze`?'],
  ])('%s gets the usage, privately', async (text, problem) => {
    const reply = replyOf(await command(text));
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toContain(problem);
    expect(reply.text).toContain('/stopinator status');
    expect(bot.slack.calls).toEqual([]);
  });
});

describe('/stopinator unsnooze', () => {
  it('cancels the snoozes covering a target and announces it', async () => {
    await seedFleet();
    await command('snooze web-* 2h');
    await command('snooze db-* 2h');
    bot.slack.clear();
    vi.setSystemTime(Date.parse(NOW) + 60_000);
    const reply = replyOf(await command('unsnooze web-*'));
    vi.setSystemTime(Date.parse(NOW));
    expect(reply.text).toBe('Cancelled snoozes on web-*');
    expect(blockText(reply)).toContain('stops as scheduled, 20:00 CET');
    const left = await bot.table().snoozes.activeSnoozes(Date.parse(NOW));
    const live = left.filter((s) => s.ends.some((e) => !e.cancelled));
    expect(live.map((s) => s.selector)).toEqual([]);
    expect(bot.slack.of('chat.postMessage')).toHaveLength(1);
    expect((await bot.table().audit.recent(1))[0]?.action).toBe('unsnooze');
  });

  it('says so when there is nothing to cancel', async () => {
    await seedFleet();
    expect(replyOf(await command('unsnooze')).text).toBe(
      'You have no active snooze or wake to cancel.',
    );
  });

  it('a replayed unsnooze acts once', async () => {
    await seedFleet();
    await command('snooze web-1 2h');
    const handler = await bot.handler();
    const body = commandBody({ text: 'unsnooze web-1', triggerId: 'trigger.unsnooze.1' });
    replyOf(await handler(signedEvent(body), {}));
    const again = replyOf(await handler(signedEvent(body), {}));
    expect(again.text).toMatch(/No active snooze covers `web-1`|Already done/);
    expect((await bot.table().audit.recent(5)).filter((e) => e.action === 'unsnooze')).toHaveLength(
      1,
    );
  });
});

describe('/stopinator status', () => {
  it('shows the next stop, each instance with its next action, and problems first', async () => {
    await seedFleet();
    await command('snooze web-1 2h', { userId: 'U0BOB', userName: 'bob' });
    const reply = replyOf(await command('status'));
    const text = blockText(reply);
    expect(reply.text).toContain('Next stop: 1 instance at 20:00 CET, in 4 h');
    expect(text).toContain(
      '`web-1` running · office-hours · eu-west-1: stops 22:00 CET, in 6 h (snoozed by <@U0BOB>)',
    );
    expect(text).toContain(
      '`db-1` stopped · office-hours · eu-west-1: stopped by hand; the stopinator leaves it stopped',
    );
    expect(text).toContain('`ny-1` running · new-york · us-east-1: stops 20:00 EST, in 10 h');
    expect(text.indexOf('`typo` running')).toBeLessThan(text.indexOf('`web-1` running'));
    expect(text).toContain('Active snoozes (1)');
  });

  it('narrows to a target', async () => {
    await seedFleet();
    const text = blockText(replyOf(await command('status web-*')));
    expect(text).toContain('web-2');
    expect(text).not.toContain('db-1');
  });
});

describe('/stopinator wake', () => {
  it('starts stopped instances now and records the wake', async () => {
    const { db1 } = await seedFleet();
    const reply = replyOf(await command('wake db-1 1h'));
    expect(reply.text).toBe('Started 1 instance');
    expect(blockText(reply)).toContain(
      'Started `db-1`. It runs until the scheduled stop at 20:00 CET',
    );
    expect((await statesOf(bot.ec2(), [db1])).get(db1)).toBe('running');
    const [wake] = await bot.table().snoozes.activeSnoozes(Date.parse(NOW));
    expect(wake).toMatchObject({
      kind: 'wake',
      selector: { kind: 'name', pattern: 'db-1' },
      length: { kind: 'for', minutes: 60 },
    });
    expect(bot.slack.of('chat.postMessage')).toHaveLength(1);
  });

  it('refuses people the configuration does not allow, and says why', async () => {
    const { db1 } = await seedFleet();
    const reply = replyOf(await command('wake db-1', { userId: 'U0MALLORY', userName: 'mallory' }));
    expect(reply.text).toContain('Not allowed: wake is limited to listed users');
    expect((await statesOf(bot.ec2(), [db1])).get(db1)).toBe('stopped');
  });

  it('says when there is nothing to wake', async () => {
    await seedFleet();
    expect(blockText(replyOf(await command('wake web-1')))).toContain('`web-1` is already running');
  });
});

describe('/stopinator history and help', () => {
  it('lists recent changes, newest first', async () => {
    await seedFleet();
    await command('snooze web-* 1h');
    vi.setSystemTime(Date.parse(NOW) + 60_000);
    await command('unsnooze web-*');
    vi.setSystemTime(Date.parse(NOW));
    const text = blockText(replyOf(await command('history')));
    expect(text.indexOf('unsnooze')).toBeLessThan(text.indexOf('snooze `web-*`'));
  });

  it('help answers with the usage', async () => {
    expect(replyOf(await command('help')).text).toContain('/stopinator snooze');
    expect(replyOf(await command('')).text).toContain('/stopinator snooze');
  });
});

describe('the warning buttons', () => {
  const value = JSON.stringify({
    schedule: 'office-hours',
    stopAt: Date.parse('2026-11-24T19:00:00Z'),
    stop: Date.parse('2026-11-24T19:00:00Z'),
  });
  const warningBlocks = [
    { type: 'section', text: { type: 'mrkdwn', text: '2 instances will stop at 20:00 CET' } },
  ];

  it('a click snoozes the stop it announced and updates the message with who clicked', async () => {
    await seedFleet();
    const handler = await bot.handler();
    const result = await handler(
      signedEvent(actionBody(buttonClick({ actionId: 'snooze_1h', value, blocks: warningBlocks }))),
      {},
    );
    expect(result.statusCode).toBe(200);
    const [snooze] = await bot.table().snoozes.activeSnoozes(Date.parse(NOW));
    expect(snooze).toMatchObject({
      selector: { kind: 'schedule', name: 'office-hours' },
      length: { kind: 'for', minutes: 60 },
      ends: [{ schedule: 'office-hours', until: Date.parse('2026-11-24T20:00:00Z') }],
    });
    const updates = bot.slack.of('chat.update');
    expect(updates).toHaveLength(1);
    expect(updates[0]?.body).toMatchObject({ channel: CHANNEL, ts: '1764000000.000100' });
    expect(JSON.stringify(updates[0]?.body.blocks)).toContain(
      '<@U0ALICE> snoozed: stop 20:00 CET → 21:00 CET',
    );
  });

  it('a double click acts once; a second person extends, never shortens, one line each', async () => {
    await seedFleet();
    const handler = await bot.handler();
    let blocks: unknown[] = warningBlocks;
    const click = async (userId: string, actionId: string) => {
      await handler(
        signedEvent(
          actionBody(
            buttonClick({ actionId, value, userId, userName: userId.toLowerCase(), blocks }),
          ),
        ),
        {},
      );
      blocks = (bot.slack.of('chat.update').at(-1)?.body.blocks as unknown[]) ?? blocks;
    };
    await click('U0ALICE', 'snooze_2h');
    await click('U0ALICE', 'snooze_2h');
    expect(await bot.table().snoozes.activeSnoozes(Date.parse(NOW))).toHaveLength(1);
    expect(JSON.stringify(blocks)).toContain('<@U0ALICE> already snoozed until 22:00 CET');
    await click('U0BOB', 'snooze_1h');
    expect(JSON.stringify(blocks)).toContain(
      '<@U0BOB> asked to snooze; already kept up until 22:00 CET',
    );
    await click('U0BOB', 'snooze_tonight');
    const notes = JSON.stringify(blocks);
    expect(notes).toContain('<@U0BOB> snoozed: stop 20:00 CET → Wed 08:00 CET');
    expect(notes.match(/<@U0BOB>/g)).toHaveLength(1);
    expect(notes.match(/<@U0ALICE>/g)).toHaveLength(1);
  });
});

describe('request checks', () => {
  it.each([
    ['a bad signature', { secret: 'not-the-secret' }],
    ['a timestamp older than 5 minutes', { timestamp: Math.floor(Date.parse(NOW) / 1000) - 301 }],
    ['no signature header', { headers: { 'x-slack-signature': undefined } }],
    ['no timestamp header', { headers: { 'x-slack-request-timestamp': undefined } }],
  ])('%s: 401 and nothing written', async (_label, options) => {
    const handler = await bot.handler();
    const result = await handler(signedEvent(commandBody({ text: 'snooze 2h' }), options), {});
    expect(result.statusCode).toBe(401);
    expect(await bot.table().snoozes.activeSnoozes(Date.parse(NOW))).toEqual([]);
    expect(bot.slack.calls).toEqual([]);
  });

  it.each([
    ['application/x-www-form-urlencoded; charset=utf-8', true],
    ['Application/X-WWW-Form-Urlencoded', true],
    ['application/x-www-form-urlencoded', false],
  ])('content type %s (base64 %s) works', async (contentType, base64) => {
    await seedFleet();
    const handler = await bot.handler();
    const result = await handler(
      signedEvent(commandBody({ text: 'snooze 2h' }), { contentType, base64 }),
      {},
    );
    expect(replyOf(result).text).toBe('Snoozed all instances');
  });

  it('non-ASCII text is signed and read as UTF-8', async () => {
    await launch(bot.ec2(), 1, { Name: 'café-1', stopinator: 'true' });
    const reply = replyOf(await command('snooze café-* 1h'));
    expect(reply.text).toBe('Snoozed café-*');
  });

  it('a malformed body is a 400, not a crash', async () => {
    const handler = await bot.handler();
    const result = await handler(signedEvent('{not json', { contentType: 'text/plain' }), {});
    expect(result.statusCode).toBe(400);
  });

  it('arbitrary command text always gets a 200 with a reply', async () => {
    const handler = await bot.handler();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 80 }),
          fc
            .array(
              fc.constantFrom(
                'status',
                'help',
                'history',
                'snooze',
                'unsnooze',
                'until',
                '2h',
                '23:30',
                'web-*',
                'x',
                'é',
                '<>&',
              ),
              { maxLength: 4 },
            )
            .map((w) => w.join(' ')),
        ),
        async (text) => {
          const result = await handler(signedEvent(commandBody({ text })), {});
          expect(result.statusCode).toBe(200);
          const reply = replyOf(result);
          expect(reply.text.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 60 },
    );
  });
});
