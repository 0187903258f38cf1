import { describe, expect, it } from 'vitest';
import type { FleetInstance } from '../../src/core/instance.js';
import { type Decision, planRun } from '../../src/core/plan-run.js';
import type { Snooze } from '../../src/core/snooze.js';
import { instance, snooze } from '../fixtures/fleet.js';
import { at, iso, testConfig } from '../fixtures/schedules.js';

const config = testConfig();

function plan(from: string, to: string, instances: FleetInstance[], snoozes: Snooze[] = []) {
  return planRun({
    instances,
    config,
    snoozes,
    window: { from: at(from), to: at(to), truncated: false },
  });
}

const brief = (d: Decision) => `${d.name} ${d.action} ${d.code} ${iso(d.at) ?? '-'}`;

describe('evening stop', () => {
  const fleet = [
    instance('i-00000001', { name: 'web-1', tag: 'true' }),
    instance('i-00000002', { name: 'db-1', tag: 'office-hours' }),
    instance('i-00000003', { name: 'keep-me', tag: 'off' }),
    instance('i-00000004', { name: 'typo', tag: 'ofice-hours' }),
    instance('i-00000005', { tag: 'default', state: 'stopped' }),
  ];

  it('stops running instances at 20:00 Paris and reports the others', () => {
    const result = plan('2026-11-24T18:55:00Z', '2026-11-24T19:00:00Z', fleet);
    expect(result.decisions.map(brief)).toEqual([
      'web-1 stop scheduled-stop 2026-11-24T19:00:00.000Z',
      'db-1 stop scheduled-stop 2026-11-24T19:00:00.000Z',
      'i-00000005 none already-stopped 2026-11-24T19:00:00.000Z',
      'keep-me none excluded -',
      'typo none unknown-schedule -',
    ]);
    expect(result.toStop.map((d) => d.instanceId)).toEqual(['i-00000001', 'i-00000002']);
    expect(result.decisions[0]?.reason).toBe('stopped: schedule office-hours, 20:00 Europe/Paris');
    expect(result.decisions.find((d) => d.name === 'typo')?.reason).toContain(
      'unknown schedule "ofice-hours"',
    );
  });

  it('warns thirty minutes ahead', () => {
    const result = plan('2026-11-24T18:25:00Z', '2026-11-24T18:30:00Z', fleet);
    expect(result.warnings.map(brief)).toEqual([
      'web-1 warn stop-ahead 2026-11-24T18:30:00.000Z',
      'db-1 warn stop-ahead 2026-11-24T18:30:00.000Z',
    ]);
    expect(iso(result.warnings[0]?.stopAt)).toBe('2026-11-24T19:00:00.000Z');
  });

  it('does nothing between edges', () => {
    const result = plan('2026-11-24T19:00:00Z', '2026-11-24T19:05:00Z', fleet);
    expect(result.toStop).toEqual([]);
    expect(result.decisions.filter((d) => d.at !== undefined)).toEqual([]);
  });
});

describe('morning start', () => {
  it('starts only what the stopinator stopped', () => {
    const result = plan('2026-11-25T06:55:00Z', '2026-11-25T07:00:00Z', [
      instance('i-00000001', {
        name: 'ours',
        tag: 'true',
        state: 'stopped',
        stoppedAt: at('2026-11-24T19:00:00Z'),
      }),
      instance('i-00000002', { name: 'by-hand', tag: 'true', state: 'stopped' }),
      instance('i-00000003', { name: 'started-late', tag: 'true', state: 'running' }),
    ]);
    expect(result.decisions.map(brief)).toEqual([
      'ours start scheduled-start 2026-11-25T07:00:00.000Z',
      'by-hand none stopped-by-hand 2026-11-25T07:00:00.000Z',
      'started-late none already-running 2026-11-25T07:00:00.000Z',
    ]);
    expect(result.toStart.map((d) => d.name)).toEqual(['ours']);
  });

  it('an instance started by hand at 22:00 is left running all night', () => {
    const result = plan('2026-11-24T21:00:00Z', '2026-11-25T06:59:00Z', [
      instance('i-00000001', { tag: 'true' }),
    ]);
    expect(result.toStop).toEqual([]);
  });
});

