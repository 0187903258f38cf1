import { describe, expect, it } from 'vitest';
import { compareText } from '../../src/core/compare-text.js';

describe('compareText', () => {
  it('orders case-insensitively, then by code point', () => {
    expect(['web-2', 'Web-3', 'api', 'web-1', 'WEB-1', 'db-10', 'db-9'].sort(compareText)).toEqual([
      'api',
      'db-10',
      'db-9',
      'WEB-1',
      'web-1',
      'web-2',
      'Web-3',
    ]);
  });

  it('is zero only for equal texts', () => {
    expect(compareText('a', 'a')).toBe(0);
    expect(compareText('a', 'A')).not.toBe(0);
    expect(Math.sign(compareText('a', 'A'))).toBe(-Math.sign(compareText('A', 'a')));
  });
});
