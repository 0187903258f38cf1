import { formatDuration } from '../core/duration.js';
import { instantToLocal } from '../core/zone-time.js';
import { zoneAbbreviation } from './zone-abbreviations.js';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** "20:00 CET", or "Mon 08:00 CET" when it is not on the reader's current local day. */
export function clockText(at: number, zone: string, now: number): string {
  const local = instantToLocal(at, zone);
  const today = instantToLocal(now, zone);
  const sameDay =
    local.year === today.year && local.month === today.month && local.day === today.day;
  const hhmm = `${String(local.hour).padStart(2, '0')}:${String(local.minute).padStart(2, '0')}`;
  return `${sameDay ? '' : `${WEEKDAYS[local.weekday]} `}${hhmm} ${zoneAbbreviation(zone, at)}`;
}

/** "in 2 h 10 min", "2 h ago", "in 3 days". */
export function relativeText(at: number, now: number): string {
  const minutes = Math.round((at - now) / 60_000);
  const size = Math.abs(minutes);
  const amount = size >= 48 * 60 ? `${Math.round(size / 1440)} days` : formatDuration(size);
  if (size === 0) return 'now';
  return minutes > 0 ? `in ${amount}` : `${amount} ago`;
}

/** "20:00 CET, in 2 h 10 min" */
export function whenText(at: number, zone: string, now: number): string {
  return `${clockText(at, zone, now)}, ${relativeText(at, now)}`;
}
