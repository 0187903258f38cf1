import { describe, expect, it } from 'vitest';
import { timestampProblem } from '../../src/bot/request-age.js';

const NOW_MS = Date.parse('2026-11-24T15:00:00Z');
const NOW_S = NOW_MS / 1000;

describe('the request timestamp window', () => {
  it.each([
    ['now', NOW_S],
    ['300 s behind', NOW_S - 300],
    ['300 s ahead', NOW_S + 300],
  ])('accepts %s', (_label, timestamp) => {
    expect(timestampProblem(String(timestamp), NOW_MS)).toBeUndefined();
  });

  it.each([
    ['301 s behind', String(NOW_S - 301), '301 s behind the clock'],
    ['301 s ahead', String(NOW_S + 301), '301 s ahead of the clock'],
    ['a day ahead', String(NOW_S + 86_400), '86400 s ahead of the clock'],
    ['not a number', 'soon', 'not a number'],
    ['negative', '-5', 'not a number'],
    ['milliseconds', String(NOW_MS), 'ahead of the clock'],
  ])('refuses %s', (_label, header, why) => {
    expect(timestampProblem(header, NOW_MS)).toContain(why);
  });

  it('refuses a request without the header', () => {
    expect(timestampProblem(undefined, NOW_MS)).toBe('no X-Slack-Request-Timestamp header');
  });
});
