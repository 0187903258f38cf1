import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from '../../src/core/config.js';
import { configProblems } from '../fixtures/config-problems.js';

const minimal = {
  defaultSchedule: 'office-hours',
  regions: ['eu-west-1'],
  schedules: { 'office-hours': { timezone: 'Europe/Paris', start: '08:00', stop: '20:00' } },
};

const problems = configProblems;

describe('configuration', () => {
  it('the shipped file is valid and has the office-hours schedule', () => {
    const config = parseConfig(
      parse(readFileSync('stopinator.config.yml', 'utf8')),
      'stopinator.config.yml',
    );
    expect(config.schedules.get('office-hours')).toEqual({
      name: 'office-hours',
      timezone: 'Europe/Paris',
      start: { hour: 8, minute: 0 },
      stop: { hour: 20, minute: 0 },
      days: [1, 2, 3, 4, 5],
      holidays: [],
      enforce: false,
    });
    expect(config.tagKey).toBe('stopinator');
    expect(config.slack.warningLeadMinutes).toBe(30);
    expect(config.snooze).toEqual({ defaultMinutes: 120, maxMinutes: 720 });
  });

  it('fills defaults', () => {
    const config = parseConfig(minimal);
    expect(config.scheduler).toEqual({
      intervalMinutes: 5,
      maxCatchUpMinutes: 1440,
      fanOutAbove: 50,
      batchSize: 20,
    });
    expect(config.permissions.snooze).toEqual({});
  });

  it('takes the scale-out settings as whole numbers of account-regions', () => {
    const config = parseConfig({ ...minimal, scheduler: { fanOutAbove: 2, batchSize: 1 } });
    expect(config.scheduler).toMatchObject({ fanOutAbove: 2, batchSize: 1 });
  });

  it.each([
    [{ fanOutAbove: 0 }, 'scheduler.fanOutAbove: must be at least 1 (got 0)'],
    [
      { fanOutAbove: 'many' },
      'scheduler.fanOutAbove: expected a whole number of account-regions, such as 50 (got "many")',
    ],
    [
      { batchSize: 2.5 },
      'scheduler.batchSize: expected a whole number of account-regions, such as 50 (got 2.5)',
    ],
    [{ batchSize: 501 }, 'scheduler.batchSize: must be at most 500 (got 501)'],
  ])('refuses scheduler %o', (scheduler, message) => {
    expect(problems({ ...minimal, scheduler })).toEqual([message]);
  });

  it.each([
    [
      'an unknown time zone',
      { schedules: { 'office-hours': { timezone: 'Europe/Pariss', stop: '20:00' } } },
      'schedules.office-hours.timezone: unknown IANA time zone (e.g. "Europe/Paris") (got "Europe/Pariss")',
    ],
    [
      'a bad time',
      { schedules: { 'office-hours': { timezone: 'Europe/Paris', stop: '25:00' } } },
      'schedules.office-hours.stop: expected a 24-hour time "HH:MM" (got "25:00")',
    ],
    [
      'a time YAML read as a number',
      { schedules: { 'office-hours': { timezone: 'Europe/Paris', stop: 1200 } } },
      'schedules.office-hours.stop: expected a time "HH:MM" in quotes (got 1200)',
    ],
    [
      'a bad day',
      {
        schedules: {
          'office-hours': { timezone: 'Europe/Paris', stop: '20:00', days: ['mon', 'funday'] },
        },
      },
      'schedules.office-hours.days.1: expected a weekday: mon, tue, wed, thu, fri, sat, sun (got "funday")',
    ],
    [
      'a bad holiday',
      {
        schedules: {
          'office-hours': { timezone: 'Europe/Paris', stop: '20:00', holidays: ['2026-02-30'] },
        },
      },
      'schedules.office-hours.holidays.0: expected a date "YYYY-MM-DD" (got "2026-02-30")',
    ],
    [
      'a missing default schedule',
      { defaultSchedule: 'nope' },
      'defaultSchedule: no schedule named "nope" (known: office-hours)',
    ],
    [
      'a bad duration',
      { snooze: { max: 'forever' } },
      'snooze.max: expected a duration such as "2h", "90m" or "1h30" (got "forever")',
    ],
    [
      'a reserved schedule name',
      { defaultSchedule: 'off', schedules: { off: { timezone: 'UTC', stop: '20:00' } } },
      'schedules.off: "off" is reserved for tag values and targets; pick another schedule name',
    ],
    [
      'an upper-case schedule name',
      { defaultSchedule: 'Office', schedules: { Office: { timezone: 'UTC', stop: '20:00' } } },
      'schedules.Office: schedule names are lowercase letters, digits, ".", "_" and "-" (got "Office")',
    ],
    [
      'a bad region',
      { regions: ['europe'] },
      'regions.0: expected an AWS region such as "eu-west-1" (got "europe")',
    ],
    ['an unknown field', { colour: 'blue' }, '(top level): unknown field "colour"'],
    [
      'start equal to stop',
      { schedules: { 'office-hours': { timezone: 'UTC', start: '08:00', stop: '08:00' } } },
      'schedules.office-hours.stop: stop must differ from start',
    ],
  ])('names the field for %s', (_label, change, expected) => {
    expect(problems({ ...minimal, ...change })).toContain(expected);
  });

  it('the error message lists every problem with its source', () => {
    expect(() => parseConfig({ regions: [] }, 'my.yml')).toThrow(
      /invalid configuration in my\.yml:\n {2}- /,
    );
  });
});
