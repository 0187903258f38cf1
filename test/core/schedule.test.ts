import { describe, expect, it } from 'vitest';
import {
  isWithinHours,
  lastEdge,
  nextEdge,
  type Schedule,
  scheduleEdges,
} from '../../src/core/schedule.js';
import { at, EVERY_DAY, iso, schedule } from '../fixtures/schedules.js';

const paris = schedule();
const parisDaily = schedule({ days: EVERY_DAY });
const newYorkDaily = schedule({ timezone: 'America/New_York', days: EVERY_DAY });
const kolkata = schedule({ timezone: 'Asia/Kolkata' });

function edgesBetween(s: Schedule, from: string, to: string): string[] {
  return scheduleEdges(s, at(from), at(to)).map((e) => `${e.kind} ${iso(e.at)}`);
}

describe('edges around the 2026 daylight-saving changes', () => {
  it.each([
    // Europe/Paris springs forward on 29 March: 20:00 is 19:00Z before, 18:00Z after.
    [
      'Paris, before spring',
      parisDaily,
      '2026-03-28T00:00:00Z',
      '2026-03-29T00:00:00Z',
      ['start 2026-03-28T07:00:00.000Z', 'stop 2026-03-28T19:00:00.000Z'],
    ],
    [
      'Paris, spring-forward day',
      parisDaily,
      '2026-03-29T00:00:00Z',
      '2026-03-30T00:00:00Z',
      ['start 2026-03-29T06:00:00.000Z', 'stop 2026-03-29T18:00:00.000Z'],
    ],
    // Falls back on 25 October: 20:00 is 18:00Z before, 19:00Z after.
    [
      'Paris, before fall',
      parisDaily,
      '2026-10-24T00:00:00Z',
      '2026-10-25T00:00:00Z',
      ['start 2026-10-24T06:00:00.000Z', 'stop 2026-10-24T18:00:00.000Z'],
    ],
    [
      'Paris, fall-back day',
      parisDaily,
      '2026-10-25T00:00:00Z',
      '2026-10-26T00:00:00Z',
      ['start 2026-10-25T07:00:00.000Z', 'stop 2026-10-25T19:00:00.000Z'],
    ],
    // America/New_York: 8 March and 1 November.
    [
      'New York, before spring',
      newYorkDaily,
      '2026-03-07T06:00:00Z',
      '2026-03-08T06:00:00Z',
      ['start 2026-03-07T13:00:00.000Z', 'stop 2026-03-08T01:00:00.000Z'],
    ],
    [
      'New York, spring-forward day',
      newYorkDaily,
      '2026-03-08T06:00:00Z',
      '2026-03-09T06:00:00Z',
      ['start 2026-03-08T12:00:00.000Z', 'stop 2026-03-09T00:00:00.000Z'],
    ],
    [
      'New York, before fall',
      newYorkDaily,
      '2026-10-31T06:00:00Z',
      '2026-11-01T06:00:00Z',
      ['start 2026-10-31T12:00:00.000Z', 'stop 2026-11-01T00:00:00.000Z'],
    ],
    [
      'New York, fall-back day',
      newYorkDaily,
      '2026-11-01T06:00:00Z',
      '2026-11-02T06:00:00Z',
      ['start 2026-11-01T13:00:00.000Z', 'stop 2026-11-02T01:00:00.000Z'],
    ],
    // Asia/Kolkata is UTC+05:30 all year.
    [
      'Kolkata, half-hour offset',
      kolkata,
      '2026-06-01T00:00:00Z',
      '2026-06-02T00:00:00Z',
      ['start 2026-06-01T02:30:00.000Z', 'stop 2026-06-01T14:30:00.000Z'],
    ],
  ])('%s', (_label, s, from, to, expected) => {
    expect(edgesBetween(s, from, to)).toEqual(expected);
  });
});

