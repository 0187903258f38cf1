import { addDays, instantToLocal, type LocalDate, localToInstant } from './zone-time.js';

/** The periods `/stopinator savings` and the digest speak of. */
export type SavingsPeriodName = 'week' | 'month' | 'last-month' | 'last-week';

export interface SavingsPeriod {
  readonly name: SavingsPeriodName;
  readonly from: number;
  /** Now for the current week or month; the end of the last one otherwise. */
  readonly to: number;
  /** "this week", "November 2026". */
  readonly label: string;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const MIDNIGHT = { hour: 0, minute: 0 };

/** Midnight at the start of a local date. */
function startOf(date: LocalDate, zone: string): number {
  return localToInstant(date, MIDNIGHT, zone).at;
}

/** The Monday of the week `at` falls in, local. */
export function weekStart(at: number, zone: string): number {
  const local = instantToLocal(at, zone);
  const back = (local.weekday + 6) % 7;
  return startOf(addDays(local, -back), zone);
}

/** The period, in the zone's calendar (weeks start on Monday). */
export function savingsPeriod(name: SavingsPeriodName, now: number, zone: string): SavingsPeriod {
  const local = instantToLocal(now, zone);
  const firstOfMonth = { year: local.year, month: local.month, day: 1 };
  switch (name) {
    case 'week':
      return { name, from: weekStart(now, zone), to: now, label: 'this week' };
    case 'last-week': {
      const to = weekStart(now, zone);
      return { name, from: weekStart(to - 1, zone), to, label: 'last week' };
    }
    case 'month':
      return { name, from: startOf(firstOfMonth, zone), to: now, label: 'this month' };
    case 'last-month': {
      const to = startOf(firstOfMonth, zone);
      const before = instantToLocal(to - 1, zone);
      const from = startOf({ year: before.year, month: before.month, day: 1 }, zone);
      return { name, from, to, label: `${MONTHS[before.month - 1]} ${before.year}` };
    }
  }
}
