import { describe, expect, it } from 'vitest';
import { hourlyPrice, priceBook, pricesToFetch } from '../../src/core/billing.js';
import type { FleetIndex } from '../../src/core/fleet-index.js';
import type { FleetInstance } from '../../src/core/instance.js';
import type { PendingAction } from '../../src/core/journal.js';
import { periodSavings } from '../../src/core/period-savings.js';
import type { RunPlan } from '../../src/core/plan-run.js';
import { savingsPeriod } from '../../src/core/savings-period.js';
import { type HistoryEvent, runHistory } from '../../src/core/stop-history.js';
import { stoppedIntervals, upIntervals } from '../../src/core/stopped-intervals.js';
import { testConfig } from '../fixtures/schedules.js';

const H = 3_600_000;
const at = (iso: string) => Date.parse(iso);
const T3 = { units: [{ service: 'ec2' as const, type: 't3.medium', count: 1 }] };
const config = testConfig({ savings: { prices: { 't3.medium': 0.05 } } });

function event(e: Partial<HistoryEvent> & Pick<HistoryEvent, 'at' | 'event' | 'by'>): HistoryEvent {
  return {
    key: 'eu-west-1/i-1',
    account: 'default',
    region: 'eu-west-1',
    id: 'i-1',
    name: 'web-1',
    schedule: 'office-hours',
    billing: T3,
    ...e,
  };
}

const stopped = (iso: string, by: HistoryEvent['by'] = 'schedule') =>
  event({ at: at(iso), event: 'stopped', by });
const started = (iso: string, by: HistoryEvent['by'] = 'schedule', who?: string) =>
  event({ at: at(iso), event: 'started', by, ...(who ? { who } : {}) });

function stoppedIndex(...instances: FleetInstance[]): FleetIndex {
  return {
    runAt: 0,
    writtenAt: 0,
    regions: [
      {
        region: 'eu-west-1',
        listedAt: 0,
        entries: instances.map((instance) => ({ instance, recent: [] })),
      },
    ],
  };
}

describe('savings periods, in the default schedule’s calendar', () => {
  it.each([
    ['week', '2026-11-26T10:00:00Z', '2026-11-22T23:00:00Z', '2026-11-26T10:00:00Z', 'this week'],
    [
      'last-week',
      '2026-11-30T08:00:00Z',
      '2026-11-22T23:00:00Z',
      '2026-11-29T23:00:00Z',
      'last week',
    ],
    ['month', '2026-11-26T10:00:00Z', '2026-10-31T23:00:00Z', '2026-11-26T10:00:00Z', 'this month'],
    // October 2026 starts in summer time (UTC+2) and ends in winter time (UTC+1).
    [
      'last-month',
      '2026-11-03T10:00:00Z',
      '2026-09-30T22:00:00Z',
      '2026-10-31T23:00:00Z',
      'October 2026',
    ],
    // Sunday 23:30 Paris is still the week that began on Monday the 23rd.
    ['week', '2026-11-29T22:30:00Z', '2026-11-22T23:00:00Z', '2026-11-29T22:30:00Z', 'this week'],
  ] as const)('%s at %s: %s to %s', (name, now, from, to, label) => {
    expect(savingsPeriod(name, at(now), 'Europe/Paris')).toEqual({
      name,
      from: at(from),
      to: at(to),
      label,
    });
  });
});

