import { zoneOffsetAt } from '../core/zone-time.js';
import { ZONE_NAMES } from './zone-names.js';

/**
 * "CET", "EST", "IST" where some English locale has a name for the zone's offset at that time,
 * else "GMT+5:30". The names come from a table read from Intl when the repository is built
 * (scripts/zones/), not from Intl at run time: asking Intl costs a cold start 11 ms of ICU
 * set-up (src/core/zone-offset.ts). An offset the table lacks (a zone's rules changed after it
 * was written) reads in the GMT form, which is still right.
 */
export function zoneAbbreviation(zone: string, at: number): string {
  const { id, offset } = zoneOffsetAt(zone, at);
  return ZONE_NAMES[id]?.[offset] ?? gmtOffsetText(offset);
}

/** "GMT", "GMT+1", "GMT-3", "GMT+5:45", as Intl writes an offset without a name. */
export function gmtOffsetText(offsetMinutes: number): string {
  if (offsetMinutes === 0) return 'GMT';
  const size = Math.abs(Math.round(offsetMinutes));
  const minutes = size % 60;
  return `GMT${offsetMinutes < 0 ? '-' : '+'}${Math.floor(size / 60)}${minutes ? `:${String(minutes).padStart(2, '0')}` : ''}`;
}