describe('catch-up windows', () => {
  const running = instance('i-00000001', { name: 'web-1', tag: 'true' });

  it('a weekend-long window stops on Friday and starts on Monday: no call needed', () => {
    const result = plan('2026-11-27T12:00:00Z', '2026-11-30T12:00:00Z', [running]);
    expect(result.decisions.map(brief)).toEqual([
      'web-1 warn stop-ahead 2026-11-27T18:30:00.000Z',
      'web-1 stop scheduled-stop 2026-11-27T19:00:00.000Z',
      'web-1 start scheduled-start 2026-11-30T07:00:00.000Z',
    ]);
    expect(result.toStop).toEqual([]);
    expect(result.toStart).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('a window that ends on Saturday stops what Friday should have stopped', () => {
    const result = plan('2026-11-27T18:00:00Z', '2026-11-28T12:00:00Z', [running]);
    expect(result.toStop.map(brief)).toEqual([
      'web-1 stop scheduled-stop 2026-11-27T19:00:00.000Z',
    ]);
    expect(result.warnings).toEqual([]);
  });
});

describe('snoozes', () => {
  const web = instance('i-00000001', { name: 'web-1', tag: 'true' });
  const db = instance('i-00000002', { name: 'db-1', tag: 'true' });

  it('postpones the stop until the snooze ends, with a fresh warning', () => {
    const late = snooze(
      at('2026-11-24T15:00:00Z'),
      { kind: 'until', time: { hour: 23, minute: 30 } },
      { instances: [web] },
    );
    const result = plan('2026-11-24T18:00:00Z', '2026-11-24T23:00:00Z', [web], [late]);
    expect(result.decisions.map(brief)).toEqual([
      'web-1 none postponed 2026-11-24T19:00:00.000Z',
      'web-1 warn stop-ahead 2026-11-24T22:00:00.000Z',
      'web-1 stop snooze-ended 2026-11-24T22:30:00.000Z',
    ]);
    expect(result.decisions[0]?.reason).toBe(
      'kept running: snoozed by @alice until 23:30 Europe/Paris',
    );
    expect(result.decisions[2]?.reason).toBe(
      'stopped: snooze by @alice ended at 23:30 Europe/Paris (schedule office-hours stops at 20:00 Europe/Paris)',
    );
  });

  it('tonight keeps instances running until the morning, with no stop', () => {
    const tonight = snooze(at('2026-11-24T15:00:00Z'), { kind: 'tonight' }, { instances: [web] });
    const result = plan('2026-11-24T18:00:00Z', '2026-11-25T08:00:00Z', [web], [tonight]);
    expect(result.decisions.map(brief)).toEqual([
      'web-1 none kept-running-tonight 2026-11-24T19:00:00.000Z',
      'web-1 none already-running 2026-11-25T07:00:00.000Z',
    ]);
  });

  it('several snoozes on overlapping selectors: each instance takes the latest end', () => {
    const fleet = [web, db];
    const everyone = snooze(
      at('2026-11-24T15:00:00Z'),
      { kind: 'for', minutes: 60 },
      { instances: fleet },
    );
    const webOnly = snooze(
      at('2026-11-24T16:00:00Z'),
      { kind: 'for', minutes: 180 },
      { selector: { kind: 'name', pattern: 'web-*' }, by: 'bob', instances: fleet },
    );
    const shorter = snooze(
      at('2026-11-24T17:00:00Z'),
      { kind: 'for', minutes: 30 },
      { selector: { kind: 'instance', id: 'i-00000001' }, instances: fleet },
    );
    const result = plan(
      '2026-11-24T18:00:00Z',
      '2026-11-25T00:00:00Z',
      [web, db],
      [everyone, webOnly, shorter],
    );
    expect(result.decisions.filter((d) => d.action === 'stop').map(brief)).toEqual([
      'web-1 stop snooze-ended 2026-11-24T22:00:00.000Z',
      'db-1 stop snooze-ended 2026-11-24T20:00:00.000Z',
    ]);
    expect(
      result.decisions.find((d) => d.name === 'web-1' && d.code === 'postponed')?.reason,
    ).toContain('@bob');
  });

  it('a snooze made after the stop moves the next stop: a hand-started instance is not stopped tonight', () => {
    const late = snooze(
      at('2026-11-24T21:00:00Z'),
      { kind: 'for', minutes: 120 },
      { instances: [web] },
    );
    expect(late.ends).toMatchObject([
      { stop: at('2026-11-25T19:00:00Z'), until: at('2026-11-25T21:00:00Z') },
    ]);
    const tonight = plan('2026-11-24T21:00:00Z', '2026-11-25T08:00:00Z', [web], [late]);
    expect(tonight.toStop).toEqual([]);
    const tomorrow = plan('2026-11-25T18:00:00Z', '2026-11-25T22:00:00Z', [web], [late]);
    expect(tomorrow.toStop.map(brief)).toEqual([
      'web-1 stop snooze-ended 2026-11-25T21:00:00.000Z',
    ]);
  });

  it('an expired snooze is ignored even if the store still returns it', () => {
    const yesterday = snooze(
      at('2026-11-23T15:00:00Z'),
      { kind: 'tonight' },
      { expiresAt: at('2026-11-24T07:00:00Z') },
    );
    const result = plan('2026-11-24T18:55:00Z', '2026-11-24T19:00:00Z', [web], [yesterday]);
    expect(result.toStop.map(brief)).toEqual([
      'web-1 stop scheduled-stop 2026-11-24T19:00:00.000Z',
    ]);
  });

  it('a snooze that ends inside the window is still honoured by a late run', () => {
    const short = snooze(
      at('2026-11-24T15:00:00Z'),
      { kind: 'for', minutes: 30 },
      { expiresAt: at('2026-11-24T19:30:00Z'), instances: [web] },
    );
    const result = plan('2026-11-24T19:25:00Z', '2026-11-24T19:40:00Z', [web], [short]);
    expect(result.toStop.map(brief)).toEqual(['web-1 stop snooze-ended 2026-11-24T19:30:00.000Z']);
  });

  it('a snooze for another schedule or target does not cover the instance', () => {
    const other = snooze(
      at('2026-11-24T15:00:00Z'),
      { kind: 'tonight' },
      { selector: { kind: 'schedule', name: 'new-york' } },
    );
    const result = plan('2026-11-24T18:55:00Z', '2026-11-24T19:00:00Z', [web], [other]);
    expect(result.toStop).toHaveLength(1);
  });
});

describe('enforce', () => {
  it('starts a stopped instance during hours and stops a running one at night', () => {
    const day = plan('2026-11-24T10:00:00Z', '2026-11-24T10:05:00Z', [
      instance('i-00000001', { tag: 'strict', state: 'stopped' }),
    ]);
    expect(day.toStart.map((d) => d.code)).toEqual(['enforce-start']);
    const night = plan('2026-11-24T22:00:00Z', '2026-11-24T22:05:00Z', [
      instance('i-00000001', { tag: 'strict' }),
    ]);
    expect(night.toStop.map((d) => d.code)).toEqual(['enforce-stop']);
  });

  it('respects snoozes', () => {
    const strict = instance('i-00000001', { tag: 'strict' });
    const late = snooze(
      at('2026-11-24T15:00:00Z'),
      { kind: 'until', time: { hour: 23, minute: 30 } },
      { instances: [strict] },
    );
    const night = plan('2026-11-24T21:00:00Z', '2026-11-24T21:05:00Z', [strict], [late]);
    expect(night.toStop).toEqual([]);
  });
});

describe('regions and schedules in other zones', () => {
  it('New York instances stop at 20:00 New York time', () => {
    const result = plan('2026-11-25T00:55:00Z', '2026-11-25T01:00:00Z', [
      instance('i-00000001', { name: 'ny', tag: 'new-york', region: 'us-east-1' }),
      instance('i-00000002', { name: 'paris', tag: 'true' }),
    ]);
    expect(result.toStop.map((d) => `${d.name} ${d.region}`)).toEqual(['ny us-east-1']);
  });

  it('stop-only schedules never start', () => {
    const result = plan('2026-11-24T00:00:00Z', '2026-11-25T12:00:00Z', [
      instance('i-00000001', {
        tag: 'nightly',
        state: 'stopped',
        stoppedAt: at('2026-11-23T19:00:00Z'),
      }),
    ]);
    expect(result.toStart).toEqual([]);
  });
});

describe('AWS’s 7-day restart of a stopped database or cluster', () => {
  // Saturday 28 November 2026, 10:00 Paris: office-hours says off all weekend.
  const saturday = ['2026-11-28T08:55:00Z', '2026-11-28T09:00:00Z'] as const;
  const marked = (id: string, state: 'running' | 'pending', markedAt: string) => ({
    ...instance(id, { tag: 'office-hours', state }),
    markedAt: at(markedAt),
  });

  it('stops again, once it is up, a database or cluster marked 7 days ago', () => {
    const result = plan(...saturday, [
      marked('rds:db-main', 'running', '2026-11-21T09:00:00Z'),
      marked('cluster:aurora-1', 'running', '2026-11-21T10:00:00Z'),
    ]);
    expect(result.toStop.map((d) => [d.instanceId, d.code])).toEqual([
      ['rds:db-main', 'restarted-by-aws'],
      ['cluster:aurora-1', 'restarted-by-aws'],
    ]);
    expect(result.toStop[0]?.reason).toBe(
      'stopped again: AWS started it after 7 days stopped, and schedule office-hours says off',
    );
  });

  it('waits while it is still starting (RDS cannot stop it then), and leaves alone what is younger, what the schedule keeps up, and EC2', () => {
    const result = plan(...saturday, [
      marked('rds:starting', 'pending', '2026-11-21T09:00:00Z'),
      marked('rds:six-days', 'running', '2026-11-22T09:00:00Z'),
      marked('i-00000001', 'running', '2026-11-21T09:00:00Z'),
    ]);
    expect(result.toStop).toEqual([]);
    const weekday = plan('2026-11-30T09:00:00Z', '2026-11-30T09:05:00Z', [
      marked('rds:db-main', 'running', '2026-11-21T09:00:00Z'),
    ]);
    expect(weekday.toStop).toEqual([]);
  });
});