describe('stopped intervals, paired from the history', () => {
  const base = {
    readFrom: at('2026-11-16T00:00:00Z'),
    now: at('2026-11-26T10:00:00Z'),
    stoppedNow: new Map(),
  };

  it('pairs each stop with the start that ends it, and says who ended it', () => {
    const intervals = stoppedIntervals({
      ...base,
      events: [
        stopped('2026-11-24T19:00:00Z'),
        started('2026-11-25T02:00:00Z', 'wake', 'alice'),
        stopped('2026-11-25T04:00:00Z', 'wake-end'),
        started('2026-11-25T07:00:00Z'),
      ],
    });
    expect(intervals.map((i) => [(i.to - i.from) / H, i.stoppedBy, i.startedBy, i.who])).toEqual([
      [7, 'schedule', 'wake', 'alice'],
      [3, 'wake-end', 'schedule', undefined],
    ]);
  });

  it('counts a start without its stop from where the history was read, and a stop still held until now', () => {
    const index = stoppedIndex({
      id: 'i-1',
      region: 'eu-west-1',
      state: 'stopped',
      tags: {},
      stoppedByStopinatorAt: 1,
    });
    const intervals = stoppedIntervals({
      ...base,
      stoppedNow: new Map([
        ['eu-west-1/i-1', index.regions[0]?.entries[0]?.instance as FleetInstance],
      ]),
      events: [started('2026-11-16T07:00:00Z'), stopped('2026-11-25T19:00:00Z')],
    });
    expect(intervals.map((i) => [(i.to - i.from) / H, i.stoppedBy, i.startedBy])).toEqual([
      [7, 'before', 'schedule'],
      [15, 'schedule', 'still-stopped'],
    ]);
  });

  it('counts nothing for a stop whose start went unseen, nor for a second stop without a start', () => {
    const intervals = stoppedIntervals({
      ...base,
      events: [
        stopped('2026-11-23T19:00:00Z'),
        stopped('2026-11-24T19:00:00Z'),
        started('2026-11-25T07:00:00Z'),
        stopped('2026-11-25T19:00:00Z'),
      ],
    });
    expect(intervals.map((i) => (i.to - i.from) / H)).toEqual([12]);
  });

  it('counts a resource the index holds stopped with no event since the read began', () => {
    const instance: FleetInstance = {
      id: 'rds:db-1',
      region: 'eu-west-1',
      state: 'stopped',
      tags: { Name: 'db-1' },
      stoppedByStopinatorAt: 1,
    };
    const [interval] = stoppedIntervals({
      ...base,
      events: [],
      stoppedNow: new Map([['eu-west-1/rds:db-1', instance]]),
    });
    expect(interval).toMatchObject({
      name: 'db-1',
      from: base.readFrom,
      to: base.now,
      stoppedBy: 'before',
      startedBy: 'still-stopped',
    });
  });
});

describe('what snoozes and wakes kept up', () => {
  const base = { readFrom: 0, now: at('2026-11-26T10:00:00Z'), stoppedNow: new Map() };

  it('a snooze: from the stop it held back to the stop that followed', () => {
    const [up] = upIntervals({
      ...base,
      events: [
        event({
          at: at('2026-11-24T19:00:00Z'),
          event: 'kept',
          by: 'snooze',
          who: 'alice',
          until: at('2026-11-24T21:00:00Z'),
        }),
        stopped('2026-11-24T21:00:00Z', 'snooze-end'),
      ],
    });
    expect(up).toMatchObject({ by: 'snooze', who: 'alice' });
    expect(((up?.to ?? 0) - (up?.from ?? 0)) / H).toBe(2);
  });

  it('a snooze through the night ends at its end, the next start; a wake at most at the schedule’s start', () => {
    const ups = upIntervals({
      ...base,
      nextStart: () => at('2026-11-25T07:00:00Z'),
      events: [
        event({
          at: at('2026-11-24T19:00:00Z'),
          event: 'kept',
          by: 'snooze',
          until: at('2026-11-25T07:00:00Z'),
        }),
        event({
          key: 'eu-west-1/i-2',
          id: 'i-2',
          at: at('2026-11-25T03:00:00Z'),
          event: 'started',
          by: 'wake',
          who: 'bob',
        }),
      ],
    });
    expect(ups.map((u) => [u.by, (u.to - u.from) / H])).toEqual([
      ['snooze', 12],
      ['wake', 4],
    ]);
  });
});

