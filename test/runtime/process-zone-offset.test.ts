import { afterEach, describe, expect, it } from 'vitest';
import {
  canonicalZoneId,
  formatterOffset,
  useZoneOffsetSource,
  type ZoneOffsetSource,
  zoneOffsetMinutes,
} from '../../src/core/zone-offset.js';
import { instantToLocal, localToInstant } from '../../src/core/zone-time.js';
import { coldStartZoneOffsets, processDateOffset } from '../../src/runtime/process-zone-offset.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const every = [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/GMT+5'])];
const dstZones = [
  'Europe/Paris',
  'Europe/London',
  'Europe/Dublin',
  'America/New_York',
  'America/Santiago',
  'America/Havana',
  'Australia/Lord_Howe',
  'Australia/Sydney',
  'Pacific/Chatham',
  'Africa/Casablanca',
  'Asia/Tehran',
  'Antarctica/Troll',
];

/** Every instant at which the zone's offset changes in [from, to), to the minute. */
function transitions(zone: string, from: number, to: number): number[] {
  const found: number[] = [];
  for (let at = from; at < to; at += 12 * HOUR) {
    if (formatterOffset(zone, at) === formatterOffset(zone, at + 12 * HOUR)) continue;
    let [low, high] = [at, at + 12 * HOUR];
    while (high - low > MINUTE) {
      const mid = low + Math.floor((high - low) / 2 / MINUTE) * MINUTE;
      if (formatterOffset(zone, mid) === formatterOffset(zone, low)) low = mid;
      else high = mid;
    }
    found.push(high);
  }
  return found;
}

afterEach(() => useZoneOffsetSource(formatterOffset));

describe('the process Date and the Intl formatter read the same offsets', () => {
  it.each(dstZones)('%s: on both sides of every transition from 2000 to 2040', (zone) => {
    const changes = transitions(zone, Date.UTC(2000, 0, 1), Date.UTC(2040, 0, 1));
    expect(changes.length).toBeGreaterThan(zone === 'Asia/Tehran' ? 20 : 30);
    for (const at of changes) {
      for (const t of [at - MINUTE, at - 1000, at, at + 1000, at + MINUTE]) {
        expect([zone, t, processDateOffset(zone, t)]).toEqual([zone, t, formatterOffset(zone, t)]);
      }
    }
  });

  it(`for every zone the runtime knows (${every.length}), twice a year from 1970 to 2040`, () => {
    const differ: string[] = [];
    for (const name of every) {
      const zone = canonicalZoneId(name) ?? name;
      for (let year = 1970; year <= 2040; year++) {
        for (const at of [Date.UTC(year, 0, 15, 7, 30), Date.UTC(year, 6, 15, 19, 45)]) {
          const [a, b] = [processDateOffset(zone, at), formatterOffset(zone, at)];
          if (a !== b) differ.push(`${zone} ${new Date(at).toISOString()}: ${a} vs ${b}`);
        }
      }
    }
    expect(differ).toEqual([]);
  });

  it('before year 1 as well (the formatter reads the era)', () => {
    const at = Date.UTC(2000, 0, 1) - 2100 * 365.25 * 86_400_000;
    expect(formatterOffset('Europe/Paris', at)).toBe(processDateOffset('Europe/Paris', at));
    expect(formatterOffset('UTC', at)).toBe(0);
  });

  it('to the second where offsets were not whole minutes (local mean time)', () => {
    const at = Date.UTC(1900, 0, 1, 12);
    expect(processDateOffset('Europe/Paris', at)).toBeCloseTo(9 + 21 / 60, 10);
    expect(processDateOffset('Europe/Paris', at)).toBe(formatterOffset('Europe/Paris', at));
  });
});

