import type { Account } from '../core/account.js';
import {
  accountRegions,
  type BatchMessage,
  batchAccounts,
  type FanOutRunLog,
  fansOut,
  missingBatches,
} from '../core/fan-out.js';
import type { RunSummary } from '../core/ports.js';
import type { AccountsDeps } from './run-accounts.js';
import { quietly, soft } from './run-alerts.js';
import { RunFailedError } from './run-errors.js';
import { emptySummary } from './run-summary.js';

/** Sends the messages (work-queue.ts, loaded on this path only); throws naming what it could not. */
export type SendBatches = (
  queueUrl: string,
  messages: readonly { readonly id: string; readonly body: string }[],
) => Promise<void>;

export interface CoordinatorDeps extends Pick<AccountsDeps, 'config' | 'notifier' | 'log'> {
  readonly runs: FanOutRunLog;
  /** The worker's queue; without it (local runs, tests), every run works in this invocation. */
  readonly queueUrl?: string | undefined;
  readonly send?: SendBatches;
}

/** The summary of a run that fanned out: the batches tell theirs once all are done. */
export interface FannedOutSummary extends RunSummary {
  readonly fannedOut: { readonly batches: number; readonly accountRegions: number };
}

let warnedNoQueue = false;

/**
 * The coordinator: when the run's account-regions exceed `scheduler.fanOutAbove`, records the
 * run (how many batches, whose accounts), sends one message per batch of whole accounts, and
 * returns; the worker runs them (worker.ts). First it looks at the run before: batches of it
 * not counted done by now are alerted, once, by name, so a batch stuck in retries or in the
 * dead-letter queue is not silent. Undefined when the run does not fan out.
 */
export async function coordinate(
  deps: CoordinatorDeps,
  accounts: readonly Account[],
  now: number,
  scheduledTime: string,
): Promise<FannedOutSummary | undefined> {
  const { config, log } = deps;
  const { fanOutAbove, batchSize } = config.scheduler;
  if (!fansOut(accounts, fanOutAbove)) return undefined;
  if (!deps.queueUrl) {
    if (!warnedNoQueue) {
      warnedNoQueue = true;
      log.warn('STOPINATOR_WORKER_QUEUE_URL is not set: the run is worked here, not fanned out', {
        accountRegions: accountRegions(accounts),
        fanOutAbove,
      });
    }
    return undefined;
  }
  const runAt = new Date(now).toISOString();
  await alertUnfinished(deps, runAt, now);
  const batches = batchAccounts(accounts, batchSize);
  try {
    await deps.runs.record(
      runAt,
      batches.map((b) => b.map((a) => a.id)),
      now,
    );
  } catch (error) {
    throw new RunFailedError('fan-out', `could not record the run at ${runAt}`, { cause: error });
  }
  const messages = batches.map((members, batch) => ({
    id: String(batch),
    body: JSON.stringify({
      runAt,
      scheduledTime,
      batch,
      batches: batches.length,
      accounts: members,
    } satisfies BatchMessage),
  }));
  const send = deps.send ?? defaultSend;
  try {
    await send(deps.queueUrl, messages);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    log.error('could not queue the run’s batches', { runAt, error });
    await quietly(log, 'alert', () =>
      deps.notifier.alert(
        `Scheduler run ${runAt}: could not queue its batches for the worker (${detail}). The run is retried; its accounts are caught up from their own cursors.`,
        detail,
      ),
    );
    throw new RunFailedError('fan-out', `could not queue the batches: ${detail}`, { cause: error });
  }
  const regions = accountRegions(accounts);
  log.info('run fanned out', { runAt, batches: batches.length, accountRegions: regions });
  return {
    ...emptySummary({ from: runAt, to: runAt }),
    fannedOut: { batches: batches.length, accountRegions: regions },
  };
}

const defaultSend: SendBatches = async (queueUrl, messages) => {
  const { sendAll, sqsClient } = await import('../aws/work-queue.js');
  client ??= sqsClient();
  await sendAll(client, queueUrl, messages);
};
let client: import('@aws-sdk/client-sqs').SQSClient | undefined;

/** The run before this one, when batches of it did not finish: one alert naming them. */
async function alertUnfinished(deps: CoordinatorDeps, runAt: string, now: number): Promise<void> {
  const { log } = deps;
  const previous = await soft(log, 'could not read the previous fanned-out run', () =>
    deps.runs.previous(runAt),
  );
  if (!previous || previous.alertedAt) return;
  const missing = missingBatches(previous);
  if (missing.length === 0) return;
  const claimed = await soft(log, 'could not record the alert', () =>
    deps.runs.claimAlert(previous.runAt, now),
  );
  if (!claimed) return;
  const named = missing
    .map((b) => {
      const ids = previous.accounts[b] ?? [];
      return `batch ${b}${ids.length > 0 ? ` (${ids.join(', ')})` : ''}`;
    })
    .join('; ');
  log.error('batches of the previous run did not finish', { runAt: previous.runAt, missing });
  await quietly(log, 'alert', () =>
    deps.notifier.alert(
      `Scheduler run ${previous.runAt}: ${missing.length} of ${previous.batches} batches did not finish by the next run: ${named}. They are retried, then kept in the worker's dead-letter queue; their accounts are caught up from their own cursors by later runs (README "Scale-out").`,
      named,
    ),
  );
}
