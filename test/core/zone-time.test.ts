import { describe, expect, it } from 'vitest';
import {
  instantToLocal,
  isKnownTimeZone,
  type LocalDate,
  localToInstant,
  parseLocalDate,
  parseTimeOfDay,
  type TimeOfDay,
} from '../../src/core/zone-time.js';
import { iso } from '../fixtures/schedules.js';

describe('localToInstant', () => {
  it.each([
    // zone, date, time, expected instant, fit
    ['Europe/Paris', '2026-03-27', '20:00', '2026-03-27T19:00:00.000Z', 'exact'],
    ['Europe/Paris', '2026-03-30', '08:00', '2026-03-30T06:00:00.000Z', 'exact'],
    ['Europe/Paris', '2026-03-29', '02:00', '2026-03-29T01:00:00.000Z', 'skipped'],
    ['Europe/Paris', '2026-03-29', '02:30', '2026-03-29T01:30:00.000Z', 'skipped'],
    ['Europe/Paris', '2026-03-29', '03:00', '2026-03-29T01:00:00.000Z', 'exact'],
    ['Europe/Paris', '2026-10-25', '02:30', '2026-10-25T00:30:00.000Z', 'repeated'],
    ['Europe/Paris', '2026-10-25', '03:00', '2026-10-25T02:00:00.000Z', 'exact'],
    ['America/New_York', '2026-03-08', '02:30', '2026-03-08T07:30:00.000Z', 'skipped'],
    ['America/New_York', '2026-11-01', '01:30', '2026-11-01T05:30:00.000Z', 'repeated'],
    ['America/New_York', '2026-11-01', '08:00', '2026-11-01T13:00:00.000Z', 'exact'],
    ['Asia/Kolkata', '2026-06-01', '20:00', '2026-06-01T14:30:00.000Z', 'exact'],
    ['Asia/Kolkata', '2026-06-01', '00:15', '2026-05-31T18:45:00.000Z', 'exact'],
    ['UTC', '2026-01-01', '00:00', '2026-01-01T00:00:00.000Z', 'exact'],
  ])('%s %s %s -> %s (%s)', (zone, date, time, expected, fit) => {
    const result = localToInstant(
      parseLocalDate(date) as LocalDate,
      parseTimeOfDay(time) as TimeOfDay,
      zone,
    );
    expect({ at: iso(result.at), fit: result.fit }).toEqual({ at: expected, fit });
  });

  it('rejects an unknown zone with its name', () => {
    expect(() =>
      localToInstant({ year: 2026, month: 1, day: 1 }, { hour: 0, minute: 0 }, 'Mars/Olympus'),
    ).toThrow(/Mars\/Olympus/);
  });
});

describe('instantToLocal', () => {
  it('reads the wall clock on both sides of the fall-back hour', () => {
    expect(instantToLocal(Date.parse('2026-10-25T00:30:00Z'), 'Europe/Paris')).toMatchObject({
      hour: 2,
      minute: 30,
    });
    expect(instantToLocal(Date.parse('2026-10-25T01:30:00Z'), 'Europe/Paris')).toMatchObject({
      hour: 2,
      minute: 30,
    });
    expect(instantToLocal(Date.parse('2026-10-25T01:30:00Z'), 'Europe/Paris').weekday).toBe(0);
  });
});

describe('parsing', () => {
  it.each([
    ['08:00', { hour: 8, minute: 0 }],
    ['8:05', { hour: 8, minute: 5 }],
    ['23:59', { hour: 23, minute: 59 }],
    ['24:00', undefined],
    ['12:60', undefined],
    ['noon', undefined],
  ])('time %s', (text, expected) => {
    expect(parseTimeOfDay(text)).toEqual(expected);
  });

  it.each([
    ['2026-12-25', { year: 2026, month: 12, day: 25 }],
    ['2026-02-29', undefined],
    ['2028-02-29', { year: 2028, month: 2, day: 29 }],
    ['25/12/2026', undefined],
  ])('date %s', (text, expected) => {
    expect(parseLocalDate(text)).toEqual(expected);
  });
});

describe('isKnownTimeZone', () => {
  it.each(['Europe/Paris', 'America/New_York', 'UTC', 'US/Eastern', 'Etc/GMT+5', 'europe/paris'])(
    'knows %s, canonical or not',
    (name) => {
      expect(isKnownTimeZone(name)).toBe(true);
    },
  );

  it.each(['Europe/Pariss', 'Mars/Olympus', '', 'CET+1', 'Europe/Paris '])(
    'refuses "%s"',
    (name) => {
      expect(isKnownTimeZone(name)).toBe(false);
    },
  );
});
