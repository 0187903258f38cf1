import { scheduledTimeTolerance } from '../core/run-window.js';

/** The event EventBridge Scheduler sends: `{"scheduledTime": "<aws.scheduler.scheduled-time>"}`. */
export interface SchedulerEvent {
  readonly scheduledTime?: string;
}

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** The instant a run is for: the scheduled time when given (retries keep it), else now. */
export function runInstant(event: unknown, now: () => number): number {
  const scheduledTime = (event as SchedulerEvent | null)?.scheduledTime;
  if (scheduledTime === undefined || scheduledTime === null || scheduledTime === '') return now();
  if (typeof scheduledTime !== 'string' || !ISO_WITH_ZONE.test(scheduledTime)) {
    throw new TypeError(
      `scheduledTime must be an ISO 8601 instant with a zone, such as 2026-11-24T19:00:00Z; got ${JSON.stringify(scheduledTime)}`,
    );
  }
  return Date.parse(scheduledTime);
}

/**
 * A run's instant checked against the clock: further than the retry policy's maximum event
 * age plus one interval (either way) is no delivery of the schedule and is refused; a time a
 * little ahead (clock skew) is cut to now, so the cursor never moves past the present.
 */
export function checkedRunInstant(
  at: number,
  now: number,
  intervalMinutes: number,
): { ok: true; at: number } | { ok: false; why: string } {
  const tolerance = scheduledTimeTolerance(intervalMinutes);
  if (Math.abs(at - now) > tolerance) {
    return {
      ok: false,
      why: `scheduledTime ${new Date(at).toISOString()} is ${Math.round(Math.abs(at - now) / 60_000)} min from the clock (${new Date(now).toISOString()}); at most ${Math.round(tolerance / 60_000)} min is a delivery of this schedule`,
    };
  }
  return { ok: true, at: Math.min(at, now) };
}
