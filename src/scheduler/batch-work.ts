import { BatchTooLargeError } from '../aws/fan-out-runs.js';
import type { Account } from '../core/account.js';
import type { BatchMessage, FanOutRunLog } from '../core/fan-out.js';
import {
  type AccountOutcome,
  type AccountsDeps,
  reportAccounts,
  runAccounts,
} from './run-accounts.js';
import { RunFailedError } from './run-errors.js';

export interface BatchWorkDeps extends AccountsDeps {
  readonly runs: FanOutRunLog;
}

/** What became of a batch: `failed` asks SQS to deliver it again (batchItemFailures). */
export interface BatchResult {
  readonly failed: boolean;
  /** Whether this batch completed the run and told its summary. */
  readonly reported: boolean;
  readonly outcomes: readonly AccountOutcome[];
}

/**
 * One batch of a fanned-out run: its accounts' runs (runAccounts, for the run's instant), their
 * outcomes saved, the batch counted done on the run's record. The worker whose count completes
 * the run tells it, once, with every batch's outcomes: one warning, one summary. A batch whose
 * accounts failed for another reason than being unreachable or unlisted (those are alerted once
 * per outage and caught up) is neither saved nor counted: it fails, and is delivered again.
 */
export async function workBatch(
  deps: BatchWorkDeps,
  message: BatchMessage,
  accounts: readonly Account[],
): Promise<BatchResult> {
  const { log, runs } = deps;
  const now = Date.parse(message.runAt);
  const outcomes = await runAccounts(deps, accounts, now);
  const failed = outcomes.filter((o) => o.error && o.error.step !== 'list-instances');
  if (failed.length > 0) {
    log.error('batch failed: it is delivered again', {
      runAt: message.runAt,
      batch: message.batch,
      accounts: failed.map((o) => ({ account: o.account, ...o.error })),
    });
    return { failed: true, reported: false, outcomes };
  }
  await saveOutcomes(deps, message, outcomes);
  const run = await runs.countDone(message.runAt, message.batch);
  log.info('batch done', {
    runAt: message.runAt,
    batch: message.batch,
    done: run.done.length,
    batches: run.batches,
  });
  if (run.done.length < run.batches || run.reportedAt) {
    return { failed: false, reported: false, outcomes };
  }
  if (!(await runs.claimReport(message.runAt, Date.now()))) {
    return { failed: false, reported: false, outcomes };
  }
  const saved = await runs.batchOutcomes(message.runAt);
  const all = [...saved.entries()]
    .sort(([a], [b]) => a - b)
    .flatMap(([, batch]) => batch as AccountOutcome[]);
  try {
    await reportAccounts(deps, all, now);
  } catch (error) {
    // The run's own failure (every account unlisted): alerted per outage already. This batch
    // did its work, and delivering it again would change nothing.
    if (!(error instanceof RunFailedError)) throw error;
    log.error('the fanned-out run failed', { runAt: message.runAt, error });
  }
  return { failed: false, reported: true, outcomes };
}

/** An item too large (thousands of instances in one batch) keeps its counts, not every line. */
async function saveOutcomes(
  deps: BatchWorkDeps,
  message: BatchMessage,
  outcomes: readonly AccountOutcome[],
): Promise<void> {
  try {
    await deps.runs.saveBatch(message.runAt, message.batch, outcomes);
  } catch (error) {
    if (!(error instanceof BatchTooLargeError)) throw error;
    deps.log.warn('batch outcomes too large: saved without their decisions', {
      runAt: message.runAt,
      batch: message.batch,
      error,
    });
    await deps.runs.saveBatch(
      message.runAt,
      message.batch,
      outcomes.map(({ done, ...rest }) => ({
        ...rest,
        ...(done
          ? {
              done: {
                plan: { ...done.plan, decisions: [], warnings: [] },
                failures: done.failures,
              },
            }
          : {}),
      })),
    );
  }
}
