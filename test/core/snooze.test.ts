import { describe, expect, it } from 'vitest';
import type { FleetInstance } from '../../src/core/instance.js';
import type { Snooze, SnoozeLength } from '../../src/core/snooze.js';
import { planSnooze } from '../../src/core/snooze-plan.js';
import { cancelSnooze } from '../../src/core/unsnooze.js';
import { planWake } from '../../src/core/wake-plan.js';
import { instance, snooze } from '../fixtures/fleet.js';
import { at, iso, testConfig } from '../fixtures/schedules.js';

// Tuesday 24 November 2026; office-hours is 08:00–20:00 Europe/Paris (UTC+1), Mon–Fri.
const config = testConfig();
const running = instance('i-00000001', { name: 'web-1', tag: 'true' });
const H = 60;

function effect(
  now: string,
  length: SnoozeLength,
  target: FleetInstance = running,
  before: Snooze[] = [],
) {
  const plan = planSnooze({ instances: [target], snoozes: before, config, length, now: at(now) });
  const group = plan.groups[0];
  if (group) {
    return {
      stop: iso(group.stop),
      until: iso(group.until),
      extends: group.extends,
      ...(group.previousBy ? { previousBy: group.previousBy.byName } : {}),
    };
  }
  if (plan.stopped[0]) return { stopped: plan.stopped[0].byHand ? 'by hand' : 'by the stopinator' };
  if (plan.beforeStop[0]) return { nothingToPostpone: iso(plan.beforeStop[0].stop) };
  if (plan.overCap[0]) return { overCap: iso(plan.overCap[0].until) };
  return { other: plan.other[0]?.why };
}

