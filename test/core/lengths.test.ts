import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/core/command.js';
import { readClockTime, readLength } from '../../src/core/duration.js';

describe('lengths as people type them', () => {
  it.each([
    ['2h', 120],
    ['90m', 90],
    ['1h30', 90],
    ['1h30m', 90],
    ['1h 30m', 90],
    ['1.5h', 90],
    ['1,5h', 90],
    ['2 hours', 120],
    ['45 min', 45],
    ['45min', 45],
    ['1d', 1440],
    ['9999999h', 599_999_940],
  ])('%s is %i minutes', (text, minutes) => {
    expect(readLength(text)).toEqual({ ok: true, minutes });
  });

  it.each([
    ['-5h', /must be positive/],
    ['0m', /postpones nothing/],
    ['30', /needs a unit/],
    ['2.5x', /not a length/],
    ['30m2h', /not a length/],
  ])('%s is refused: %s', (text, error) => {
    const reading = readLength(text);
    expect(reading?.ok).toBe(false);
    expect(reading && !reading.ok ? reading.error : '').toMatch(error);
  });

  it('a word that is no attempt at a length is not read as one', () => {
    expect(readLength('web-1')).toBeUndefined();
  });

  it.each([
    ['23:30', { hour: 23, minute: 30 }],
    ['7:05', { hour: 7, minute: 5 }],
    ['23h30', { hour: 23, minute: 30 }],
    ['23h', { hour: 23, minute: 0 }],
    ['11pm', { hour: 23, minute: 0 }],
    ['11:30pm', { hour: 23, minute: 30 }],
    ['12am', { hour: 0, minute: 0 }],
    ['12pm', { hour: 12, minute: 0 }],
    ['noon', { hour: 12, minute: 0 }],
    ['midnight', { hour: 0, minute: 0 }],
    ['24:00', undefined],
    ['13pm', undefined],
    ['soon', undefined],
  ])('until %s', (text, time) => {
    expect(readClockTime(text)).toEqual(time);
  });
});

describe('snooze commands', () => {
  it.each([
    ['snooze 2.5h', { kind: 'snooze', length: { kind: 'for', minutes: 150 } }],
    [
      'snooze web-1 2 hours',
      { kind: 'snooze', target: 'web-1', length: { kind: 'for', minutes: 120 } },
    ],
    [
      'snooze web-1 45 min',
      { kind: 'snooze', target: 'web-1', length: { kind: 'for', minutes: 45 } },
    ],
    ['snooze 2h web-1', { kind: 'snooze', target: 'web-1', length: { kind: 'for', minutes: 120 } }],
    ['snooze 1d', { kind: 'snooze', length: { kind: 'for', minutes: 1440 } }],
    [
      'snooze web-1 until 11pm',
      { kind: 'snooze', target: 'web-1', length: { kind: 'until', time: { hour: 23, minute: 0 } } },
    ],
    [
      'snooze web-1 until 11 pm',
      { kind: 'snooze', target: 'web-1', length: { kind: 'until', time: { hour: 23, minute: 0 } } },
    ],
    [
      'snooze web-1 until 23h30',
      {
        kind: 'snooze',
        target: 'web-1',
        length: { kind: 'until', time: { hour: 23, minute: 30 } },
      },
    ],
    [
      'snooze "my box" 2h',
      { kind: 'snooze', target: 'my box', length: { kind: 'for', minutes: 120 } },
    ],
    [
      'snooze \u201cmy box\u201d tonight',
      { kind: 'snooze', target: 'my box', length: { kind: 'tonight' } },
    ],
    [
      'snooze name:2fa-box 2h',
      { kind: 'snooze', target: 'name:2fa-box', length: { kind: 'for', minutes: 120 } },
    ],
    ['why web-1', { kind: 'why', target: 'web-1' }],
    ['tonight', { kind: 'tonight' }],
    ['tonight web-*', { kind: 'tonight', target: 'web-*' }],
    ['unsnooze all', { kind: 'unsnooze', target: 'all' }],
  ])('%j', (text, command) => {
    expect(parseCommand(text)).toEqual({ ok: true, command });
  });

  it.each([
    ['snooze -5h', /positive/],
    ['snooze 0m', /postpones nothing/],
    ['snooze 2.5x', /not a length/],
    ['snooze web-1 2h 3h', /second length/],
    ['snooze 2fa-box 2h', /name:2fa-box/],
    ['snooze "my box 2h', /not closed/],
    ['snooze my box 2h', /one target/],
    ['snoze web-1', /Did you mean `snooze`\?/],
    ['unsnoze', /Did you mean `unsnooze`\?/],
    ['stauts', /Did you mean `status`\?/],
    ['wake web-1 tonight', /wake takes a duration/],
    ['why', /why needs a target/],
  ])('%j is refused: %s', (text, error) => {
    const result = parseCommand(text);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toMatch(error);
  });
});
