import { describe, expect, it } from 'vitest';
import { compileGlob, globMatches } from '../../src/core/glob.js';
import { resolveTarget } from '../../src/core/target.js';
import { instance } from '../fixtures/fleet.js';
import { testConfig } from '../fixtures/schedules.js';

const config = testConfig();
const fleet = [
  instance('i-00000001', { name: 'web-1', tag: 'true' }),
  instance('i-00000002', { name: 'web-2', tag: 'office-hours' }),
  instance('i-00000003', { name: 'db-1', tag: 'new-york', region: 'us-east-1' }),
  instance('i-00000004', { name: 'My Box', tag: 'true' }),
  instance('i-00000005', { name: 'Dup', tag: 'true' }),
  instance('i-00000006', { name: 'DUP', tag: 'true' }),
];

const names = (text: string) => {
  const r = resolveTarget(text, fleet, config);
  return r.ok ? r.target.matched.map((i) => i.tags.Name) : r.error;
};

describe('targets resolve against the fleet, exactly', () => {
  it.each([
    ['all', ['web-1', 'web-2', 'db-1', 'My Box', 'Dup', 'DUP']],
    ['web-1', ['web-1']],
    ['WEB-1', ['web-1']],
    ['web-*', ['web-1', 'web-2']],
    ['WEB-?', ['web-1', 'web-2']],
    ['my box', ['My Box']],
    ['i-00000003', ['db-1']],
    ['new-york', ['db-1']],
    ['schedule:office-hours', ['web-1', 'web-2', 'My Box', 'Dup', 'DUP']],
    ['Dup', ['Dup']],
  ])('%s', (text, expected) => {
    expect(names(text)).toEqual(expected);
  });

  it.each([
    ['web-9', 'No instance named web-9. Did you mean web-1 or web-2?'],
    ['web-9*', 'No instance name matches web-9*. Did you mean web-1 or web-2?'],
    ['dup', '"dup" could be DUP or Dup: type the name exactly'],
    ['i-0123456789abcdef0', 'No instance i-0123456789abcdef0 takes part (tag `stopinator`).'],
    ['nightly', 'No instance is on schedule nightly.'],
  ])('%s is refused: %s', (text, error) => {
    expect(names(text)).toBe(error);
  });

  it('a canonical selector holds the name as the fleet spells it', () => {
    const r = resolveTarget('WEB-1', fleet, config);
    expect(r.ok && r.target.selector).toEqual({ kind: 'name', pattern: 'web-1' });
  });
});

describe('globs match in linear time', () => {
  it.each([
    ['web-*', 'web-1', true],
    ['*-1', 'web-1', true],
    ['w*b*1', 'web-1', true],
    ['w?b-1', 'web-1', true],
    ['web-?', 'web-12', false],
    ['*a*a*a*b', 'aaaa', false],
    ['**', '', true],
    ['a*', 'b', false],
  ])('%s against %s: %s', (pattern, name, expected) => {
    expect(globMatches(compileGlob(pattern), name)).toBe(expected);
  });

  it('a hostile pattern against a long name is answered (a backtracking matcher would not return)', () => {
    const stars = compileGlob(`${'*'.repeat(100)}x`);
    expect(globMatches(stars, 'a'.repeat(256))).toBe(false);
    const evil = compileGlob(`${'*a'.repeat(40)}*b`);
    expect(globMatches(evil, 'a'.repeat(256))).toBe(false);
    expect(globMatches(evil, `${'a'.repeat(255)}b`)).toBe(true);
  });
});