describe('the one rule: a snooze moves each resource’s next stop at or after now', () => {
  const markedMonday = instance('i-00000002', {
    name: 'web-2',
    tag: 'true',
    state: 'stopped',
    stoppedAt: at('2026-11-23T19:00:00Z'),
  });
  const markedFriday = instance('i-00000003', {
    tag: 'true',
    state: 'stopped',
    stoppedAt: at('2026-11-27T19:00:00Z'),
  });

  it.each([
    [
      '16:00, 2h: tonight’s 20:00 stop moves to 22:00',
      '2026-11-24T15:00:00Z',
      { kind: 'for', minutes: 2 * H },
      running,
      { stop: '2026-11-24T19:00:00.000Z', until: '2026-11-24T21:00:00.000Z', extends: true },
    ],
    [
      '21:00, running (started by hand after the stop), 2h: tomorrow’s stop moves',
      '2026-11-24T20:00:00Z',
      { kind: 'for', minutes: 2 * H },
      running,
      { stop: '2026-11-25T19:00:00.000Z', until: '2026-11-25T21:00:00.000Z', extends: true },
    ],
    [
      '07:30, running, until 21:00: today’s stop moves to 21:00',
      '2026-11-24T06:30:00Z',
      { kind: 'until', time: { hour: 21, minute: 0 } },
      running,
      { stop: '2026-11-24T19:00:00.000Z', until: '2026-11-24T20:00:00.000Z', extends: true },
    ],
    [
      '07:30, stopped by the stopinator last night, tonight: it starts at 08:00, so today’s stop moves to Wed 08:00',
      '2026-11-24T06:30:00Z',
      { kind: 'tonight' },
      markedMonday,
      { stop: '2026-11-24T19:00:00.000Z', until: '2026-11-25T07:00:00.000Z', extends: true },
    ],
    [
      '20:30, stopped at 20:00 by the stopinator: already stopped',
      '2026-11-24T19:30:00Z',
      { kind: 'for', minutes: 2 * H },
      instance('i-00000004', {
        tag: 'true',
        state: 'stopped',
        stoppedAt: at('2026-11-24T19:00:00Z'),
      }),
      { stopped: 'by the stopinator' },
    ],
    [
      'Saturday 10:00, stopped on Friday: already stopped (Friday’s stop is nearer than Monday’s start)',
      '2026-11-28T09:00:00Z',
      { kind: 'for', minutes: 2 * H },
      markedFriday,
      { stopped: 'by the stopinator' },
    ],
    [
      'Sunday 22:00, stopped on Friday: Monday’s start is nearer, so Monday’s stop moves',
      '2026-11-29T21:00:00Z',
      { kind: 'for', minutes: 2 * H },
      markedFriday,
      { stop: '2026-11-30T19:00:00.000Z', until: '2026-11-30T21:00:00.000Z', extends: true },
    ],
    [
      'stopped by hand: already stopped',
      '2026-11-24T15:00:00Z',
      { kind: 'for', minutes: 2 * H },
      instance('i-00000005', { tag: 'true', state: 'stopped' }),
      { stopped: 'by hand' },
    ],
    [
      'until a time before the stop: nothing to postpone',
      '2026-11-24T15:00:00Z',
      { kind: 'until', time: { hour: 17, minute: 0 } },
      running,
      { nothingToPostpone: '2026-11-24T19:00:00.000Z' },
    ],
    [
      'longer than the 12 h cap: refused',
      '2026-11-24T15:00:00Z',
      { kind: 'for', minutes: 13 * H },
      running,
      { overCap: '2026-11-25T08:00:00.000Z' },
    ],
    [
      'tonight on a Friday would run to Monday: over the cap',
      '2026-11-27T15:00:00Z',
      { kind: 'tonight' },
      running,
      { overCap: '2026-11-30T07:00:00.000Z' },
    ],
    [
      'a stop-only schedule at 21:00: the next day’s stop moves',
      '2026-11-24T20:00:00Z',
      { kind: 'for', minutes: H },
      instance('i-00000006', { tag: 'nightly' }),
      { stop: '2026-11-25T19:00:00.000Z', until: '2026-11-25T20:00:00.000Z', extends: true },
    ],
    [
      'an excluded instance is left alone',
      '2026-11-24T15:00:00Z',
      { kind: 'for', minutes: H },
      instance('i-00000007', { tag: 'off' }),
      { other: 'excluded (stopinator=off)' },
    ],
  ] as const)('%s', (_label, now, length, target, expected) => {
    expect(effect(now, length as SnoozeLength, target)).toEqual(expected);
  });

  it('counts from now once the stop is postponed past now: 2h at 21:00 while a snooze holds until 22:00', () => {
    const bob = snooze(
      at('2026-11-24T15:00:00Z'),
      { kind: 'for', minutes: 2 * H },
      {
        instances: [running],
        by: 'bob',
      },
    );
    expect(effect('2026-11-24T20:00:00Z', { kind: 'for', minutes: 2 * H }, running, [bob])).toEqual(
      {
        stop: '2026-11-24T19:00:00.000Z',
        until: '2026-11-24T22:00:00.000Z',
        extends: true,
        previousBy: 'bob',
      },
    );
  });

  it('a shorter snooze under a longer one changes nothing now, and says whose holds', () => {
    const bob = snooze(
      at('2026-11-24T15:00:00Z'),
      { kind: 'tonight' },
      { instances: [running], by: 'bob' },
    );
    expect(effect('2026-11-24T18:00:00Z', { kind: 'for', minutes: 2 * H }, running, [bob])).toEqual(
      {
        stop: '2026-11-24T19:00:00.000Z',
        until: '2026-11-24T21:00:00.000Z',
        extends: false,
        previousBy: 'bob',
      },
    );
  });

  it('a warning’s button moves only the announced stop, counting from it', () => {
    const plan = planSnooze({
      instances: [running],
      snoozes: [],
      config,
      length: { kind: 'for', minutes: H },
      now: at('2026-11-24T18:31:00Z'),
      announced: {
        schedule: 'office-hours',
        stop: at('2026-11-24T19:00:00Z'),
        at: at('2026-11-24T19:00:00Z'),
      },
    });
    expect(plan.ends).toEqual([
      {
        schedule: 'office-hours',
        stop: at('2026-11-24T19:00:00Z'),
        until: at('2026-11-24T20:00:00Z'),
        resources: ['eu-west-1/i-00000001'],
      },
    ]);
  });
});

