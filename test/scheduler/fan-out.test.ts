import { describe, expect, it } from 'vitest';
import { WorkQueueError } from '../../src/aws/work-queue.js';
import type { Account } from '../../src/core/account.js';
import { parseBatchMessage } from '../../src/core/fan-out.js';
import { coordinate, type SendBatches } from '../../src/scheduler/fan-out.js';
import { RunFailedError } from '../../src/scheduler/run-errors.js';
import { memoryLogger, RecordingNotifier } from '../fixtures/memory-ports.js';
import { MemoryRuns } from '../fixtures/memory-runs.js';
import { at, testConfig } from '../fixtures/schedules.js';

const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/stopinator-test-worker';
const accounts: Account[] = ['1', '2', '3'].map((n) => ({
  id: n.repeat(12),
  regions: ['eu-west-1'],
  role: 'stopinator-spoke-test',
}));
const NOW = at('2026-11-24T19:00:00Z');

function setup(send?: SendBatches) {
  const sent: { queueUrl: string; messages: { id: string; body: string }[] }[] = [];
  const notifier = new RecordingNotifier();
  const runs = new MemoryRuns();
  const { log, lines } = memoryLogger();
  const deps = {
    config: testConfig({ scheduler: { fanOutAbove: 2, batchSize: 2 } }),
    notifier,
    log,
    runs,
    queueUrl: QUEUE,
    send:
      send ??
      (async (queueUrl: string, messages: readonly { id: string; body: string }[]) => {
        sent.push({ queueUrl, messages: [...messages] });
      }),
  };
  return { deps, sent, notifier, runs, lines };
}

describe('the coordinator', () => {
  it('works the run itself at or below fanOutAbove account-regions', async () => {
    const { deps, sent, runs } = setup();

    expect(await coordinate(deps, accounts.slice(0, 2), NOW, '2026-11-24T19:00:00Z')).toBe(
      undefined,
    );
    expect(sent).toEqual([]);
    expect(runs.runs.size).toBe(0);
  });

  it('above it, records the run and sends one message per batch of whole accounts', async () => {
    // Prepare
    const { deps, sent, runs } = setup();

    // Act
    const summary = await coordinate(deps, accounts, NOW, '2026-11-24T19:00:00Z');

    // Assess
    expect(summary?.fannedOut).toEqual({ batches: 2, accountRegions: 3 });
    expect(summary?.stopped).toBe(0);
    expect(runs.view('2026-11-24T19:00:00.000Z')).toMatchObject({
      batches: 2,
      accounts: [['111111111111', '222222222222'], ['333333333333']],
      done: [],
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.queueUrl).toBe(QUEUE);
    const messages = (sent[0]?.messages ?? []).map((m) => parseBatchMessage(m.body));
    expect(messages.map((m) => [m.batch, m.batches, m.accounts.map((a) => a.id)])).toEqual([
      [0, 2, ['111111111111', '222222222222']],
      [1, 2, ['333333333333']],
    ]);
    expect(messages[0]).toMatchObject({
      runAt: '2026-11-24T19:00:00.000Z',
      scheduledTime: '2026-11-24T19:00:00Z',
    });
    expect(messages[1]?.accounts[0]).toEqual(accounts[2]);
  });

  it('fails the run loudly when a batch could not be queued', async () => {
    // Prepare
    const { deps, notifier } = setup(async () => {
      throw new WorkQueueError([{ id: '1', why: 'ServiceUnavailable:' }], 2);
    });

    // Act
    const error = await coordinate(deps, accounts, NOW, '2026-11-24T19:00:00Z').catch(
      (e: unknown) => e,
    );

    // Assess
    expect(error).toBeInstanceOf(RunFailedError);
    expect((error as RunFailedError).step).toBe('fan-out');
    expect((error as Error).message).toContain('1 of 2 batch messages could not be queued');
    expect(notifier.alerts).toHaveLength(1);
    expect(notifier.alerts[0]).toContain('could not queue its batches');
  });

  it('alerts once, naming them, the batches of the run before that did not finish', async () => {
    // Prepare
    const { deps, notifier, runs } = setup();
    await coordinate(deps, accounts, NOW, '2026-11-24T19:00:00Z');
    await runs.countDone('2026-11-24T19:00:00.000Z', 0);

    // Act
    await coordinate(deps, accounts, NOW + 300_000, '2026-11-24T19:05:00Z');
    await coordinate(deps, accounts, NOW + 600_000, '2026-11-24T19:10:00Z');

    // Assess
    expect(notifier.alerts).toHaveLength(2);
    expect(notifier.alerts[0]).toContain(
      'Scheduler run 2026-11-24T19:00:00.000Z: 1 of 2 batches did not finish by the next run: batch 1 (333333333333)',
    );
    expect(notifier.alerts[0]).toContain('dead-letter queue');
    expect(notifier.alerts[1]).toContain('Scheduler run 2026-11-24T19:05:00.000Z: 2 of 2 batches');
  });
});
