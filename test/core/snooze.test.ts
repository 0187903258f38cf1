import { describe, expect, it } from 'vitest';
import {
  referenceStop,
  type SnoozeLength,
  snoozeEnd,
  snoozeExpiry,
} from '../../src/core/snooze.js';
import { at, EVERY_DAY, iso, schedule } from '../fixtures/schedules.js';

const paris = schedule();
const CAP = 12 * 60;

function end(
  createdAt: string,
  length: SnoozeLength,
  s = paris,
  kind: 'snooze' | 'wake' = 'snooze',
) {
  const result = snoozeEnd({ createdAt: at(createdAt), length, kind }, s, CAP);
  return { stop: iso(result.stop), until: iso(result.until), capped: result.capped };
}

describe('the stop a snooze is about', () => {
  it.each([
    ['during working hours: tonight', '2026-11-24T15:00:00Z', '2026-11-24T19:00:00.000Z'],
    [
      'after the stop: the one that just happened',
      '2026-11-24T21:00:00Z',
      '2026-11-24T19:00:00.000Z',
    ],
    ['at the stop itself', '2026-11-24T19:00:00Z', '2026-11-24T19:00:00.000Z'],
    ['early morning before the start', '2026-11-25T05:00:00Z', '2026-11-24T19:00:00.000Z'],
    ['Saturday: Friday evening', '2026-11-28T10:00:00Z', '2026-11-27T19:00:00.000Z'],
  ])('%s', (_label, when, expected) => {
    expect(iso(referenceStop(paris, at(when)))).toBe(expected);
  });

  it('stop-only schedules take the nearer stop', () => {
    const stopOnly = schedule({ start: undefined, days: EVERY_DAY });
    expect(iso(referenceStop(stopOnly, at('2026-11-24T10:00:00Z')))).toBe(
      '2026-11-24T19:00:00.000Z',
    );
    expect(iso(referenceStop(stopOnly, at('2026-11-24T23:00:00Z')))).toBe(
      '2026-11-24T19:00:00.000Z',
    );
  });
});

describe('snooze lengths', () => {
  it.each([
    [
      '2h before the stop counts from the stop',
      '2026-11-24T15:00:00Z',
      { kind: 'for', minutes: 120 },
      '2026-11-24T21:00:00.000Z',
      false,
    ],
    [
      '2h after the stop counts from now',
      '2026-11-24T20:00:00Z',
      { kind: 'for', minutes: 120 },
      '2026-11-24T22:00:00.000Z',
      false,
    ],
    [
      '1h30 just before the stop',
      '2026-11-24T18:50:00Z',
      { kind: 'for', minutes: 90 },
      '2026-11-24T20:30:00.000Z',
      false,
    ],
    [
      'until 23:30 local',
      '2026-11-24T15:00:00Z',
      { kind: 'until', time: { hour: 23, minute: 30 } },
      '2026-11-24T22:30:00.000Z',
      false,
    ],
    [
      'until after midnight is the next night',
      '2026-11-24T15:00:00Z',
      { kind: 'until', time: { hour: 1, minute: 0 } },
      '2026-11-25T00:00:00.000Z',
      false,
    ],
    [
      'tonight runs to the next start',
      '2026-11-24T15:00:00Z',
      { kind: 'tonight' },
      '2026-11-25T07:00:00.000Z',
      false,
    ],
    [
      'tonight on Friday is capped',
      '2026-11-27T15:00:00Z',
      { kind: 'tonight' },
      '2026-11-28T07:00:00.000Z',
      true,
    ],
    [
      'longer than the cap is cut',
      '2026-11-24T15:00:00Z',
      { kind: 'for', minutes: 20 * 60 },
      '2026-11-25T07:00:00.000Z',
      true,
    ],
  ] as const)('%s', (_label, createdAt, length, until, capped) => {
    expect(end(createdAt, length)).toMatchObject({ until, capped });
  });

  it('until is read in the schedule zone across the spring-forward night', () => {
    const daily = schedule({ days: EVERY_DAY });
    // 02:30 does not exist in Paris on 29 March: it becomes 03:30 summer time.
    expect(
      end('2026-03-28T15:00:00Z', { kind: 'until', time: { hour: 2, minute: 30 } }, daily).until,
    ).toBe('2026-03-29T01:30:00.000Z');
  });

  it('a wake counts from now, not from the stop', () => {
    expect(end('2026-11-24T22:00:00Z', { kind: 'for', minutes: 60 }, paris, 'wake').until).toBe(
      '2026-11-24T23:00:00.000Z',
    );
    expect(end('2026-11-24T09:00:00Z', { kind: 'for', minutes: 60 }, paris, 'wake').until).toBe(
      '2026-11-24T10:00:00.000Z',
    );
  });

  it('expiry is the latest end over the schedules', () => {
    const newYork = schedule({ name: 'new-york', timezone: 'America/New_York' });
    const expiry = snoozeExpiry(
      {
        createdAt: at('2026-11-24T15:00:00Z'),
        length: { kind: 'for', minutes: 60 },
        kind: 'snooze',
      },
      [paris, newYork],
      CAP,
    );
    // Paris stops at 19:00Z, New York at 01:00Z the next day; plus an hour.
    expect(iso(expiry)).toBe('2026-11-25T02:00:00.000Z');
  });
});