describe('wake', () => {
  const asleep = instance('i-00000010', {
    name: 'db-1',
    tag: 'true',
    state: 'stopped',
    stoppedAt: at('2026-11-23T19:00:00Z'),
  });
  const byHand = instance('i-00000011', { name: 'ci-runner', tag: 'true', state: 'stopped' });
  const wake = (
    now: string,
    minutes: number,
    target = asleep,
    selector = { kind: 'instance' as const, id: target.id },
  ) => planWake({ instances: [target], selector, config, minutes, now: at(now) });

  it('woken at 07:00 for 2 h: inside the running period, the schedule’s 20:00 stop ends it', () => {
    expect(wake('2026-11-24T06:00:00Z', 2 * H).ends).toEqual([
      {
        schedule: 'office-hours',
        stop: at('2026-11-24T19:00:00Z'),
        until: at('2026-11-24T19:00:00Z'),
        resources: ['eu-west-1/i-00000010'],
      },
    ]);
  });

  it('woken at 20:30 for 1 h: a stop of its own at 21:30', () => {
    expect(wake('2026-11-24T19:30:00Z', H).ends).toEqual([
      {
        schedule: 'office-hours',
        stop: at('2026-11-24T20:30:00Z'),
        until: at('2026-11-24T20:30:00Z'),
        resources: ['eu-west-1/i-00000010'],
        own: true,
      },
    ]);
  });

  it('woken at 19:00 for 2 h: the 20:00 stop moves to 21:00', () => {
    expect(wake('2026-11-24T18:00:00Z', 2 * H).ends).toEqual([
      {
        schedule: 'office-hours',
        stop: at('2026-11-24T19:00:00Z'),
        until: at('2026-11-24T20:00:00Z'),
        resources: ['eu-west-1/i-00000010'],
      },
    ]);
  });

  it('a hand-stopped instance is woken only when named, and goes back to stopped by hand', () => {
    expect(wake('2026-11-24T19:30:00Z', H, byHand).ends).toMatchObject([
      { unmarked: true, own: true },
    ]);
    const all = wake('2026-11-24T19:30:00Z', H, byHand, { kind: 'all' } as never);
    expect(all.ends).toEqual([]);
    expect(all.leftStopped.map((i) => i.id)).toEqual(['i-00000011']);
  });
});

describe('unsnooze cuts ends to the next run', () => {
  const two = [running, instance('i-00000002', { name: 'web-2', tag: 'true' })];
  const made = snooze(
    at('2026-11-24T18:00:00Z'),
    { kind: 'for', minutes: 2 * H },
    { instances: two },
  );
  const alice = { by: 'U0ALICE', at: 0 };

  it('after the stop: the held-back stop is due just after now', () => {
    const cut = cancelSnooze(made, undefined, { ...alice, at: at('2026-11-24T19:10:00Z') });
    expect(cut?.ends).toMatchObject([
      { until: at('2026-11-24T19:10:00Z') + 1, cancelled: { by: 'U0ALICE' } },
    ]);
  });

  it('before the stop: the scheduled stop applies again', () => {
    const cut = cancelSnooze(made, undefined, { ...alice, at: at('2026-11-24T18:10:00Z') });
    expect(cut?.ends).toMatchObject([{ until: at('2026-11-24T19:00:00Z') }]);
  });

  it('for some resources only: the others keep their end', () => {
    const cut = cancelSnooze(made, new Set(['eu-west-1/i-00000002']), {
      ...alice,
      at: at('2026-11-24T19:10:00Z'),
    });
    expect(cut?.ends).toMatchObject([
      { resources: ['eu-west-1/i-00000001'], until: at('2026-11-24T21:00:00Z') },
      { resources: ['eu-west-1/i-00000002'], until: at('2026-11-24T19:10:00Z') + 1 },
    ]);
  });

  it('a wake’s own stop moves to the next run', () => {
    const woken = snooze(
      at('2026-11-24T19:30:00Z'),
      { kind: 'for', minutes: H },
      {
        kind: 'wake',
        selector: { kind: 'instance', id: 'i-00000010' },
        instances: [
          instance('i-00000010', {
            tag: 'true',
            state: 'stopped',
            stoppedAt: at('2026-11-24T19:00:00Z'),
          }),
        ],
      },
    );
    const cut = cancelSnooze(woken, undefined, { ...alice, at: at('2026-11-24T19:45:00Z') });
    expect(cut?.ends).toMatchObject([
      { stop: at('2026-11-24T19:45:00Z') + 1, until: at('2026-11-24T19:45:00Z') + 1, own: true },
    ]);
  });

  it('an end already over changes nothing', () => {
    expect(
      cancelSnooze(made, undefined, { ...alice, at: at('2026-11-24T22:00:00Z') }),
    ).toBeUndefined();
  });
});
