import { canonicalZoneId, zoneOffsetMinutes } from './zone-offset.js';

/** A calendar date with no time zone attached. */
export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** A wall-clock time of day (24-hour), with no date or zone. */
export interface TimeOfDay {
  readonly hour: number;
  readonly minute: number;
}

/** 0 = Sunday ... 6 = Saturday, as `Date#getUTCDay`. */
export type WeekdayNumber = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/**
 * How a local date and time became an instant:
 * - `exact`: the local time exists once;
 * - `skipped`: it falls in a spring-forward gap and moves forward by the length of the gap
 *   (02:30 on the night Paris jumps from 02:00 to 03:00 happens at 03:30 CEST);
 * - `repeated`: it exists twice on a fall-back night, and the first occurrence is used,
 *   so an edge at 02:30 happens once, at 02:30 summer time.
 * This is RFC 5545's rule and Temporal's `disambiguation: 'compatible'`.
 */
export type LocalTimeFit = 'exact' | 'skipped' | 'repeated';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const zoneIds = new Map<string, string>();

/** The runtime's id for a zone name (zone-offset.ts), resolved once; undefined if unknown. */
function knownZoneId(name: string): string | undefined {
  let id = zoneIds.get(name);
  if (id === undefined) {
    id = canonicalZoneId(name);
    if (id !== undefined) zoneIds.set(name, id);
  }
  return id;
}

function zoneId(name: string): string {
  const id = knownZoneId(name);
  if (id === undefined) throw new RangeError(`unknown time zone "${name}"`);
  return id;
}

/** The runtime's id for a zone and its offset there at an instant, in minutes east of UTC. */
export function zoneOffsetAt(zoneName: string, at: number): { id: string; offset: number } {
  const id = zoneId(zoneName);
  return { id, offset: zoneOffsetMinutes(id, at) };
}

/** Whether the runtime knows the zone (canonical names, aliases such as `US/Eastern`). */
export function isKnownTimeZone(name: string): boolean {
  return knownZoneId(name) !== undefined;
}

/** The instant at which a local date and time happens in a zone, with the DST rule above. */
export function localToInstant(
  date: LocalDate,
  time: TimeOfDay,
  zoneName: string,
): { at: number; fit: LocalTimeFit } {
  const id = zoneId(zoneName);
  const offset = (at: number) => zoneOffsetMinutes(id, at);
  const naive = Date.UTC(date.year, date.month - 1, date.day, time.hour, time.minute);
  const offsetBefore = offset(naive - DAY_MS);
  const offsetAfter = offset(naive + DAY_MS);
  const candidates = [...new Set([offsetBefore, offsetAfter])]
    .map((minutes) => naive - minutes * MINUTE_MS)
    .filter((at) => offset(at) * MINUTE_MS === naive - at)
    .sort((a, b) => a - b);
  const first = candidates[0];
  if (first === undefined) return { at: naive - offsetBefore * MINUTE_MS, fit: 'skipped' };
  return { at: first, fit: candidates.length > 1 ? 'repeated' : 'exact' };
}

/** The local calendar date and time of an instant in a zone. */
export function instantToLocal(
  at: number,
  zoneName: string,
): LocalDate & TimeOfDay & { weekday: WeekdayNumber } {
  const shifted = new Date(at + zoneOffsetMinutes(zoneId(zoneName), at) * MINUTE_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    weekday: shifted.getUTCDay() as WeekdayNumber,
  };
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  };
}

export function weekdayOf(date: LocalDate): WeekdayNumber {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() as WeekdayNumber;
}

export function formatLocalDate(date: LocalDate): string {
  return `${date.year}-${pad2(date.month)}-${pad2(date.day)}`;
}

export function formatTimeOfDay(time: TimeOfDay): string {
  return `${pad2(time.hour)}:${pad2(time.minute)}`;
}

/** Parses `H:MM` or `HH:MM` (24-hour); undefined when it is not a valid time of day. */
export function parseTimeOfDay(text: string): TimeOfDay | undefined {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  if (!match) return undefined;
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

/** Parses `YYYY-MM-DD`, rejecting dates that do not exist (2026-02-30). */
export function parseLocalDate(text: string): LocalDate | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  const roundTrip = addDays(date, 0);
  if (roundTrip.month !== date.month || roundTrip.day !== date.day) return undefined;
  return date;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