describe('savings: hours off in the period times the hourly price', () => {
  const week = savingsPeriod('week', at('2026-11-26T10:00:00Z'), 'Europe/Paris');

  it('cuts intervals to the period, prices them, totals by schedule, and puts the biggest first', () => {
    const report = periodSavings({
      period: week,
      config,
      now: at('2026-11-26T10:00:00Z'),
      index: undefined,
      cached: [],
      events: [
        // Friday 20:00 to Monday 08:00 Paris: 8 h of it fall in this week (from Monday 00:00).
        stopped('2026-11-20T19:00:00Z'),
        started('2026-11-23T07:00:00Z'),
        stopped('2026-11-24T19:00:00Z'),
        started('2026-11-25T07:00:00Z'),
        event({
          key: 'eu-west-1/i-2',
          id: 'i-2',
          name: 'web-2',
          at: at('2026-11-24T19:00:00Z'),
          event: 'stopped',
          by: 'schedule',
        }),
        event({
          key: 'eu-west-1/i-2',
          id: 'i-2',
          name: 'web-2',
          at: at('2026-11-25T07:00:00Z'),
          event: 'started',
          by: 'schedule',
        }),
      ],
    });
    expect(report.total).toMatchObject({ resources: 2, hours: 32, unpricedHours: 0 });
    expect(report.total.money).toBeCloseTo(1.6, 10);
    expect(report.bySchedule).toMatchObject([{ schedule: 'office-hours', hours: 32 }]);
    expect(report.resources.map((r) => [r.name, r.hours])).toEqual([
      ['web-1', 20],
      ['web-2', 12],
    ]);
    expect(report.stillBilled).toEqual([
      { kind: 'ec2', what: 'EBS volumes and Elastic IP addresses', resources: 2 },
    ]);
  });

  it('an unknown price leaves hours only, labelled, and never a guessed amount', () => {
    const m5 = { units: [{ service: 'ec2' as const, type: 'm5.large', count: 1 }] };
    const report = periodSavings({
      period: week,
      config,
      now: at('2026-11-26T10:00:00Z'),
      index: undefined,
      cached: [],
      events: [
        stopped('2026-11-24T19:00:00Z'),
        started('2026-11-25T07:00:00Z'),
        event({
          key: 'eu-west-1/i-2',
          id: 'i-2',
          billing: m5,
          at: at('2026-11-24T19:00:00Z'),
          event: 'stopped',
          by: 'schedule',
        }),
        event({
          key: 'eu-west-1/i-2',
          id: 'i-2',
          billing: m5,
          at: at('2026-11-25T07:00:00Z'),
          event: 'started',
          by: 'schedule',
        }),
      ],
    });
    expect(report.total).toMatchObject({ hours: 24, unpricedHours: 12, unpricedResources: 1 });
    expect(report.total.money).toBeCloseTo(0.6, 10);
    expect(report.resources.find((r) => r.key === 'eu-west-1/i-2')?.money).toBeUndefined();
  });

  it('a target counts only its resources', () => {
    const report = periodSavings({
      period: week,
      config,
      now: at('2026-11-26T10:00:00Z'),
      index: undefined,
      cached: [],
      includes: (key) => key === 'eu-west-1/i-2',
      events: [stopped('2026-11-24T19:00:00Z'), started('2026-11-25T07:00:00Z')],
    });
    expect(report.total.resources).toBe(0);
  });
});

describe('prices: the configuration’s first, then the Price List’s in the same currency', () => {
  const unit = { service: 'ec2' as const, type: 't3.medium', count: 2 };
  const key = 'ec2|eu-west-1|t3.medium|Linux/UNIX|default';

  it('overrides a cached price with the configured one, and multiplies by the count', () => {
    const cached = [{ key, hourly: 0.0456, currency: 'USD', fetchedAt: 0 }];
    expect(
      hourlyPrice(
        { units: [unit] },
        'eu-west-1',
        priceBook({ currency: 'USD', configured: {}, cached }),
      ),
    ).toBeCloseTo(0.0912);
    expect(
      hourlyPrice(
        { units: [unit] },
        'eu-west-1',
        priceBook({ currency: 'USD', configured: { 't3.medium': 0.04 }, cached }),
      ),
    ).toBeCloseTo(0.08);
    // The Price List is in dollars: in euros only configured prices count.
    expect(
      hourlyPrice(
        { units: [unit] },
        'eu-west-1',
        priceBook({ currency: 'EUR', configured: {}, cached }),
      ),
    ).toBeUndefined();
    expect(
      hourlyPrice(
        { units: [] },
        'eu-west-1',
        priceBook({ currency: 'USD', configured: {}, cached }),
      ),
    ).toBeUndefined();
  });

  it('asks again for stale prices (a week), failed look-ups (an hour), and never for configured ones', () => {
    const now = 10 * 86_400_000;
    const units = [
      { unit, region: 'eu-west-1' },
      { unit: { ...unit, type: 'm5.large' }, region: 'eu-west-1' },
    ];
    const fresh = [{ key, hourly: 0.0456, currency: 'USD', fetchedAt: now - 86_400_000 }];
    expect(pricesToFetch(units, { configured: { 'm5.large': 0.1 }, cached: fresh, now })).toEqual(
      [],
    );
    expect(
      pricesToFetch(units, {
        configured: { 'm5.large': 0.1 },
        cached: [{ ...(fresh[0] as (typeof fresh)[0]), fetchedAt: now - 8 * 86_400_000 }],
        now,
      }),
    ).toHaveLength(1);
    expect(
      pricesToFetch(units, {
        configured: { 'm5.large': 0.1 },
        cached: [{ key, currency: 'USD', fetchedAt: now - 2 * H, failed: true }],
        now,
      }),
    ).toHaveLength(1);
  });
});

