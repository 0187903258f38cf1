/**
 * The table behind src/slack/zone-abbreviations.ts: for every zone the runtime knows, the name
 * some English locale gives each offset the zone has in the coming years ("CET", "CEST"), where
 * it is not the "GMT+1" form the bot computes for itself. Read from Intl here, once, so the bot
 * never sets up ICU's formatters on a cold start (src/core/zone-offset.ts).
 */
import { canonicalZoneId, formatterOffset } from '../../src/core/zone-offset.js';
import { gmtOffsetText } from '../../src/slack/zone-abbreviations.js';

/** Tried in this order; the first with a name for the zone wins, as Slack readers are mixed. */
export const LOCALES = ['en-US', 'en-GB', 'en-IN', 'en-AU'] as const;

const formats = new Map<string, Intl.DateTimeFormat>();

function format(locale: string, zone: string): Intl.DateTimeFormat {
  const key = `${locale} ${zone}`;
  let found = formats.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' });
    formats.set(key, found);
  }
  return found;
}

/** The name the first locale that has one gives, else the first locale's GMT form. */
export function intlZoneName(zone: string, at: number): string {
  let fallback: string | undefined;
  for (const locale of LOCALES) {
    const name =
      format(locale, zone)
        .formatToParts(at)
        .find((p) => p.type === 'timeZoneName')?.value ?? zone;
    fallback ??= name;
    if (!/^GMT[+-]/.test(name)) return name;
  }
  return fallback ?? zone;
}

/** zone → offset (minutes) → name, sampled twice a month over the years given. */
export function zoneAbbreviationTable(
  fromYear: number,
  toYear: number,
): Record<string, Record<number, string>> {
  const zones = [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])].sort();
  const table: Record<string, Record<number, string>> = {};
  for (const zone of zones) {
    const id = canonicalZoneId(zone) ?? zone;
    const names: Record<number, string> = {};
    for (let year = fromYear; year <= toYear; year++) {
      for (let month = 0; month < 12; month++) {
        for (const day of [1, 16]) {
          const at = Date.UTC(year, month, day, 12);
          const offset = formatterOffset(id, at);
          const name = intlZoneName(id, at);
          if (name !== gmtOffsetText(offset)) names[offset] = name;
        }
      }
    }
    if (Object.keys(names).length > 0) table[id] = names;
  }
  return table;
}

/** The source file, as written by `npm run zones:abbreviations`. */
export function renderZoneAbbreviations(fromYear: number, toYear: number): string {
  const table = zoneAbbreviationTable(fromYear, toYear);
  const lines = Object.entries(table).map(
    ([zone, names]) =>
      `  ${/^[A-Za-z_$][\w$]*$/.test(zone) ? zone : `'${zone}'`}: { ${Object.entries(names)
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([offset, name]) => `${Number(offset) < 0 ? `'${offset}'` : offset}: '${name}'`)
        .join(', ')} },`,
  );
  return `// Written by \`npm run zones:abbreviations\` (scripts/zones/) from Node ${process.version}'s Intl, for ${fromYear}-${toYear}: do not edit.
export const ZONE_NAMES_YEARS = [${fromYear}, ${toYear}] as const;

/** Zone → offset (minutes east of UTC) → the name Slack readers know, where not "GMT+1". */
export const ZONE_NAMES: Readonly<Record<string, Readonly<Record<number, string>>>> = {
${lines.join('\n')}
};
`;
}
