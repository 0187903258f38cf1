import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useZoneOffsetSource } from '../../src/core/zone-offset.js';
import { coldStartZoneOffsets } from '../../src/runtime/process-zone-offset.js';
import { clockText } from '../../src/slack/clock-text.js';
import { gmtOffsetText, zoneAbbreviation } from '../../src/slack/zone-abbreviations.js';
import { ZONE_NAMES_YEARS } from '../../src/slack/zone-names.js';
import { node24Binary } from '../support/node24.js';

const winter = Date.UTC(2026, 0, 15, 12);
const summer = Date.UTC(2026, 6, 15, 12);

describe('zoneAbbreviation', () => {
  it.each([
    ['Europe/Paris', 'CET', 'CEST'],
    ['Europe/London', 'GMT', 'BST'],
    ['America/New_York', 'EST', 'EDT'],
    ['US/Eastern', 'EST', 'EDT'],
    ['Asia/Kolkata', 'IST', 'IST'],
    ['Australia/Sydney', 'AEDT', 'AEST'],
    ['Asia/Kathmandu', 'GMT+5:45', 'GMT+5:45'],
    ['America/Sao_Paulo', 'GMT-3', 'GMT-3'],
    ['UTC', 'UTC', 'UTC'],
  ])('%s: %s in January, %s in July', (zone, january, july) => {
    expect([zoneAbbreviation(zone, winter), zoneAbbreviation(zone, summer)]).toEqual([
      january,
      july,
    ]);
  });

  it('is the same with the offsets of a cold start', () => {
    useZoneOffsetSource(coldStartZoneOffsets());
    expect(clockText(Date.UTC(2026, 6, 15, 18), 'Europe/Paris', Date.UTC(2026, 6, 15, 9))).toBe(
      '20:00 CEST',
    );
  });

  it('writes offsets without a name as Intl does', () => {
    expect([0, 60, -180, 345, 630, -570].map(gmtOffsetText)).toEqual([
      'GMT',
      'GMT+1',
      'GMT-3',
      'GMT+5:45',
      'GMT+10:30',
      'GMT-9:30',
    ]);
  });

  it('reads from a table that is what Node 24, the Lambda runtime, gives (npm run zones:abbreviations)', () => {
    const check = spawnSync(
      node24Binary(),
      ['scripts/run-ts.mjs', 'scripts/write-zone-abbreviations.ts', '--check'],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    const header = readFileSync('src/slack/zone-names.ts', 'utf8').split('\n')[0];
    expect(header).toContain('from Node v24.');
    expect(header).toContain(`Intl, for ${ZONE_NAMES_YEARS.join('-')}`);
  });
});
