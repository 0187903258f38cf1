/** Slack's replay window: a request signed more than this far from our clock is refused. */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

/**
 * Why a request's `X-Slack-Request-Timestamp` is unacceptable, or undefined when it is fine.
 * Bolt refuses only old timestamps; one from the future is just as much a replay risk (a
 * captured request signed ahead of time), so both directions are refused here, before Bolt.
 */
export function timestampProblem(header: string | undefined, nowMs: number): string | undefined {
  if (header === undefined) return 'no X-Slack-Request-Timestamp header';
  if (!/^\d{1,15}$/.test(header.trim())) return 'X-Slack-Request-Timestamp is not a number';
  const skew = Number(header.trim()) - Math.floor(nowMs / 1000);
  if (Math.abs(skew) > MAX_CLOCK_SKEW_SECONDS) {
    return `X-Slack-Request-Timestamp is ${Math.abs(skew)} s ${skew > 0 ? 'ahead of' : 'behind'} the clock (at most ${MAX_CLOCK_SKEW_SECONDS} s either way)`;
  }
  return undefined;
}

/** The answer to a request outside the window: the same as Bolt's for a bad signature. */
export const UNAUTHORIZED = { statusCode: 401, body: 'Unauthorized' } as const;
