import { hourlyPrice, type PriceBook } from './billing.js';
import { compareText } from './compare-text.js';
import type { StopinatorConfig } from './config.js';
import { type FleetInstance, participation } from './instance.js';
import { type Tally, tally } from './savings.js';
import type { Schedule } from './schedule.js';
import { ScheduleMemo } from './schedule-memo.js';

const HOUR_MS = 3_600_000;
/** The month a projection speaks of: the next 30 days. */
export const PROJECTION_DAYS = 30;

/** Hours a schedule keeps a resource off between two instants, snoozes aside. */
export function offHours(
  schedule: Schedule,
  from: number,
  to: number,
  memo = new ScheduleMemo(),
): number {
  let down = !memo.withinHours(schedule, from);
  let since = from;
  let off = 0;
  for (const edge of memo.edges(schedule, from, to)) {
    if (edge.at <= from || edge.at > to) continue;
    if (edge.kind === 'stop' && !down) {
      down = true;
      since = edge.at;
    } else if (edge.kind === 'start' && down) {
      off += edge.at - since;
      down = false;
    }
  }
  if (down) off += to - since;
  return off / HOUR_MS;
}

export interface Projection {
  readonly days: number;
  readonly currency: string;
  readonly bySchedule: readonly (Tally & { readonly schedule: string })[];
  readonly total: Tally;
}

/**
 * What the schedules would save over the next 30 days for the resources that take part:
 * each one's off hours times its price (hours only where no price is known).
 */
export function projectSavings(input: {
  readonly instances: readonly FleetInstance[];
  readonly config: StopinatorConfig;
  readonly prices: PriceBook;
  readonly from: number;
}): Projection {
  const memo = new ScheduleMemo();
  const to = input.from + PROJECTION_DAYS * 24 * HOUR_MS;
  const hoursOf = new Map<string, number>();
  const pieces = new Map<string, { key: string; hours: number; money?: number }[]>();
  for (const instance of input.instances) {
    const taking = participation(instance, input.config);
    if (taking.kind !== 'scheduled') continue;
    const name = taking.schedule.name;
    let hours = hoursOf.get(name);
    if (hours === undefined) {
      hours = offHours(taking.schedule, input.from, to, memo);
      hoursOf.set(name, hours);
    }
    const hourly = hourlyPrice(instance.billing, instance.region, input.prices);
    const piece = {
      key: `${instance.region}/${instance.id}`,
      hours,
      ...(hourly !== undefined ? { money: hours * hourly } : {}),
    };
    pieces.set(name, [...(pieces.get(name) ?? []), piece]);
  }
  const bySchedule = [...pieces]
    .map(([schedule, own]) => ({ schedule, ...tally(own) }))
    .sort((a, b) => compareText(a.schedule, b.schedule));
  return {
    days: PROJECTION_DAYS,
    currency: input.prices.currency,
    bySchedule,
    total: tally([...pieces.values()].flat()),
  };
}
