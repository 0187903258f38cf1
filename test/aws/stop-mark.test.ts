import { describe, expect, it } from 'vitest';
import { callInBatches } from '../../src/aws/batch-split.js';
import { parseStateTransitionTime, parseStopMark } from '../../src/aws/state-transition.js';
import { type InstanceState, stoppedByStopinator } from '../../src/core/instance.js';

const MARK = Date.parse('2026-11-24T20:00:00Z');
const MINUTE = 60_000;

describe('parseStateTransitionTime', () => {
  it.each([
    ['User initiated (2026-11-24 21:00:00 GMT)', Date.parse('2026-11-24T21:00:00Z')],
    ['User initiated (2026-11-24 21:00:07 UTC)', Date.parse('2026-11-24T21:00:07Z')],
    ['Server.ScheduledStop (2026-03-29 01:59:59 GMT)', Date.parse('2026-03-29T01:59:59Z')],
    ['', undefined],
    [undefined, undefined],
    ['Client.UserInitiatedShutdown: User initiated shutdown', undefined],
    ['User initiated (2026-02-30 10:00:00 GMT)', undefined],
    ['User initiated (2026-11-24 21:00:00 CET)', undefined],
  ])('%j -> %s', (reason, expected) => {
    expect(parseStateTransitionTime(reason)).toBe(expected);
  });
});

describe('parseStopMark', () => {
  it.each([
    ['2026-11-24T20:00:00.000Z', MARK],
    ['not a time', undefined],
    [undefined, undefined],
  ])('%j -> %s', (value, expected) => {
    expect(parseStopMark(value)).toBe(expected);
  });
});

describe('stoppedByStopinator', () => {
  it.each<[string, number | undefined, InstanceState, number | undefined, boolean]>([
    ['stopped with a mark and a matching stop time', MARK, 'stopped', MARK + 5_000, true],
    ['still stopping', MARK, 'stopping', MARK + MINUTE, true],
    ['EC2 gives no stop time: the mark is trusted', MARK, 'stopped', undefined, true],
    ['stop time 10 minutes after the mark', MARK, 'stopped', MARK + 10 * MINUTE, true],
    ['stop time 10 minutes before the mark', MARK, 'stopped', MARK - 10 * MINUTE, true],
    ['stopped by hand later, old mark left', MARK, 'stopped', MARK + 10 * MINUTE + 1_000, false],
    ['stopped by hand before the mark', MARK, 'stopped', MARK - 3 * 60 * MINUTE, false],
    ['no mark', undefined, 'stopped', MARK, false],
    ['running with a mark', MARK, 'running', MARK, false],
    ['pending with a mark', MARK, 'pending', MARK, false],
  ])('%s', (_, markAt, state, transitionAt, expected) => {
    expect(stoppedByStopinator(markAt, state, transitionAt)).toBe(expected);
  });
});

describe('callInBatches', () => {
  it('isolates the failing items by halving, and keeps going after them', async () => {
    // Prepare
    const calls: number[][] = [];
    const call = async (batch: number[]) => {
      calls.push(batch);
      if (batch.includes(3)) throw new Error('three');
    };

    // Act
    const result = await callInBatches([1, 2, 3, 4, 5, 6, 7], call, { batchSize: 4 });

    // Assess
    expect(result.done).toEqual([1, 2, 4, 5, 6, 7]);
    expect(result.refused).toEqual([{ item: 3, error: new Error('three') }]);
    expect(calls).toEqual([[1, 2, 3, 4], [1, 2], [3, 4], [3], [4], [5, 6, 7]]);
  });

  it('refuses a whole batch without splitting when told the error is not worth it', async () => {
    // Act
    const result = await callInBatches(['a', 'b'], () => Promise.reject(new Error('slow down')), {
      batchSize: 10,
      worthSplitting: () => false,
    });

    // Assess
    expect(result.refused.map(({ item }) => item)).toEqual(['a', 'b']);
  });

  it('rejects a batch size that is not a positive integer', async () => {
    await expect(callInBatches([1], async () => {}, { batchSize: 0 })).rejects.toThrow(RangeError);
  });
});
