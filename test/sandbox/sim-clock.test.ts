import { describe, expect, it } from 'vitest';
import type { Schedule } from '../../src/core/schedule.js';
import { SchedulerLoop } from '../../src/sandbox/scheduler-loop.js';
import { SimClock } from '../../src/sandbox/sim-clock.js';
import { resolveStart, resolveUntil } from '../../src/sandbox/sim-time.js';
import { schedule } from '../fixtures/schedules.js';

const paris: Schedule = schedule();
const iso = (at: number) => new Date(at).toISOString();

describe('--start', () => {
  it.each([
    // now (UTC)                 typed                       start (UTC)
    ['2026-11-24T10:00:00Z', '19:15', '2026-11-24T18:15:00.000Z'], // Tuesday: today
    ['2026-11-24T22:00:00Z', '19:15', '2026-11-24T18:15:00.000Z'], // even when it has passed
    ['2026-11-28T10:00:00Z', '19:15', '2026-11-30T18:15:00.000Z'], // Saturday: Monday
    ['2026-03-27T10:00:00Z', '19:15', '2026-03-27T18:15:00.000Z'], // Friday before summer time
    ['2026-11-24T10:00:00Z', '2026-03-30T19:15', '2026-03-30T17:15:00.000Z'], // CEST
    ['2026-11-24T10:00:00Z', '2026-11-24T19:00:00-05:00', '2026-11-25T00:00:00.000Z'],
  ])('at %s, %s starts the clock at %s', (now, typed, start) => {
    expect(iso(resolveStart(typed, paris, Date.parse(now)))).toBe(start);
  });

  it('refuses what it cannot read, saying what it takes', () => {
    expect(() => resolveStart('tomorrow', paris, 0)).toThrow(/HH:MM/);
    expect(() => resolveStart('2026-02-30T10:00', paris, 0)).toThrow(/HH:MM/);
  });
});

describe('wait until', () => {
  it('takes the next such local time, tomorrow when it has passed', () => {
    const now = Date.parse('2026-11-24T21:00:00Z'); // 22:00 in Paris
    expect(iso(resolveUntil('22:30', 'Europe/Paris', now))).toBe('2026-11-24T21:30:00.000Z');
    expect(iso(resolveUntil('08:00', 'Europe/Paris', now))).toBe('2026-11-25T07:00:00.000Z');
    expect(() => resolveUntil('2026-11-24T10:00', 'Europe/Paris', now)).toThrow(/not after/);
  });
});

describe('the simulated clock and the scheduler loop', () => {
  it('runs at speed from its start', () => {
    let real = 1_000_000;
    const clock = new SimClock(Date.parse('2026-11-24T18:00:00Z'), 60, true, () => real);
    real += 5_000;
    expect(iso(clock.now())).toBe('2026-11-24T18:05:00.000Z');
    clock.jumpTo(Date.parse('2026-11-24T19:00:00Z'));
    real += 1_000;
    expect(iso(clock.now())).toBe('2026-11-24T19:01:00.000Z');
    expect(() => clock.jumpTo(0)).toThrow(/forward/);
  });

  it('runs every 5-minute boundary in order, with the clock at the run’s time', async () => {
    // Prepare
    const clock = new SimClock(Date.parse('2026-11-24T18:52:00Z'), 1, false);
    const runs: string[] = [];
    const loop = new SchedulerLoop(clock, 5 * 60_000, async (at) => {
      runs.push(`${iso(at)} clock ${iso(clock.now())}`);
    });

    // Act
    await loop.runUntil(clock.now());
    await loop.advance(13 * 60_000);

    // Assess
    expect(runs).toEqual([
      '2026-11-24T18:50:00.000Z clock 2026-11-24T18:52:00.000Z',
      '2026-11-24T18:55:00.000Z clock 2026-11-24T18:55:00.000Z',
      '2026-11-24T19:00:00.000Z clock 2026-11-24T19:00:00.000Z',
      '2026-11-24T19:05:00.000Z clock 2026-11-24T19:05:00.000Z',
    ]);
    expect(iso(clock.now())).toBe('2026-11-24T19:05:00.000Z');
  });
});
