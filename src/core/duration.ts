import type { TimeOfDay } from './zone-time.js';

/** A length as typed: whole minutes, or why it is not one. */
export type LengthReading =
  | { readonly ok: true; readonly minutes: number }
  | { readonly ok: false; readonly error: string };

const UNITS: Readonly<Record<string, number>> = {
  d: 1440,
  day: 1440,
  days: 1440,
  h: 60,
  hr: 60,
  hrs: 60,
  hour: 60,
  hours: 60,
  m: 1,
  min: 1,
  mins: 1,
  minute: 1,
  minutes: 1,
};

const PART = /(\d{1,9}(?:\.\d{1,6})?)\s*([a-z]*)\s*/y;

export const LENGTH_EXAMPLES = '`2h`, `90m`, `1h30`, `1.5h`, `45 min`, `until 23:30` or `tonight`';

/**
 * Whether a word is an attempt at a length (it starts with a digit, or a sign or point and a
 * digit). Such a word is never read as a target, so `snooze 2.5x` is refused, not stored as a
 * snooze for an instance named "2.5x".
 */
export function looksLikeLength(text: string): boolean {
  return /^[-+]?\.?\d/.test(text.trim());
}

/**
 * Durations as people type them: `2h`, `90m`, `1h30`, `1h30m`, `1.5h`, `45min`, `2 hours`,
 * `1d`. Zero, negative and unit-less numbers are refused with the reason; how long is too
 * long is the caller's cap. Undefined when the text is not an attempt at a length at all.
 */
export function readLength(raw: string): LengthReading | undefined {
  const text = raw.trim().toLowerCase().replace(',', '.');
  if (!looksLikeLength(text)) return undefined;
  const negative = text.startsWith('-');
  const body = text.replace(/^[-+]/, '');
  let total = 0;
  let previousUnit: number | undefined;
  PART.lastIndex = 0;
  let position = 0;
  while (position < body.length) {
    PART.lastIndex = position;
    const match = PART.exec(body);
    if (!match || match[0] === '') return notALength(raw);
    const [, number = '', unitText = ''] = match;
    let unit = UNITS[unitText];
    // "1h30": minutes may follow hours without a unit.
    if (unitText === '' && previousUnit === 60 && !number.includes('.')) unit = 1;
    if (unit === undefined) {
      if (unitText === '' && previousUnit === undefined && /^\d+$/.test(body.trim())) {
        return {
          ok: false,
          error: `"${clip(raw)}" needs a unit: \`${number}m\` or \`${number}h\``,
        };
      }
      return notALength(raw);
    }
    if (previousUnit !== undefined && unit >= previousUnit) return notALength(raw);
    total += Number(number) * unit;
    previousUnit = unit;
    position = PART.lastIndex;
  }
  const minutes = Math.round(total);
  if (negative) return { ok: false, error: `a length must be positive (got "${clip(raw)}")` };
  if (minutes <= 0) return { ok: false, error: `"${clip(raw)}" postpones nothing` };
  return { ok: true, minutes };
}

/** Whole minutes, or undefined when the text is not a positive duration (configuration files). */
export function parseDuration(text: string): number | undefined {
  const reading = readLength(text);
  return reading?.ok ? reading.minutes : undefined;
}

/**
 * A time of day as people type it after `until`: `23:30`, `23h30`, `23h`, `11pm`, `11:30pm`,
 * `7am`, `noon`, `midnight`. Undefined when it is none of those.
 */
export function readClockTime(raw: string): TimeOfDay | undefined {
  const text = raw.trim().toLowerCase().replace(/\s+/g, '');
  if (text === 'noon') return { hour: 12, minute: 0 };
  if (text === 'midnight') return { hour: 0, minute: 0 };
  const twelve = /^(\d{1,2})(?:[:.h](\d{2}))?(am|pm|a\.m\.|p\.m\.)$/.exec(text);
  if (twelve) {
    const hour = Number(twelve[1]);
    const minute = Number(twelve[2] ?? 0);
    if (hour < 1 || hour > 12 || minute > 59) return undefined;
    const pm = (twelve[3] ?? '').startsWith('p');
    return { hour: (hour % 12) + (pm ? 12 : 0), minute };
  }
  const day = /^(\d{1,2})(?::(\d{2})|h(\d{2})?)$/.exec(text);
  if (!day) return undefined;
  const hour = Number(day[1]);
  const minute = Number(day[2] ?? day[3] ?? 0);
  if (hour > 23 || minute > 59) return undefined;
  return { hour, minute };
}

/** "2 h 10 min", "45 min", "3 h": a duration in minutes for people to read. */
export function formatDuration(totalMinutes: number): string {
  const minutes = Math.max(0, Math.round(totalMinutes));
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  if (rest === 0) return `${hours} h`;
  return `${hours} h ${rest} min`;
}

function notALength(raw: string): LengthReading {
  return { ok: false, error: `"${clip(raw)}" is not a length: use ${LENGTH_EXAMPLES}` };
}

function clip(text: string): string {
  const trimmed = text.trim();
  return trimmed.length > 40 ? `${trimmed.slice(0, 40)}…` : trimmed;
}
