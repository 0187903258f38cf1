const MINUTE_MS = 60_000;

/** The span of time one scheduler run is responsible for: edges with `from < at <= to`. */
export interface RunWindow {
  readonly from: number;
  readonly to: number;
  /** True when the cursor was older than the catch-up limit and the gap was cut. */
  readonly truncated: boolean;
}

/**
 * The window after the last successful run (`cursor`) up to `now`. The first run looks one
 * interval back; after an outage the catch-up is bounded so a stopinator that was off for a
 * week does not replay it. A run at or before the cursor (a retried or duplicate
 * invocation) gets an empty window and so does nothing.
 */
export function runWindow(
  cursor: number | undefined,
  now: number,
  options: { intervalMinutes: number; maxCatchUpMinutes: number },
): RunWindow {
  const earliest = now - options.maxCatchUpMinutes * MINUTE_MS;
  const from = cursor ?? now - options.intervalMinutes * MINUTE_MS;
  if (from < earliest) return { from: earliest, to: now, truncated: true };
  return { from, to: Math.max(from, now), truncated: false };
}

export function isEmptyWindow(window: RunWindow): boolean {
  return window.to <= window.from;
}

/** EventBridge Scheduler and Lambda take event ages from 60 s; Lambda's ceiling is 6 h. */
const MIN_EVENT_AGE_S = 60;
const MAX_EVENT_AGE_S = 21_600;

/**
 * The retry policy's maximum event age for a schedule running every `intervalMinutes`: a
 * delivery older than the next run is useless, the next run catches up anyway.
 */
export function maxEventAgeSeconds(intervalMinutes: number): number {
  return Math.min(
    MAX_EVENT_AGE_S,
    Math.max(MIN_EVENT_AGE_S, intervalMinutes * 60 - MIN_EVENT_AGE_S),
  );
}

/**
 * How far a run's `scheduledTime` may lie from the clock: the maximum event age plus one
 * interval. Anything further is not a delivery of this schedule (a forged or mistyped event)
 * and is refused, so the cursor never jumps to a time that has not come.
 */
export function scheduledTimeTolerance(intervalMinutes: number): number {
  return (maxEventAgeSeconds(intervalMinutes) + intervalMinutes * 60) * 1000;
}

/**
 * Where a region's window starts: its own position when it lags (its listing failed on
 * earlier runs), else the run's; never further back than the catch-up limit.
 */
export function regionFrom(
  window: RunWindow,
  regionCursor: number | undefined,
  options: { maxCatchUpMinutes: number },
): number {
  const earliest = window.to - options.maxCatchUpMinutes * MINUTE_MS;
  const from =
    regionCursor !== undefined && regionCursor < window.from ? regionCursor : window.from;
  return Math.max(from, earliest);
}
