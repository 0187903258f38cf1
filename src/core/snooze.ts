import { lastEdge, nextEdge, type Schedule } from './schedule.js';
import type { Selector } from './selector.js';
import {
  addDays,
  formatTimeOfDay,
  instantToLocal,
  localToInstant,
  type TimeOfDay,
} from './zone-time.js';

const MINUTE_MS = 60_000;

/** How long a snooze lasts, as the person asked for it. */
export type SnoozeLength =
  /** `2h`, `90m`: counted from the later of now and the scheduled stop (from now for a wake). */
  | { readonly kind: 'for'; readonly minutes: number }
  /** `until 23:30`: the next 23:30 in the schedule's zone. */
  | { readonly kind: 'until'; readonly time: TimeOfDay }
  /** `tonight`: until the next scheduled start. */
  | { readonly kind: 'tonight' };

/**
 * A postponement of a stop. `snooze` postpones the stop it was made for; `wake` records that
 * instances were started by hand through the stopinator and may run until `for` ends.
 * Stored as asked; the instant it ends is worked out per schedule, since one target may span
 * schedules in different zones. Several snoozes may cover an instance: the latest end wins,
 * so a snooze can only ever extend.
 */
export interface Snooze {
  readonly id: string;
  readonly kind: 'snooze' | 'wake';
  readonly selector: Selector;
  readonly length: SnoozeLength;
  /** Slack user id of who asked. */
  readonly by: string;
  /** Display name of who asked, for reasons and logs. */
  readonly byName?: string;
  readonly createdAt: number;
  /** The latest end over the configured schedules: for expiry (TTL) and filtering. */
  readonly expiresAt: number;
}

export interface SnoozeEnd {
  /** The scheduled stop this snooze postpones. */
  readonly stop: number;
  readonly until: number;
  /** True when the cap cut the requested length. */
  readonly capped: boolean;
}

/**
 * The stop a snooze made at `at` is about: during running hours the coming stop; after a
 * stop (evening, weekend) the stop that just happened, so "snooze 2h" at 21:00 keeps a
 * hand-started instance until 23:00. A stop-only schedule has no running hours: the nearer
 * of the previous and the next stop is taken.
 */
export function referenceStop(schedule: Schedule, at: number): number {
  const previous = lastEdge(schedule, 'stop', at)?.at;
  const next = nextEdge(schedule, 'stop', at)?.at;
  if (previous === undefined) return next ?? at;
  if (next === undefined) return previous;
  if (schedule.start) {
    const lastStart = lastEdge(schedule, 'start', at)?.at;
    return lastStart !== undefined && lastStart > previous ? next : previous;
  }
  return at - previous <= next - at ? previous : next;
}

/** When a snooze ends for instances on `schedule`, with `maxMinutes` as the cap. */
export function snoozeEnd(
  snooze: Pick<Snooze, 'kind' | 'length' | 'createdAt'>,
  schedule: Schedule,
  maxMinutes: number,
): SnoozeEnd {
  const { createdAt, length } = snooze;
  const stop = referenceStop(schedule, createdAt);
  const base = snooze.kind === 'wake' ? createdAt : Math.max(createdAt, stop);
  let until: number;
  switch (length.kind) {
    case 'for':
      until = base + length.minutes * MINUTE_MS;
      break;
    case 'until':
      until = nextLocalTime(length.time, schedule.timezone, createdAt);
      break;
    case 'tonight':
      until = nextEdge(schedule, 'start', base)?.at ?? Number.POSITIVE_INFINITY;
      break;
  }
  const limit = base + maxMinutes * MINUTE_MS;
  return until > limit ? { stop, until: limit, capped: true } : { stop, until, capped: false };
}

/** Latest end over all schedules: how long the snooze must be kept. */
export function snoozeExpiry(
  snooze: Pick<Snooze, 'kind' | 'length' | 'createdAt'>,
  schedules: Iterable<Schedule>,
  maxMinutes: number,
): number {
  let latest = snooze.createdAt;
  for (const schedule of schedules) {
    latest = Math.max(latest, snoozeEnd(snooze, schedule, maxMinutes).until);
  }
  return latest;
}

/** "2h", "until 23:30", "tonight": a length as people typed it. */
export function describeLength(length: SnoozeLength): string {
  switch (length.kind) {
    case 'for': {
      const h = Math.floor(length.minutes / 60);
      const m = length.minutes % 60;
      return h === 0 ? `${m}m` : m === 0 ? `${h}h` : `${h}h${String(m).padStart(2, '0')}`;
    }
    case 'until':
      return `until ${formatTimeOfDay(length.time)}`;
    case 'tonight':
      return 'tonight';
  }
}

/** The first instant strictly after `after` at which the zone's clocks show `time`. */
function nextLocalTime(time: TimeOfDay, zoneName: string, after: number): number {
  const today = instantToLocal(after, zoneName);
  for (let days = 0; days < 3; days++) {
    const { at } = localToInstant(addDays(today, days), time, zoneName);
    if (at > after) return at;
  }
  throw new RangeError(
    `no ${formatTimeOfDay(time)} in ${zoneName} after ${new Date(after).toISOString()}`,
  );
}
