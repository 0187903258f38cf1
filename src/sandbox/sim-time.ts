import type { Schedule } from '../core/schedule.js';
import {
  addDays,
  instantToLocal,
  type LocalDate,
  localToInstant,
  parseLocalDate,
  parseTimeOfDay,
  weekdayOf,
} from '../core/zone-time.js';

/** A time the sandbox could not read; the message says what it accepts. */
export class TimeTextError extends Error {
  override readonly name = 'TimeTextError';
}

const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}:\d{2})$/;
const WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export const TIME_FORMS =
  'HH:MM (in the default schedule’s zone), YYYY-MM-DDTHH:MM (same zone) or an ISO time with its zone (2026-11-24T19:00:00+01:00)';

/**
 * `--start`: HH:MM is that time today in the schedule's zone, or on the next day the schedule
 * runs when today is not one (a demo on a Saturday should still see a night); a date and
 * time without zone is in the schedule's zone; an ISO time with a zone is taken as it is.
 */
export function resolveStart(text: string, schedule: Schedule, now: number): number {
  const time = parseTimeOfDay(text);
  if (time) {
    let day: LocalDate = instantToLocal(now, schedule.timezone);
    for (let i = 0; i < 7 && !schedule.days.includes(weekdayOf(day)); i++) day = addDays(day, 1);
    return localToInstant(day, time, schedule.timezone).at;
  }
  return absolute(text, schedule.timezone, '--start');
}

/** `wait until`: HH:MM is the next such time after `now` in the zone; dates as for --start. */
export function resolveUntil(text: string, zone: string, now: number): number {
  const time = parseTimeOfDay(text);
  let at: number;
  if (time) {
    const today = instantToLocal(now, zone);
    at = localToInstant(today, time, zone).at;
    for (let days = 1; at <= now && days < 3; days++)
      at = localToInstant(addDays(today, days), time, zone).at;
  } else {
    at = absolute(text, zone, 'wait until');
  }
  if (at <= now) throw new TimeTextError(`wait until ${text}: that is not after the clock`);
  return at;
}

function absolute(text: string, zone: string, what: string): number {
  const local = LOCAL_DATE_TIME.exec(text.trim());
  if (local) {
    const date = parseLocalDate(local[1] ?? '');
    const time = parseTimeOfDay(local[2] ?? '');
    if (date && time) return localToInstant(date, time, zone).at;
  }
  if (WITH_ZONE.test(text.trim())) {
    const at = Date.parse(text.trim());
    if (!Number.isNaN(at)) return at;
  }
  throw new TimeTextError(`${what} "${text}": expected ${TIME_FORMS}`);
}
