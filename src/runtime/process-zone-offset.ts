import {
  formatterOffset,
  isListedZone,
  offsetOfWallClock,
  type ZoneOffsetSource,
} from '../core/zone-offset.js';

/**
 * Zone offsets as the process's own `Date` computes them with TZ set to the zone: the same ICU
 * time-zone data as an Intl formatter, without the formatter's 11 ms set-up, at about 25 µs a
 * look-up (Node resets V8's zone cache whenever process.env.TZ is written) instead of 4 µs.
 * TZ is put back before returning, in the same synchronous call, so no other code ever runs
 * under the changed zone. `zone` must be a canonical id (canonicalZoneId): TZ reads a name it
 * does not know as UTC, silently.
 */
export function processDateOffset(zone: string, at: number): number {
  const saved = process.env.TZ;
  process.env.TZ = zone;
  try {
    const d = new Date(at);
    return offsetOfWallClock(
      {
        year: d.getFullYear(),
        month: d.getMonth() + 1,
        day: d.getDate(),
        hour: d.getHours(),
        minute: d.getMinutes(),
        second: d.getSeconds(),
      },
      at,
    );
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}

/** Look-ups after which the formatter's set-up has paid for itself: 11 ms / (25 − 4) µs. */
export const FORMATTER_AFTER = 500;

/** Offsets remembered per (zone, instant): a command asks the same few instants many times. */
const MEMO_LIMIT = 10_000;

/**
 * For a function's cold start (the bot): the process's Date for the first look-ups, then the
 * formatter once enough have been made to pay for its set-up (a busy warm container, a status
 * over many schedules). The rent-or-buy rule: never more than twice the better choice made in
 * hindsight. Answers are remembered (`why` asks about 50 instants 6 times each).
 */
export function coldStartZoneOffsets(
  after = FORMATTER_AFTER,
  sources: { date: ZoneOffsetSource; formatter: ZoneOffsetSource } = {
    date: processDateOffset,
    formatter: formatterOffset,
  },
): ZoneOffsetSource {
  let lookups = 0;
  const memo = new Map<string, number>();
  return (zone, at) => {
    const key = `${zone} ${at}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    lookups += 1;
    // TZ reads only IANA names: an offset zone ("+05:30", which Node 24's Intl takes) or an
    // id the runtime does not list would silently be UTC, so those go to the formatter.
    const byDate = lookups <= after && isListedZone(zone);
    const offset = byDate ? sources.date(zone, at) : sources.formatter(zone, at);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(key, offset);
    return offset;
  };
}
