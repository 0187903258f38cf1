import {
  addDays,
  formatLocalDate,
  instantToLocal,
  type LocalDate,
  type LocalTimeFit,
  localToInstant,
  type TimeOfDay,
  type WeekdayNumber,
  weekdayOf,
} from './zone-time.js';

/**
 * When instances run. Times are local to `timezone`; `days` are the days on which a running
 * period begins. A schedule without `start` is stop-only: it stops, people start by hand.
 * Instants throughout the core are epoch milliseconds.
 */
export interface Schedule {
  readonly name: string;
  readonly timezone: string;
  readonly start?: TimeOfDay;
  readonly stop: TimeOfDay;
  readonly days: readonly WeekdayNumber[];
  /** `YYYY-MM-DD` local dates on which nothing is started. */
  readonly holidays: readonly string[];
  /** Re-apply the desired state on every run instead of acting on edges only. */
  readonly enforce: boolean;
}

export type EdgeKind = 'start' | 'stop';

export interface ScheduleEdge {
  readonly kind: EdgeKind;
  readonly at: number;
  /** How the local time mapped to `at` (see `LocalTimeFit` for the daylight-saving rule). */
  readonly fit: LocalTimeFit;
  /** The local date the running period began on. */
  readonly runDay: string;
}

const DAY_MS = 86_400_000;
/** How far next/last edge searches look: a year of holidays cannot hide every edge. */
const SEARCH_LIMIT_DAYS = 400;

/** True when the period that begins on a run day ends on the following day (start 22:00, stop 06:00). */
export function isOvernight(schedule: Schedule): boolean {
  const { start, stop } = schedule;
  if (!start) return false;
  return stop.hour * 60 + stop.minute <= start.hour * 60 + start.minute;
}

/** Edges with `from < at <= to`, in time order. */
export function scheduleEdges(schedule: Schedule, from: number, to: number): ScheduleEdge[] {
  if (to <= from) return [];
  const edges: ScheduleEdge[] = [];
  const first = addDays(instantToLocal(from, schedule.timezone), -2);
  const last = addDays(instantToLocal(to, schedule.timezone), 1);
  const holidays = new Set(schedule.holidays);
  const overnight = isOvernight(schedule);
  for (let day = first; compareDates(day, last) <= 0; day = addDays(day, 1)) {
    if (!schedule.days.includes(weekdayOf(day))) continue;
    const runDay = formatLocalDate(day);
    if (schedule.start && !holidays.has(runDay)) {
      const { at, fit } = localToInstant(day, schedule.start, schedule.timezone);
      if (at > from && at <= to) edges.push({ kind: 'start', at, fit, runDay });
    }
    const stopDay = overnight ? addDays(day, 1) : day;
    const { at, fit } = localToInstant(stopDay, schedule.stop, schedule.timezone);
    if (at > from && at <= to) edges.push({ kind: 'stop', at, fit, runDay });
  }
  return edges.sort((a, b) => a.at - b.at);
}

/** The first edge of `kind` strictly after `after`, or undefined (stop-only schedules never start). */
export function nextEdge(
  schedule: Schedule,
  kind: EdgeKind,
  after: number,
): ScheduleEdge | undefined {
  if (kind === 'start' && !schedule.start) return undefined;
  for (let from = after; from < after + SEARCH_LIMIT_DAYS * DAY_MS; from += 7 * DAY_MS) {
    const found = scheduleEdges(schedule, from, from + 7 * DAY_MS).find((e) => e.kind === kind);
    if (found) return found;
  }
  return undefined;
}

/** The last edge of `kind` at or before `atOrBefore`, or undefined. */
export function lastEdge(
  schedule: Schedule,
  kind: EdgeKind,
  atOrBefore: number,
): ScheduleEdge | undefined {
  if (kind === 'start' && !schedule.start) return undefined;
  for (let to = atOrBefore; to > atOrBefore - SEARCH_LIMIT_DAYS * DAY_MS; to -= 7 * DAY_MS) {
    const found = scheduleEdges(schedule, to - 7 * DAY_MS, to).findLast((e) => e.kind === kind);
    if (found) return found;
  }
  return undefined;
}

/** Whether `at` lies inside a running period: the last edge at or before it is a start. */
export function isWithinHours(schedule: Schedule, at: number): boolean {
  const lastStart = lastEdge(schedule, 'start', at);
  if (!lastStart) return false;
  const lastStop = lastEdge(schedule, 'stop', at);
  return !lastStop || lastStart.at > lastStop.at;
}

function compareDates(a: LocalDate, b: LocalDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}
