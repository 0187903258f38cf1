import type { RunSummary } from '../core/ports.js';
import { coordinate } from './fan-out.js';
import { reportAccounts, runAccounts } from './run-accounts.js';
import { RunFailedError } from './run-errors.js';
import { checkedRunInstant, runInstant } from './scheduled-time.js';
import { type SchedulerWiring, wireScheduler } from './scheduler-wiring.js';

let wiring: Promise<SchedulerWiring> | undefined;

/** EventBridge Scheduler target: `{"scheduledTime": "<aws.scheduler.scheduled-time>"}`. */
export async function handler(
  event: unknown,
  context: { awsRequestId?: string; getRemainingTimeInMillis?: () => number },
): Promise<RunSummary> {
  wiring ??= wireScheduler(process.env).catch((error) => {
    wiring = undefined;
    throw error;
  });
  const { deps, accounts, runs } = await wiring;
  const at = runInstant(event, Date.now);
  const log = deps.log.with({
    requestId: context?.awsRequestId,
    scheduledTime: new Date(at).toISOString(),
  });
  const checked = checkedRunInstant(at, Date.now(), deps.config.scheduler.intervalMinutes);
  if (!checked.ok) {
    log.error(checked.why, { scheduledTime: new Date(at).toISOString() });
    await deps.notifier
      .alert(`Scheduler run refused: ${checked.why}.`)
      .catch((error: unknown) => log.error('could not send the alert', { error }));
    throw new RunFailedError('scheduled-time', checked.why);
  }
  const remaining = context?.getRemainingTimeInMillis;
  const run = {
    ...deps,
    log,
    ...(remaining ? { remainingMs: () => remaining.call(context) } : {}),
  };
  const current = await accounts.current(checked.at);
  const queueUrl = process.env.STOPINATOR_WORKER_QUEUE_URL?.trim();
  const fannedOut = await coordinate(
    { ...run, runs, queueUrl },
    current,
    checked.at,
    new Date(at).toISOString(),
  );
  if (fannedOut) return fannedOut;
  const outcomes = await runAccounts(run, current, checked.at);
  return reportAccounts(run, outcomes, checked.at);
}
