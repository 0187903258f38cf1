import { formatDuration } from '../core/duration.js';
import { instantToLocal } from '../core/zone-time.js';

const LOCALES = ['en-US', 'en-GB', 'en-IN', 'en-AU'];
const abbreviations = new Map<string, string>();
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** "CET", "EST", "IST" when some English locale has a name for the zone, else "GMT+5:30". */
export function zoneAbbreviation(zone: string, at: number): string {
  const key = `${zone}@${Math.floor(at / 3_600_000)}`;
  let found = abbreviations.get(key);
  if (!found) {
    // Locale data loads per locale: try them one at a time, most likely first.
    let fallback: string | undefined;
    for (const locale of LOCALES) {
      const name =
        new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' })
          .formatToParts(at)
          .find((p) => p.type === 'timeZoneName')?.value ?? zone;
      fallback ??= name;
      if (!/^GMT[+-]/.test(name)) {
        found = name;
        break;
      }
    }
    found ??= fallback ?? zone;
    abbreviations.set(key, found);
  }
  return found;
}

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
