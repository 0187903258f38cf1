/**
 * A time zone's offset from UTC at an instant, in minutes east of UTC (Paris in winter: 60),
 * from the runtime's own time-zone data (ICU), through a per-zone `Intl.DateTimeFormat`: about
 * 4 µs a look-up. The first formatter of a process costs about 11 ms of ICU set-up (locale
 * data, a pattern generator), more than all the look-ups of a cold bot command together, so a
 * process may install another source that asks the same data without it
 * (src/runtime/process-zone-offset.ts); test/runtime/process-zone-offset.test.ts checks that
 * the two agree over every zone the runtime knows.
 */

/** Minutes east of UTC in a zone (a canonical id, below) at an instant (ms). */
export type ZoneOffsetSource = (zone: string, at: number) => number;

let source: ZoneOffsetSource = formatterOffset;

/** Minutes east of UTC in `zone` at `at` (ms); `zone` must be a canonical id (below). */
export function zoneOffsetMinutes(zone: string, at: number): number {
  return source(zone, at);
}

/** Replaces the source of offsets for this process (the default: formatterOffset). */
export function useZoneOffsetSource(next: ZoneOffsetSource): void {
  source = next;
}

let canonicalZones: ReadonlySet<string> | undefined;

/** Whether the zone is UTC or one of the runtime's listed IANA zones (`supportedValuesOf`). */
export function isListedZone(id: string): boolean {
  canonicalZones ??= new Set(Intl.supportedValuesOf('timeZone'));
  return id === 'UTC' || canonicalZones.has(id);
}

/**
 * The runtime's canonical name for a zone (`Europe/Paris` for itself, `America/New_York` for
 * `US/Eastern` or `america/new_york`), undefined for a zone it does not know. Canonical names
 * are looked up in the runtime's list (a millisecond); others are resolved by making a
 * formatter, which pays the set-up above, as only unusual spellings do.
 */
export function canonicalZoneId(name: string): string | undefined {
  if (isListedZone(name)) return name;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The offset from a per-zone formatter's wall-clock fields, as Luxon's IANAZone reads it. */
export function formatterOffset(zone: string, at: number): number {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(zone, format);
  }
  const field: Record<string, number> = {};
  let beforeChrist = false;
  for (const part of format.formatToParts(at)) {
    if (part.type === 'era') beforeChrist = /^B/i.test(part.value);
    else if (part.type !== 'literal') field[part.type] = Number(part.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = field;
  // Eras count 1 BC, 2 BC... before 1 AD; the proleptic calendar's years are 0, -1...
  const proleptic = beforeChrist ? 1 - year : year;
  return offsetOfWallClock({ year: proleptic, month, day, hour, minute, second }, at);
}

/** A wall clock read in some zone at `at`, to the second (month 1-12). */
export interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/**
 * (the wall clock read as if it were UTC − the instant, to the second) in minutes: the zone's
 * offset, exact also where it was not whole minutes (local mean time before 1900).
 */
export function offsetOfWallClock(wall: WallClock, at: number): number {
  // Year 2000 has every month and day; the year is set after, as Date.UTC reads 0-99 as 19xx.
  const asUtc = new Date(
    Date.UTC(2000, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second),
  );
  asUtc.setUTCFullYear(wall.year);
  const whole = at - (((at % 1000) + 1000) % 1000);
  return (asUtc.getTime() - whole) / 60_000;
}
