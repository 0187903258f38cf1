import { type CachedPrice, priceBook } from './billing.js';
import type { StopinatorConfig } from './config.js';
import type { FleetIndex } from './fleet-index.js';
import { type SavingsReport, savingsReport } from './savings.js';
import type { SavingsPeriod } from './savings-period.js';
import { ScheduleMemo } from './schedule-memo.js';
import { type HistoryEvent, stoppedNow } from './stop-history.js';
import { stoppedIntervals, upIntervals } from './stopped-intervals.js';

/**
 * How far before a period the history is read: a stop that long before it is found with its
 * cause; one older still counts from there (its start, or the fleet index, says it was off).
 */
export const SAVINGS_LOOKBACK_MS = 8 * 86_400_000;

/** Where to read the history from for a period. */
export function historyFrom(period: SavingsPeriod): number {
  return period.from - SAVINGS_LOOKBACK_MS;
}

/**
 * A period's savings from what was read: the history since `historyFrom(period)`, the fleet
 * index (what is stopped now), the cached prices and the configuration's (pure).
 */
export function periodSavings(input: {
  readonly period: SavingsPeriod;
  readonly events: readonly HistoryEvent[];
  readonly index: FleetIndex | undefined;
  readonly cached: readonly CachedPrice[];
  readonly config: StopinatorConfig;
  readonly now: number;
  readonly includes?: (key: string) => boolean;
}): SavingsReport {
  const memo = new ScheduleMemo();
  const { config } = input;
  const intervals = {
    events: input.events,
    readFrom: historyFrom(input.period),
    now: input.now,
    stoppedNow: stoppedNow(input.index),
    nextStart: (name: string, after: number) => {
      const schedule = config.schedules.get(name);
      return schedule ? memo.nextStart(schedule, after) : undefined;
    },
  };
  return savingsReport({
    period: input.period,
    stopped: stoppedIntervals(intervals),
    up: upIntervals(intervals),
    prices: priceBook({
      currency: config.savings.currency,
      configured: config.savings.prices,
      cached: input.cached,
    }),
    ...(input.includes ? { includes: input.includes } : {}),
  });
}
