import { describe, expect, it } from 'vitest';
import { fleetOutlook } from '../../src/core/outlook.js';
import { instance, snooze } from '../fixtures/fleet.js';
import { at, iso, testConfig } from '../fixtures/schedules.js';

const config = testConfig();

function next(now: string, instances = fleet, snoozes = [] as ReturnType<typeof snooze>[]) {
  return fleetOutlook(instances, config, snoozes, at(now)).map((o) => {
    const n = o.next;
    return `${o.name}: ${n.kind} ${'at' in n ? iso(n.at) : n.why}${'snoozedBy' in n && n.snoozedBy ? ' (snoozed)' : ''}`;
  });
}

const fleet = [
  instance('i-00000001', { name: 'web-1', tag: 'true' }),
  instance('i-00000002', {
    name: 'ours',
    tag: 'true',
    state: 'stopped',
    stoppedAt: at('2026-11-23T19:00:00Z'),
  }),
  instance('i-00000003', { name: 'by-hand', tag: 'true', state: 'stopped' }),
  instance('i-00000004', { name: 'keep', tag: 'off' }),
  instance('i-00000005', { name: 'typo', tag: 'ofice' }),
];

describe('fleetOutlook', () => {
  it('says what happens next to each instance', () => {
    expect(next('2026-11-24T15:00:00Z')).toEqual([
      'web-1: stop 2026-11-24T19:00:00.000Z',
      'ours: start 2026-11-25T07:00:00.000Z',
      'by-hand: stays-stopped stopped by hand; the stopinator leaves it stopped',
      'keep: never excluded (stopinator=off)',
      'typo: problem unknown schedule "ofice"',
    ]);
  });

  it('applies snoozes, including one that keeps an instance running through the night', () => {
    const web = fleet.slice(0, 1);
    const late = snooze(
      at('2026-11-24T15:00:00Z'),
      { kind: 'for', minutes: 120 },
      { instances: web },
    );
    expect(next('2026-11-24T15:00:00Z', web, [late])).toEqual([
      'web-1: stop 2026-11-24T21:00:00.000Z (snoozed)',
    ]);
    const tonight = snooze(at('2026-11-24T15:00:00Z'), { kind: 'tonight' }, { instances: web });
    expect(next('2026-11-24T15:00:00Z', web, [tonight])).toEqual([
      'web-1: stop 2026-11-25T19:00:00.000Z',
    ]);
  });

  it('after the stop, a snooze on a hand-started instance moves tomorrow’s stop', () => {
    const web = fleet.slice(0, 1);
    const late = snooze(
      at('2026-11-24T21:00:00Z'),
      { kind: 'for', minutes: 60 },
      { instances: web },
    );
    expect(next('2026-11-24T21:30:00Z', web, [late])).toEqual([
      'web-1: stop 2026-11-25T20:00:00.000Z (snoozed)',
    ]);
  });
});
