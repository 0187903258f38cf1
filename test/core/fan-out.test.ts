import { describe, expect, it } from 'vitest';
import type { Account } from '../../src/core/account.js';
import {
  accountRegions,
  BatchMessageError,
  batchAccounts,
  fansOut,
  missingBatches,
  parseBatchMessage,
} from '../../src/core/fan-out.js';

const account = (id: string, regions: number): Account => ({
  id: id.padStart(12, '0'),
  regions: ['eu-west-1', 'us-east-1', 'eu-central-1', 'ap-south-1', 'us-west-2'].slice(0, regions),
  role: 'stopinator-spoke-test',
});
const ids = (batches: Account[][]) => batches.map((b) => b.map((a) => Number(a.id)));

describe('fanning out', () => {
  it('happens above fanOutAbove account-regions, never for the hub’s own account', () => {
    const accounts = [account('1', 2), account('2', 1)];

    expect(accountRegions(accounts)).toBe(3);
    expect(fansOut(accounts, 2)).toBe(true);
    expect(fansOut(accounts, 3)).toBe(false);
    expect(fansOut([], 0)).toBe(false);
  });
});

describe('batches', () => {
  it.each([
    ['one region each, two a batch', [1, 1, 1, 1, 1], 2, [[1, 2], [3, 4], [5]]],
    ['one region each, one a batch', [1, 1, 1], 1, [[1], [2], [3]]],
    [
      'whole accounts: one that does not fit starts the next',
      [2, 2, 1, 3],
      4,
      [
        [1, 2],
        [3, 4],
      ],
    ],
    ['an account larger than a batch is one alone', [1, 5, 1], 3, [[1], [2], [3]]],
    ['all in one when they fit', [1, 2, 1], 20, [[1, 2, 3]]],
  ])('%s', (_, regions, size, expected) => {
    // Prepare
    const accounts = regions.map((n, i) => account(String(i + 1), n));

    // Act
    const batches = batchAccounts(accounts, size);

    // Assess
    expect(ids(batches)).toEqual(expected);
    expect(batches.flat()).toEqual(accounts);
    for (const batch of batches) {
      if (batch.length > 1) expect(accountRegions(batch)).toBeLessThanOrEqual(size);
    }
  });

  it('refuses a batch size that is not a whole number from 1', () => {
    expect(() => batchAccounts([account('1', 1)], 0)).toThrow(RangeError);
  });
});

describe('batch messages', () => {
  const message = {
    runAt: '2026-11-24T19:00:00.000Z',
    scheduledTime: '2026-11-24T19:00:00Z',
    batch: 1,
    batches: 3,
    accounts: [{ id: '111111111111', name: 'dev', regions: ['eu-west-1'], role: 'spoke' }],
  };

  it('read back as sent', () => {
    expect(parseBatchMessage(JSON.stringify(message))).toEqual(message);
  });

  it.each([
    ['not JSON', '{', 'not JSON'],
    ['no accounts', JSON.stringify({ ...message, accounts: [] }), 'accounts'],
    ['a batch past the last', JSON.stringify({ ...message, batch: 3 }), 'batches'],
    [
      'an account without its role',
      JSON.stringify({ ...message, accounts: [{ id: '111111111111', regions: ['eu-west-1'] }] }),
      'accounts.0',
    ],
    [
      'a bad region',
      JSON.stringify({
        ...message,
        accounts: [{ id: '111111111111', regions: ['mars-1'], role: 'spoke' }],
      }),
      'accounts.0',
    ],
  ])('refuses %s', (_, body, problem) => {
    expect(() => parseBatchMessage(body)).toThrow(BatchMessageError);
    expect(() => parseBatchMessage(body)).toThrow(problem);
  });

  it('name the batches not counted done', () => {
    expect(
      missingBatches({ runAt: message.runAt, batches: 4, accounts: [], done: [0, 2] }),
    ).toEqual([1, 3]);
  });
});
