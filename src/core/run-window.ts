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
