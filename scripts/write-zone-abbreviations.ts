/**
 * `npm run zones:abbreviations`: writes src/slack/zone-names.ts, the zone names the bot shows
 * ("CET"), from the Intl of Node 24, the Lambda runtime (tools/node24; names differ between
 * ICU versions: Casablanca is "GMT+0" on Node 20, "WET" on 24). On another Node it runs itself
 * again on that one. `--check` writes nothing and exits 1 when the file is not what Node 24
 * gives (test/slack/zone-abbreviations.test.ts runs it).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LAMBDA_NODE_MAJOR, node24Binary } from '../test/support/node24.js';
import { renderZoneAbbreviations } from './zones/zone-abbreviations.js';

export const ZONE_NAMES_FILE = 'src/slack/zone-names.ts';
export const ZONE_NAMES_FROM = 2026;
export const ZONE_NAMES_TO = 2036;

if (!process.version.startsWith(`v${LAMBDA_NODE_MAJOR}.`)) {
  // Run from the repository root (npm run): this file is bundled elsewhere by run-ts.mjs.
  const again = spawnSync(
    node24Binary(resolve('tools/node24')),
    ['scripts/run-ts.mjs', 'scripts/write-zone-abbreviations.ts', ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  process.exit(again.status ?? 1);
}

const text = renderZoneAbbreviations(ZONE_NAMES_FROM, ZONE_NAMES_TO);
if (process.argv.includes('--check')) {
  const current = readFileSync(ZONE_NAMES_FILE, 'utf8');
  if (current !== text) {
    console.error(
      `${ZONE_NAMES_FILE} is not what Node ${process.version} gives: run npm run zones:abbreviations`,
    );
    process.exit(1);
  }
  console.log(`${ZONE_NAMES_FILE} is up to date (Node ${process.version})`);
} else {
  writeFileSync(ZONE_NAMES_FILE, text);
  console.log(`wrote ${ZONE_NAMES_FILE} (Node ${process.version})`);
}
