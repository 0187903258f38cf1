import type { Projection } from '../core/projection.js';
import type { Tally } from '../core/savings.js';
import { hoursText, moneyText } from '../slack/money-text.js';

/** The projection as text: per schedule and for the fleet, hours off and money over 30 days. */
export function projectionReport(projection: Projection, pricesNote: string): string[] {
  const { currency } = projection;
  if (projection.bySchedule.length === 0) return [];
  const width = Math.max(5, ...projection.bySchedule.map((s) => s.schedule.length));
  const row = (name: string, t: Tally) => {
    const money =
      t.unpricedHours >= t.hours
        ? 'no price known: hours only'
        : `${moneyText(t.money, currency)}${t.unpricedHours > 0 ? ` (+ ${hoursText(t.unpricedHours)} of ${t.unpricedResources} without a price)` : ''}`;
    const resources = `${t.resources} resource${t.resources === 1 ? '' : 's'}`;
    return `  ${name.padEnd(width)}  ${resources.padEnd(13)}  ${hoursText(t.hours).padStart(9)} off  ${money}`;
  };
  return [
    '',
    `Projected savings, the next ${projection.days} days (the schedules as configured, no snoozes; ${pricesNote}):`,
    ...projection.bySchedule.map((s) => row(s.schedule, s)),
    row('fleet', projection.total),
  ];
}
