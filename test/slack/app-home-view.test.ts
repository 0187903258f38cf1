import { describe, expect, it } from 'vitest';
import type { FleetInstance } from '../../src/core/instance.js';
import { resourceKey } from '../../src/core/instance.js';
import { periodSavings } from '../../src/core/period-savings.js';
import { savingsPeriod } from '../../src/core/savings-period.js';
import { simulate } from '../../src/core/simulate.js';
import type { HistoryEvent } from '../../src/core/stop-history.js';
import { appHomeView, HOME_CANCEL_ACTION } from '../../src/slack/app-home-view.js';
import { LIMITS } from '../../src/slack/blocks.js';
import { snooze } from '../fixtures/fleet.js';
import { testConfig } from '../fixtures/schedules.js';

const now = Date.parse('2026-11-25T16:00:00Z');
const config = testConfig({ savings: { prices: { 't3.medium': 0.05 } } });
const SCHEDULES = ['office-hours', 'new-york', 'nightly'];

function fleet(size: number): FleetInstance[] {
  return Array.from({ length: size }, (_, i) => ({
    id: `i-${String(i).padStart(17, '0')}`,
    region: i % 2 === 0 ? 'eu-west-1' : 'us-east-1',
    state: i % 5 === 0 ? ('stopped' as const) : ('running' as const),
    tags: { Name: `web-${i}-${'x'.repeat(40)}`, stopinator: SCHEDULES[i % 3] as string },
    billing: { units: [{ service: 'ec2' as const, type: 't3.medium', count: 1 }] },
  }));
}

function lastNight(instances: readonly FleetInstance[]): HistoryEvent[] {
  return instances.flatMap((i) => {
    const base = {
      key: resourceKey(i),
      account: 'default',
      region: i.region,
      id: i.id,
      name: i.tags.Name ?? i.id,
      schedule: i.tags.stopinator as string,
      ...(i.billing ? { billing: i.billing } : {}),
    };
    return [
      {
        ...base,
        at: Date.parse('2026-11-24T19:00:00Z'),
        event: 'stopped' as const,
        by: 'schedule' as const,
      },
      {
        ...base,
        at: Date.parse('2026-11-25T07:00:00Z'),
        event: 'started' as const,
        by: 'schedule' as const,
      },
    ];
  });
}

describe('the App Home view', () => {
  it('stays within Slack’s 100 blocks and 3,000 characters a section for 500 instances and 30 snoozes', () => {
    const instances = fleet(500);
    const mine = Array.from({ length: 30 }, (_, i) =>
      snooze(
        now - 60_000,
        { kind: 'for', minutes: 120 },
        {
          by: 'U0ALICE',
          instances: instances.slice(i * 10, i * 10 + 10),
          selector: { kind: 'name', pattern: `web-${i}*` },
          config,
        },
      ),
    );
    const view = appHomeView({
      userId: 'U0ALICE',
      now,
      instances,
      simulation: simulate({ instances, config, snoozes: mine, from: now, hours: 24 }),
      snoozes: mine,
      savings: periodSavings({
        period: savingsPeriod('month', now, 'Europe/Paris'),
        events: lastNight(instances),
        index: undefined,
        cached: [],
        config,
        now,
      }),
      zoneOf: (s) => config.schedules.get(s)?.timezone ?? 'UTC',
      nameOf: () => undefined,
      defaultZone: 'Europe/Paris',
    });

    expect(view.type).toBe('home');
    expect(view.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerView);
    for (const block of view.blocks) {
      if (block.type === 'section')
        expect(block.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    }
    const shown = JSON.stringify(view.blocks);
    expect(shown).toContain('*Running now:* 400 resources of 500 (100 stopped)');
    expect(shown).toContain('and 385 more');
    // Ten Cancel buttons, then a count of the rest.
    expect(shown.split(HOME_CANCEL_ACTION).length - 1).toBe(10);
    expect(shown).toContain('…and 20 more: `/stopinator unsnooze` cancels them all.');
    expect(shown).toContain('*Savings this month:* 6000 h, $300.00');
    expect(shown).toMatch(/office-hours\s+█+ 2004 h \$100\.20/);
  });
});