describe('times inside the skipped or repeated hour', () => {
  const nightly = (timezone: string, stop: string) =>
    schedule({
      timezone,
      start: undefined,
      stop: { hour: Number(stop.slice(0, 2)), minute: Number(stop.slice(3)) },
      days: EVERY_DAY,
    });

  it.each([
    // A 02:30 stop on the spring-forward night happens at 03:30 summer time, once.
    [
      'Europe/Paris',
      '02:30',
      '2026-03-29T00:00:00Z',
      '2026-03-29T23:00:00Z',
      ['2026-03-29T01:30:00.000Z'],
      'skipped',
    ],
    // A 02:30 stop on the fall-back night happens at the first 02:30 (summer time), once.
    [
      'Europe/Paris',
      '02:30',
      '2026-10-24T23:00:00Z',
      '2026-10-25T23:00:00Z',
      ['2026-10-25T00:30:00.000Z'],
      'repeated',
    ],
    [
      'America/New_York',
      '02:30',
      '2026-03-08T05:00:00Z',
      '2026-03-09T04:00:00Z',
      ['2026-03-08T07:30:00.000Z'],
      'skipped',
    ],
    [
      'America/New_York',
      '01:30',
      '2026-11-01T04:00:00Z',
      '2026-11-02T05:00:00Z',
      ['2026-11-01T05:30:00.000Z'],
      'repeated',
    ],
  ])('%s stop at %s', (zone, stop, from, to, expected, fit) => {
    const edges = scheduleEdges(nightly(zone, stop), at(from), at(to));
    expect(edges.map((e) => iso(e.at))).toEqual(expected);
    expect(edges[0]?.fit).toBe(fit);
  });

  it('a stop in the repeated hour is not repeated when the window is split at the second occurrence', () => {
    const s = nightly('Europe/Paris', '02:30');
    const first = scheduleEdges(s, at('2026-10-25T00:00:00Z'), at('2026-10-25T01:00:00Z'));
    const second = scheduleEdges(s, at('2026-10-25T01:00:00Z'), at('2026-10-25T02:00:00Z'));
    expect([...first, ...second].map((e) => iso(e.at))).toEqual(['2026-10-25T00:30:00.000Z']);
  });
});

describe('weeks, weekends and holidays', () => {
  it('Friday stop, then Monday start, nothing over the weekend', () => {
    expect(edgesBetween(paris, '2026-11-27T12:00:00Z', '2026-11-30T12:00:00Z')).toEqual([
      'stop 2026-11-27T19:00:00.000Z',
      'start 2026-11-30T07:00:00.000Z',
    ]);
  });

  it('holidays start nothing but still stop what runs', () => {
    const christmas = schedule({ holidays: ['2026-12-25'] });
    expect(edgesBetween(christmas, '2026-12-24T12:00:00Z', '2026-12-28T12:00:00Z')).toEqual([
      'stop 2026-12-24T19:00:00.000Z',
      'stop 2026-12-25T19:00:00.000Z',
      'start 2026-12-28T07:00:00.000Z',
    ]);
  });

  it('an overnight schedule stops the morning after its run day', () => {
    const nights = schedule({
      start: { hour: 22, minute: 0 },
      stop: { hour: 6, minute: 0 },
      days: [5],
    });
    expect(edgesBetween(nights, '2026-11-27T00:00:00Z', '2026-11-29T00:00:00Z')).toEqual([
      'start 2026-11-27T21:00:00.000Z',
      'stop 2026-11-28T05:00:00.000Z',
    ]);
  });

  it('the window is open at the start and closed at the end', () => {
    expect(edgesBetween(paris, '2026-11-27T19:00:00Z', '2026-11-27T20:00:00Z')).toEqual([]);
    expect(edgesBetween(paris, '2026-11-27T18:00:00Z', '2026-11-27T19:00:00Z')).toEqual([
      'stop 2026-11-27T19:00:00.000Z',
    ]);
  });
});

describe('next and last edges', () => {
  it.each([
    [
      'next stop on Friday afternoon',
      () => nextEdge(paris, 'stop', at('2026-11-27T12:00:00Z')),
      '2026-11-27T19:00:00.000Z',
    ],
    [
      'next start on Friday evening is Monday',
      () => nextEdge(paris, 'start', at('2026-11-27T19:00:00Z')),
      '2026-11-30T07:00:00.000Z',
    ],
    [
      'last stop on Sunday is Friday',
      () => lastEdge(paris, 'stop', at('2026-11-29T12:00:00Z')),
      '2026-11-27T19:00:00.000Z',
    ],
    [
      'last edge includes the instant itself',
      () => lastEdge(paris, 'stop', at('2026-11-27T19:00:00Z')),
      '2026-11-27T19:00:00.000Z',
    ],
    [
      'a stop-only schedule never starts',
      () => nextEdge(schedule({ start: undefined }), 'start', at('2026-11-27T12:00:00Z')),
      undefined,
    ],
  ])('%s', (_label, find, expected) => {
    expect(iso(find()?.at)).toBe(expected);
  });

  it.each([
    ['2026-11-27T10:00:00Z', true],
    ['2026-11-27T19:00:00Z', false],
    ['2026-11-28T10:00:00Z', false],
    ['2026-11-30T07:00:00Z', true],
  ])('within hours at %s: %s', (when, expected) => {
    expect(isWithinHours(paris, at(when))).toBe(expected);
  });
});
