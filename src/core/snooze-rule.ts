import type { FleetInstance } from './instance.js';
import type { Schedule } from './schedule.js';
import type { ScheduleMemo } from './schedule-memo.js';
import {
  type CoveringEnd,
  effectiveStop,
  nextLocalTime,
  type Snooze,
  type SnoozeLength,
} from './snooze.js';

const MINUTE_MS = 60_000;

/** The stop that will happen next to a resource, and what already postpones it. */
export interface NextStop {
  /** The scheduled stop (an edge of the schedule, or a wake's own stop). */
  readonly scheduled: number;
  /** When it happens with the snoozes that cover the resource. */
  readonly at: number;
  readonly by?: Snooze;
}

/** Why a resource cannot be snoozed: it is off, or nothing will stop it. */
export type NoStop =
  | { readonly kind: 'stopped'; readonly byHand: boolean; readonly stoppedAt?: number }
  | { readonly kind: 'no-stop'; readonly why: string };

/**
 * The one rule for which stop a snooze moves: the resource's next stop at or after `now`.
 *
 * - Running: the earliest stop still ahead, counting a stop already postponed past now
 *   (`snooze 2h` at 21:00 while a snooze keeps it up until 22:00 extends that one).
 * - Stopped by the stopinator: already stopped (offer Wake) when the stop that stopped it is
 *   nearer than the next start; otherwise (07:30, the start is at 08:00) the first stop after
 *   that start, since the stopinator starts it before then.
 * - Stopped by hand, or on a stop-only schedule: already stopped.
 */
export function nextStopOf(
  instance: FleetInstance,
  schedule: Schedule,
  covering: readonly CoveringEnd[],
  now: number,
  memo: ScheduleMemo,
): NextStop | NoStop {
  const up = instance.state === 'running' || instance.state === 'pending';
  if (!up) {
    if (instance.stoppedByStopinatorAt === undefined) return { kind: 'stopped', byHand: true };
    // When it stopped: the schedule's last stop, or a later one (a snooze or wake that ended)
    // when the mark says so. A mark from a clock ahead of `now` (the sandbox) is not used.
    const mark = instance.stoppedByStopinatorAt;
    const lastStop = memo.lastStop(schedule, now);
    const stoppedAt =
      mark <= now && (lastStop === undefined || mark > lastStop) ? mark : (lastStop ?? mark);
    const nextStart = memo.nextStart(schedule, now);
    if (nextStart === undefined || now - stoppedAt < nextStart - now) {
      return { kind: 'stopped', byHand: false, stoppedAt };
    }
    const after = memo.nextStop(schedule, nextStart);
    if (after === undefined) return { kind: 'no-stop', why: 'no stop ahead' };
    return withEffect(after, schedule, covering);
  }
  const candidates = new Set<number>();
  const scheduled = memo.nextStop(schedule, now - 1);
  if (scheduled !== undefined) candidates.add(scheduled);
  for (const { end } of covering) if (end.schedule === schedule.name) candidates.add(end.stop);
  let best: NextStop | undefined;
  for (const stop of candidates) {
    const effect = withEffect(stop, schedule, covering);
    if (effect.at < now) continue;
    if (!best || effect.at < best.at || (effect.at === best.at && stop < best.scheduled))
      best = effect;
  }
  return best ?? { kind: 'no-stop', why: 'no stop ahead' };
}

/** What a snooze request does to one resource's next stop. */
export type SnoozeEffect =
  /** It postpones the stop: `until` is later than what held so far (`previous`). */
  | {
      readonly kind: 'moves';
      readonly stop: number;
      readonly until: number;
      readonly previous: number;
      readonly previousBy?: Snooze;
    }
  /** Something already keeps it up at least as long: stored anyway, changes nothing now. */
  | {
      readonly kind: 'already';
      readonly stop: number;
      readonly until: number;
      readonly previous: number;
      readonly previousBy: Snooze;
    }
  /** `until` a time before the stop: nothing to postpone. */
  | { readonly kind: 'before-stop'; readonly stop: number; readonly until: number }
  /** Longer than `snooze.max` allows, counted from where the snooze starts. */
  | {
      readonly kind: 'over-cap';
      readonly stop: number;
      readonly until: number;
      readonly from: number;
    }
  | { readonly kind: 'never-starts'; readonly stop: number };

/**
 * A snooze of `length` made at `now` for a resource whose next stop is `next`. Durations
 * count from that stop (from now once it has passed, postponed); `until T` is the first T
 * after now and must be after that stop; `tonight` runs to the next start after it.
 */
export function snoozeEffect(
  next: NextStop,
  length: SnoozeLength,
  schedule: Schedule,
  now: number,
  maxMinutes: number,
  memo: ScheduleMemo,
  /** A warning's button counts from the stop the warning announced. */
  countFrom?: number,
): SnoozeEffect {
  const stop = next.scheduled;
  const from = countFrom ?? Math.max(stop, now);
  let until: number;
  switch (length.kind) {
    case 'for':
      until = from + length.minutes * MINUTE_MS;
      break;
    case 'until':
      until = nextLocalTime(length.time, schedule.timezone, now);
      if (until <= stop) return { kind: 'before-stop', stop, until };
      break;
    case 'tonight': {
      const start = memo.nextStart(schedule, stop);
      if (start === undefined) return { kind: 'never-starts', stop };
      until = start;
      break;
    }
  }
  if (until - from > maxMinutes * MINUTE_MS) return { kind: 'over-cap', stop, until, from };
  const previous = next.at;
  if (until <= previous && next.by) {
    return { kind: 'already', stop, until, previous, previousBy: next.by };
  }
  if (until <= previous) return { kind: 'before-stop', stop, until };
  return { kind: 'moves', stop, until, previous, ...(next.by ? { previousBy: next.by } : {}) };
}

/** Where a wake of `minutes` made at `now` ends, for a resource that is off now. */
export interface WakeEnd {
  /** The stop it ends with: the schedule's own, or one of its own (`stop === until`). */
  readonly stop: number;
  readonly until: number;
  /** True when the schedule's own stop ends it (woken inside the running period). */
  readonly bySchedule: boolean;
}

/**
 * A wake starts a resource now and ends after `minutes`. When that end falls inside the
 * running period before the schedule's next stop, the schedule's stop ends it (woken at 07:00
 * for 2 h on 08:00–20:00: it runs until 20:00). When it falls outside running hours, the wake
 * has a stop of its own. When it is past the next stop, it postpones that stop.
 */
export function wakeEnd(
  schedule: Schedule,
  minutes: number,
  now: number,
  memo: ScheduleMemo,
): WakeEnd {
  const until = now + minutes * MINUTE_MS;
  const nextStop = memo.nextStop(schedule, now - 1);
  if (nextStop !== undefined && until <= nextStop) {
    return memo.withinHours(schedule, until)
      ? { stop: nextStop, until: nextStop, bySchedule: true }
      : { stop: until, until, bySchedule: false };
  }
  if (nextStop === undefined) return { stop: until, until, bySchedule: false };
  return { stop: nextStop, until, bySchedule: false };
}

/** Shared by the planner, status and the bot: the stop with what covers it. */
function withEffect(stop: number, schedule: Schedule, covering: readonly CoveringEnd[]): NextStop {
  const effect = effectiveStop(stop, schedule.name, covering);
  return { scheduled: stop, at: effect.at, ...(effect.by ? { by: effect.by } : {}) };
}