describe('a run’s history', () => {
  const now = at('2026-11-25T07:00:00Z');
  const since = now - 5 * 60_000;
  const emptyPlan: RunPlan = {
    window: { from: since, to: now, truncated: false },
    decisions: [],
    toStop: [],
    toStart: [],
    warnings: [],
  };
  const tagged = (
    state: FleetInstance['state'],
    extra: Partial<FleetInstance> = {},
  ): FleetInstance => ({
    id: 'i-1',
    region: 'eu-west-1',
    state,
    tags: { Name: 'web-1', stopinator: 'office-hours' },
    billing: T3,
    ...extra,
  });
  const previous: FleetIndex = {
    runAt: since,
    writtenAt: since,
    regions: [
      {
        region: 'eu-west-1',
        listedAt: since,
        entries: [{ instance: tagged('stopped', { stoppedByStopinatorAt: 1 }), recent: [] }],
      },
    ],
  };
  const input = (listed: FleetInstance[], extra = {}) => ({
    now,
    plan: emptyPlan,
    worked: [],
    listed: new Map([['eu-west-1', listed]]),
    previous,
    snoozes: [],
    config,
    ...extra,
  });

  it('sees a start someone made: at EC2’s launch time when it lies between the runs', () => {
    const [e] = runHistory(input([tagged('running', { startedAt: now - 60_000 })]));
    expect(e).toMatchObject({
      event: 'started',
      by: 'person',
      at: now - 60_000,
      schedule: 'office-hours',
    });
    const [late] = runHistory(input([tagged('running', { startedAt: 5 })]));
    expect(late).toMatchObject({ event: 'started', by: 'person', at: since });
  });

  it('sees a wake as a wake, with who, and a resource gone as gone', () => {
    const wake = {
      id: 'w',
      kind: 'wake' as const,
      selector: { kind: 'all' as const },
      length: { kind: 'for' as const, minutes: 60 },
      by: 'U0ALICE',
      byName: 'alice',
      createdAt: now - 120_000,
      expiresAt: now + H,
      ends: [
        { schedule: 'office-hours', stop: now + H, until: now + H, resources: ['eu-west-1/i-1'] },
      ],
    };
    const [woken] = runHistory(input([tagged('running')], { snoozes: [wake] }));
    expect(woken).toMatchObject({ event: 'started', by: 'wake', who: 'alice', at: now - 120_000 });
    const [gone] = runHistory(input([]));
    expect(gone).toMatchObject({ event: 'gone', at: since });
  });

  it('records its own stops and starts with their causes, and stops snoozes held back', () => {
    const pending = (
      action: 'stop' | 'start',
      code: PendingAction['code'],
      ends?: 'wake' | 'snooze',
    ): PendingAction => ({
      key: 'eu-west-1/i-1',
      region: 'eu-west-1',
      instanceId: 'i-1',
      name: 'web-1',
      schedule: 'office-hours',
      action,
      edge: now,
      code,
      reason: '',
      mark: true,
      ...(ends ? { ends } : {}),
      decidedAt: now,
      journaledAt: now,
      attempts: 0,
    });
    const plan: RunPlan = {
      ...emptyPlan,
      decisions: [
        {
          instanceId: 'i-1',
          region: 'eu-west-1',
          name: 'web-1',
          schedule: 'office-hours',
          action: 'none',
          code: 'postponed',
          reason: '',
          at: now,
          movedBy: { kind: 'snooze', who: 'alice', until: now + 2 * H },
        },
      ],
    };
    const listed = [tagged('running')];
    const events = runHistory({
      ...input(listed),
      previous: undefined,
      plan,
      worked: [
        pending('stop', 'snooze-ended', 'wake'),
        pending('stop', 'restarted-by-aws'),
        pending('start', 'scheduled-start'),
      ],
    });
    expect(events.map((e) => [e.event, e.by])).toEqual([
      ['kept', 'snooze'],
      ['stopped', 'wake-end'],
      ['stopped', 'aws-restart'],
      ['started', 'schedule'],
    ]);
    expect(events[0]).toMatchObject({ who: 'alice', until: now + 2 * H, billing: T3 });
  });
});

describe('projected off hours', () => {
  it('a week of office-hours is off 108 h, 107 h over the night Paris springs forward', async () => {
    const { offHours } = await import('../../src/core/projection.js');
    const schedule = config.schedules.get('office-hours');
    if (!schedule) throw new Error('no office-hours');
    expect(
      offHours(schedule, at('2026-03-09T00:00:00+01:00'), at('2026-03-16T00:00:00+01:00')),
    ).toBe(108);
    expect(
      offHours(schedule, at('2026-03-23T00:00:00+01:00'), at('2026-03-30T00:00:00+02:00')),
    ).toBe(107);
  });
});
