/**
 * `npm run zones:abbreviations`: writes src/slack/zone-names.ts, the zone names the bot shows
 * ("CET"), from this Node's Intl. `--check` writes nothing and exits 1 when the file is not what
 * this Node gives (test/slack/zone-abbreviations.test.ts checks the same).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { renderZoneAbbreviations } from './zones/zone-abbreviations.js';

export const ZONE_NAMES_FILE = 'src/slack/zone-names.ts';
export const ZONE_NAMES_FROM = 2026;
export const ZONE_NAMES_TO = 2036;

const text = renderZoneAbbreviations(ZONE_NAMES_FROM, ZONE_NAMES_TO);
if (process.argv.includes('--check')) {
  const current = readFileSync(ZONE_NAMES_FILE, 'utf8');
  if (current !== text) {
    console.error(
      `${ZONE_NAMES_FILE} is not what Node ${process.version} gives: run npm run zones:abbreviations`,
    );
    process.exit(1);
  }
  console.log(`${ZONE_NAMES_FILE} is up to date`);
} else {
  writeFileSync(ZONE_NAMES_FILE, text);
  console.log(`wrote ${ZONE_NAMES_FILE}`);
}