describe('processDateOffset leaves TZ as it found it', () => {
  const saved = process.env.TZ;
  afterEach(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  it('when TZ was set (Lambda sets :UTC)', () => {
    process.env.TZ = ':UTC';
    expect(processDateOffset('Asia/Kolkata', Date.UTC(2026, 5, 1))).toBe(330);
    expect(process.env.TZ).toBe(':UTC');
    expect(new Date(Date.UTC(2026, 5, 1)).getTimezoneOffset()).toBe(0);
  });

  it('when TZ was not set', () => {
    delete process.env.TZ;
    const before = new Date(Date.UTC(2026, 5, 1)).getTimezoneOffset();
    expect(processDateOffset('America/New_York', Date.UTC(2026, 5, 1))).toBe(-240);
    expect('TZ' in process.env).toBe(false);
    expect(new Date(Date.UTC(2026, 5, 1)).getTimezoneOffset()).toBe(before);
  });
});

describe('coldStartZoneOffsets', () => {
  it('asks the process Date first, then the formatter once the look-ups have paid for it', () => {
    const asked: string[] = [];
    const source = coldStartZoneOffsets(3, {
      date: (zone, at) => {
        asked.push('date');
        return processDateOffset(zone, at);
      },
      formatter: (zone, at) => {
        asked.push('formatter');
        return formatterOffset(zone, at);
      },
    });
    const at = Date.UTC(2026, 2, 29, 1);
    const offsets = [1, 2, 3, 4, 5].map((i) => source('Europe/Paris', at + i * HOUR));
    expect(asked).toEqual(['date', 'date', 'date', 'formatter', 'formatter']);
    expect(offsets).toEqual([120, 120, 120, 120, 120]);
  });

  it('asks the formatter for a zone the runtime does not list (TZ would read it as UTC)', () => {
    const asked: string[] = [];
    const source = coldStartZoneOffsets(500, {
      date: (zone, at) => {
        asked.push(`date ${zone}`);
        return processDateOffset(zone, at);
      },
      formatter: (zone, at) => {
        asked.push(`formatter ${zone}`);
        return formatterOffset(zone, at);
      },
    });
    const at = Date.UTC(2026, 0, 1);
    expect([source('Etc/GMT+5', at), source('Europe/Paris', at), source('UTC', at)]).toEqual([
      -300, 60, 0,
    ]);
    expect(asked).toEqual(['formatter Etc/GMT+5', 'date Europe/Paris', 'date UTC']);
    expect(processDateOffset('Not/A_Zone', at)).toBe(0); // what the rule above avoids
  });

  it('asks once per zone and instant', () => {
    let asked = 0;
    const count: ZoneOffsetSource = (zone, at) => {
      asked += 1;
      return formatterOffset(zone, at);
    };
    const source = coldStartZoneOffsets(500, { date: count, formatter: count });
    const at = Date.UTC(2026, 9, 25, 0, 30); // Paris falls back at 01:00 UTC
    const answers = [at, at, at + HOUR, at].map((t) => source('Europe/Paris', t));
    expect(source('Europe/London', at)).toBe(60);
    expect(answers).toEqual([120, 120, 60, 120]);
    expect(asked).toBe(3);
  });

  it('gives the schedule arithmetic the same answers as the default source', () => {
    const cases = [
      {
        zone: 'Europe/Paris',
        date: { year: 2026, month: 3, day: 29 },
        time: { hour: 2, minute: 30 },
      },
      {
        zone: 'America/New_York',
        date: { year: 2026, month: 11, day: 1 },
        time: { hour: 1, minute: 30 },
      },
      {
        zone: 'Australia/Lord_Howe',
        date: { year: 2026, month: 10, day: 4 },
        time: { hour: 2, minute: 15 },
      },
    ];
    const answers = () =>
      cases.map((c) => {
        const instant = localToInstant(c.date, c.time, c.zone);
        return { instant, back: instantToLocal(instant.at, c.zone) };
      });
    const byFormatter = answers();
    useZoneOffsetSource(coldStartZoneOffsets());
    expect(answers()).toEqual(byFormatter);
    expect(zoneOffsetMinutes('Asia/Kathmandu', Date.UTC(2026, 0, 1))).toBe(345);
  });
});
