import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/core/command.js';
import { parseDuration } from '../../src/core/duration.js';
import { parseSelector, selectorMatches } from '../../src/core/selector.js';
import { instance } from '../fixtures/fleet.js';

describe('parseCommand', () => {
  it.each([
    ['', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['status', { kind: 'status' }],
    ['status web-*', { kind: 'status', target: 'web-*' }],
    ['snooze', { kind: 'snooze' }],
    ['snooze 2h', { kind: 'snooze', length: { kind: 'for', minutes: 120 } }],
    ['  SNOOZE   90m ', { kind: 'snooze', length: { kind: 'for', minutes: 90 } }],
    ['snooze 1h30', { kind: 'snooze', length: { kind: 'for', minutes: 90 } }],
    ['snooze web-* 2h', { kind: 'snooze', target: 'web-*', length: { kind: 'for', minutes: 120 } }],
    [
      'snooze all until 23:30',
      { kind: 'snooze', length: { kind: 'until', time: { hour: 23, minute: 30 } } },
    ],
    [
      'snooze i-0123456789abcdef0 tonight',
      { kind: 'snooze', target: 'i-0123456789abcdef0', length: { kind: 'tonight' } },
    ],
    ['snooze web-1', { kind: 'snooze', target: 'web-1' }],
    ['unsnooze', { kind: 'unsnooze' }],
    ['unsnooze web-1', { kind: 'unsnooze', target: 'web-1' }],
    ['wake web-1', { kind: 'wake', target: 'web-1' }],
    ['wake web-1 3h', { kind: 'wake', target: 'web-1', minutes: 180 }],
    ['history', { kind: 'history' }],
    ['history 5', { kind: 'history', limit: 5 }],
    ['history 500', { kind: 'history', limit: 50 }],
  ])('%j', (text, command) => {
    expect(parseCommand(text)).toEqual({ ok: true, command });
  });

  it.each([
    ['dance', /unknown command "dance"/],
    ['snooze 30', /needs a unit/],
    ['snooze until', /until needs a time/],
    ['snooze until 25:00', /not a time/],
    ['snooze web-1 db-1 2h', /one target/],
    ['wake', /wake needs a target/],
    ['wake 2h', /wake needs a target/],
    ['history lots', /optional count/],
    ['x'.repeat(600), /commands are short/],
  ])('%j is refused', (text, error) => {
    const result = parseCommand(text);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toMatch(error);
  });
});

describe('parseDuration', () => {
  it.each([
    ['2h', 120],
    ['90m', 90],
    ['1h30', 90],
    ['1h30m', 90],
    ['45min', 45],
    ['2 hours', 120],
    ['0h', undefined],
    ['30', undefined],
    ['h', undefined],
    ['-1h', undefined],
  ])('%s', (text, minutes) => {
    expect(parseDuration(text)).toBe(minutes);
  });
});

describe('targets', () => {
  const schedules = ['office-hours', 'nightly'];
  const web1 = instance('i-0123456789abcdef0', { name: 'web-1', tag: 'true' });

  it.each([
    ['all', { kind: 'all' }],
    ['I-0123456789ABCDEF0', { kind: 'instance', id: 'i-0123456789abcdef0' }],
    ['office-hours', { kind: 'schedule', name: 'office-hours' }],
    ['schedule:nightly', { kind: 'schedule', name: 'nightly' }],
    ['name:office-hours', { kind: 'name', pattern: 'office-hours' }],
    ['web-*', { kind: 'name', pattern: 'web-*' }],
  ])('%s', (text, selector) => {
    expect(parseSelector(text, schedules)).toEqual({ ok: true, selector });
  });

  it('refuses unknown schedules and odd characters', () => {
    expect(parseSelector('schedule:nope', schedules)).toMatchObject({
      ok: false,
      error: expect.stringContaining('no schedule named "nope"'),
    });
    expect(parseSelector('web;rm', schedules)).toMatchObject({ ok: false });
  });

  it.each([
    [{ kind: 'name', pattern: 'web-*' }, true],
    [{ kind: 'name', pattern: 'web-?' }, true],
    [{ kind: 'name', pattern: 'web' }, false],
    [{ kind: 'name', pattern: 'Web-1' }, false],
    [{ kind: 'name', pattern: 'w.b-1' }, false],
    [{ kind: 'instance', id: 'i-0123456789abcdef0' }, true],
    [{ kind: 'schedule', name: 'office-hours' }, true],
    [{ kind: 'schedule', name: 'nightly' }, false],
  ] as const)('%j matches web-1: %s', (selector, expected) => {
    expect(selectorMatches(selector, web1, 'office-hours')).toBe(expected);
  });
});
