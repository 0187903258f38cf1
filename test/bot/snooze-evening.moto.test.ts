import { describe, expect, it } from 'vitest';
import { EVENING_CHANNEL, useEveningOnMoto } from '../support/evening-on-moto.js';

// Tuesday 24 November 2026. Paris is UTC+1: 19:00 Paris is 18:00Z, the 20:00 stop is 19:00Z,
// the 08:00 start is 07:00Z. office-hours 08:00–20:00 Mon–Fri; warnings 30 min ahead; cap 12 h.
// web-1 and web-2 on office-hours; ci-runner on office-hours, stopped by hand.
const world = useEveningOnMoto();

async function fleet(): Promise<void> {
  await world.launch('web-1');
  await world.launch('web-2');
  await world.launch('ci-runner');
  await world.stopByHand('ci-runner');
}

async function snoozesStored(): Promise<number> {
  return (await world.table().snoozes.activeSnoozes(0)).length;
}

describe('snooze you can trust: an evening through the real handlers, against moto', () => {
  it('19:00 alice: snooze web-1 2h → web-1 20:00 → 22:00; web-1 stops at 22:00, web-2 at 20:00', async () => {
    await fleet();
    await world.runUntil('2026-11-24T17:55:00Z');

    const reply = await world.command('alice', '2026-11-24T18:00:00Z', 'snooze web-1 2h');
    expect(reply.text).toBe('Snoozed web-1');
    expect(reply.shown).toContain('`web-1`: stop 20:00 CET → 22:00 CET, in 3 h');
    expect(reply.shown).not.toContain('web-2');

    await world.runUntil('2026-11-24T19:00:00Z');
    expect([await world.state('web-1'), await world.state('web-2')]).toEqual([
      'running',
      'stopped',
    ]);
    await world.runUntil('2026-11-24T20:55:00Z');
    expect(await world.state('web-1')).toBe('running');
    await world.runUntil('2026-11-24T21:00:00Z');
    expect(await world.state('web-1')).toBe('stopped');
  });

  it('07:30 alice: snooze web-2 tonight → Tue 20:00 → Wed 08:00; web-2 runs through the night', async () => {
    await fleet();
    await world.runUntil('2026-11-24T06:25:00Z');

    const reply = await world.command('alice', '2026-11-24T06:30:00Z', 'snooze web-2 tonight');
    expect(reply.shown).toContain('`web-2`: stop 20:00 CET → Wed 08:00 CET');

    await world.runUntil('2026-11-24T19:30:00Z');
    expect([await world.state('web-1'), await world.state('web-2')]).toEqual([
      'stopped',
      'running',
    ]);
    // The night, caught up in larger steps: every edge in each window is still handled.
    await world.runAt('2026-11-25T00:00:00Z', '2026-11-25T06:55:00Z', '2026-11-25T07:00:00Z');
    expect([await world.state('web-1'), await world.state('web-2')]).toEqual([
      'running',
      'running',
    ]);
  });

  it('07:30 alice: snooze web-1 until 21:00 → 20:00 → 21:00; it stops at 21:00', async () => {
    await fleet();
    await world.runUntil('2026-11-24T06:25:00Z');

    const reply = await world.command('alice', '2026-11-24T06:30:00Z', 'snooze web-1 until 21:00');
    expect(reply.shown).toContain('`web-1`: stop 20:00 CET → 21:00 CET');

    await world.runAt('2026-11-24T18:00:00Z');
    await world.runUntil('2026-11-24T19:55:00Z');
    expect(await world.state('web-1')).toBe('running');
    await world.runUntil('2026-11-24T20:00:00Z');
    expect(await world.state('web-1')).toBe('stopped');
  });

  it('19:00 alice: snooze web-9 2h → no such instance, suggestions, nothing written', async () => {
    await fleet();
    await world.runUntil('2026-11-24T17:55:00Z');

    const reply = await world.command('alice', '2026-11-24T18:00:00Z', 'snooze web-9 2h');
    expect(reply.shown).toContain('No instance named web-9. Did you mean web-1 or web-2?');
    expect(await snoozesStored()).toBe(0);
    expect(world.slack.of('chat.postMessage')).toEqual([]);
  });

  it('snooze ****************************x 2h: a hostile glob matches nothing, is refused, and costs nothing', async () => {
    await fleet();
    await world.runUntil('2026-11-24T17:55:00Z');
    const reply = await world.command(
      'alice',
      '2026-11-24T18:00:00Z',
      `snooze ${'*'.repeat(28)}x 2h`,
    );
    expect(reply.shown).toContain('No instance name matches');
    expect(await snoozesStored()).toBe(0);
    const [run] = await world.runUntil('2026-11-24T18:00:00Z');
    expect(run?.failed).toBe(0);
  });

  it.each([
    ['-5h', 'must be positive'],
    ['0m', 'postpones nothing'],
    ['1d', 'longer than the 12 h cap (snooze.max)'],
    ['9999999h', 'longer than the 12 h cap (snooze.max)'],
    ['2.5x', 'is not a length'],
  ])('19:00 alice: snooze %s → refused with the reason, nothing written', async (length, why) => {
    await fleet();
    await world.runUntil('2026-11-24T17:55:00Z');

    const reply = await world.command('alice', '2026-11-24T18:00:00Z', `snooze ${length}`);
    expect(reply.shown).toContain(why);
    expect(await snoozesStored()).toBe(0);
  });

  it('19:00 alice snoozes web-1 2h; 19:10 bob: unsnooze → bob has none; alice’s stays; web-1 stops at 22:00', async () => {
    await fleet();
    await world.runUntil('2026-11-24T17:55:00Z');
    await world.command('alice', '2026-11-24T18:00:00Z', 'snooze web-1 2h');

    const reply = await world.command('bob', '2026-11-24T18:10:00Z', 'unsnooze');
    expect(reply.shown).toContain('You have no active snooze or wake to cancel.');

    await world.runUntil('2026-11-24T20:55:00Z');
    expect(await world.state('web-1')).toBe('running');
    await world.runUntil('2026-11-24T21:00:00Z');
    expect(await world.state('web-1')).toBe('stopped');
  });

  it('19:00 alice snoozes web-1 2h; 20:10 alice: unsnooze web-1 → it stops at the next run, by 20:15', async () => {
    await fleet();
    await world.runUntil('2026-11-24T17:55:00Z');
    await world.command('alice', '2026-11-24T18:00:00Z', 'snooze web-1 2h');
    await world.runUntil('2026-11-24T19:10:00Z');
    expect(await world.state('web-1')).toBe('running');

    // Exactly at a run's instant: the window of the next run must still hold the stop.
    const reply = await world.command('alice', '2026-11-24T19:10:00Z', 'unsnooze web-1');
    expect(reply.shown).toContain('`web-1` stops at the next run');
    const announced = world.slack.of('chat.postMessage').at(-1);
    expect(JSON.stringify(announced?.body.blocks)).toContain('cancelled the snoozes on `web-1`');

    await world.runUntil('2026-11-24T19:15:00Z');
    expect(await world.state('web-1')).toBe('stopped');
  });

  it('bob unsnoozes web-1 while alice’s web-* covers it: it finds her snooze, names both, and web-2 stays snoozed', async () => {
    await fleet();
    await world.runUntil('2026-11-24T17:55:00Z');
    await world.command('alice', '2026-11-24T18:00:00Z', 'snooze web-* 2h');
    await world.runUntil('2026-11-24T19:20:00Z');

    const reply = await world.command('bob', '2026-11-24T19:22:00Z', 'unsnooze web-1');
    expect(reply.shown).toContain('<@U0ALICE>’s snooze of `web-*`');
    const announced = JSON.stringify(world.slack.of('chat.postMessage').at(-1)?.body.blocks);
    expect(announced).toContain('<@U0BOB> cancelled the snoozes on `web-1` (made by <@U0ALICE>)');

    await world.runUntil('2026-11-24T19:25:00Z');
    expect([await world.state('web-1'), await world.state('web-2')]).toEqual([
      'stopped',
      'running',
    ]);
  });

  it('20:30 alice: snooze web-1 2h after it stopped at 20:00 → says so, offers Wake, writes nothing', async () => {
    await fleet();
    await world.runUntil('2026-11-24T18:55:00Z');
    await world.runUntil('2026-11-24T19:30:00Z');

    const reply = await world.command('alice', '2026-11-24T19:30:00Z', 'snooze web-1 2h');
    expect(reply.shown).toContain('`web-1` is already stopped (by the stopinator at 20:00 CET)');
    expect(reply.shown).toContain('"action_id":"wake_now"');
    expect(await snoozesStored()).toBe(0);
  });

  it('20:30 alice: wake ci-runner 1h → started, stops 21:30, and is not started on Wednesday at 08:00', async () => {
    await fleet();
    await world.runUntil('2026-11-24T19:25:00Z');

    const reply = await world.command('alice', '2026-11-24T19:30:00Z', 'wake ci-runner 1h');
    expect(reply.shown).toContain(
      'Started `ci-runner`. The stopinator stops it again at 21:30 CET',
    );
    expect(await world.state('ci-runner')).toBe('running');

    await world.runUntil('2026-11-24T20:25:00Z');
    expect(await world.state('ci-runner')).toBe('running');
    await world.runUntil('2026-11-24T20:30:00Z');
    expect(await world.state('ci-runner')).toBe('stopped');
    await world.runAt('2026-11-25T03:00:00Z', '2026-11-25T07:00:00Z');
    expect(await world.state('ci-runner')).toBe('stopped');
    expect(await world.state('web-1')).toBe('running');
  });

  it('Wed 07:00 alice: wake web-1 2h → runs until the 20:00 stop, as the reply says', async () => {
    await fleet();
    await world.runUntil('2026-11-24T18:55:00Z');
    await world.runUntil('2026-11-24T19:00:00Z');
    await world.runAt('2026-11-25T05:55:00Z');
    expect(await world.state('web-1')).toBe('stopped');

    const reply = await world.command('alice', '2026-11-25T06:00:00Z', 'wake web-1 2h');
    expect(await world.state('web-1')).toBe('running');
    expect(reply.shown).toContain('It runs until the scheduled stop at 20:00 CET');

    await world.runAt('2026-11-25T08:00:00Z', '2026-11-25T18:55:00Z');
    expect(await world.state('web-1')).toBe('running');
    await world.runAt('2026-11-25T19:00:00Z');
    expect(await world.state('web-1')).toBe('stopped');
  });

  it('alice presses Snooze 1 h on the 19:30 warning at 19:31 and again at 20:55: the second says what was stored', async () => {
    await fleet();
    await world.runUntil('2026-11-24T18:25:00Z');
    await world.runUntil('2026-11-24T18:30:00Z');
    const warning = world.slack
      .of('chat.postMessage')
      .find(
        (c) =>
          c.body.channel === EVENING_CHANNEL && JSON.stringify(c.body.blocks).includes('snooze_1h'),
      );
    expect(warning).toBeDefined();
    const message = { ts: '1764000000.000001', blocks: warning?.body.blocks as unknown[] };

    await world.press('alice', '2026-11-24T18:31:00Z', message, 'snooze_1h');
    const first = world.slack.of('chat.update').at(-1);
    expect(JSON.stringify(first?.body.blocks)).toContain('snoozed: stop 20:00 CET → 21:00 CET');

    await world.runUntil('2026-11-24T19:55:00Z');
    expect([await world.state('web-1'), await world.state('web-2')]).toEqual([
      'running',
      'running',
    ]);
    const updated = { ts: message.ts, blocks: first?.body.blocks as unknown[] };
    await world.press('alice', '2026-11-24T19:55:00Z', updated, 'snooze_1h');
    const second = world.slack.of('chat.update').at(-1);
    const notes = JSON.stringify(second?.body.blocks);
    expect(notes).toContain('already snoozed until 21:00 CET');
    expect(notes.match(/<@U0ALICE>/g)).toHaveLength(1);

    await world.runUntil('2026-11-24T20:00:00Z');
    expect([await world.state('web-1'), await world.state('web-2')]).toEqual([
      'stopped',
      'stopped',
    ]);
  });

  it('why and tonight answer from the fleet index and the snoozes: decisions with reasons, the next 24 hours in order', async () => {
    await fleet();
    await world.runUntil('2026-11-24T17:55:00Z');
    await world.command('alice', '2026-11-24T18:00:00Z', 'snooze web-1 2h');

    const tonight = await world.command('alice', '2026-11-24T18:05:00Z', 'tonight');
    const order = [
      'warn `web-2`',
      'stop `web-2`',
      'warn `web-1`',
      'stop `web-1`',
      'start `web-1`, `web-2`',
    ];
    const positions = order.map((text) => tonight.shown.indexOf(text));
    expect(
      positions.every((p) => p >= 0),
      tonight.shown,
    ).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(tonight.shown).toContain(
      '*22:00 CET* stop `web-1`: snooze by @alice ended at 22:00 Europe/Paris',
    );
    expect(tonight.shown).not.toContain('`ci-runner`: schedule');

    await world.runUntil('2026-11-24T19:05:00Z');
    const why = await world.command('bob', '2026-11-24T19:06:00Z', 'why web-2');
    expect(why.shown).toContain('`web-2`* stopped');
    expect(why.shown).toContain('Next: starts Wed 08:00 CET');
    expect(why.shown).toContain('20:00 CET: stopped: schedule office-hours, 20:00 Europe/Paris');
    expect(why.shown).toContain('19:30 CET: stops at 20:00 Europe/Paris (schedule office-hours)');
    const covered = await world.command('bob', '2026-11-24T19:06:00Z', 'why web-1');
    expect(covered.shown).toContain('Snoozed by <@U0ALICE>: `web-1` stop 20:00 CET → 22:00 CET');
    expect(covered.shown).toContain('kept running: snoozed by @alice until 22:00 Europe/Paris');
  });
});
