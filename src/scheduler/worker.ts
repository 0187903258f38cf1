import { configuredAccounts } from '../core/account.js';
import { type BatchMessage, parseBatchMessage } from '../core/fan-out.js';
import { workBatch } from './batch-work.js';
import { type SchedulerWiring, wireScheduler } from './scheduler-wiring.js';

/** The part of Lambda's SQS event the worker reads. */
export interface SqsEvent {
  readonly Records: readonly {
    readonly messageId: string;
    readonly body: string;
    readonly attributes?: { readonly ApproximateReceiveCount?: string };
  }[];
}

/** With `functionResponseType: ReportBatchItemFailures`: the messages SQS delivers again. */
export interface SqsBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

let wiring: Promise<SchedulerWiring> | undefined;

/**
 * The scale-out worker (README "Scale-out"): the queue's event source mapping invokes it with
 * the coordinator's batch messages. Each is worked on its own (batch-work.ts); a message whose
 * work failed is reported in batchItemFailures, so SQS delivers that one again and, after the
 * queue's maxReceiveCount, keeps it in the dead-letter queue.
 */
export async function handler(
  event: SqsEvent,
  context: { awsRequestId?: string; getRemainingTimeInMillis?: () => number },
): Promise<SqsBatchResponse> {
  wiring ??= wireScheduler(process.env, 'stopinator-worker').catch((error) => {
    wiring = undefined;
    throw error;
  });
  const { deps, runs, carried } = await wiring;
  const remaining = context?.getRemainingTimeInMillis;
  const configured = new Map(
    configuredAccounts(deps.config, process.env.STOPINATOR_STAGE?.trim() || 'dev').map((a) => [
      a.id,
      a,
    ]),
  );
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const record of event.Records ?? []) {
    const log = deps.log.with({
      requestId: context?.awsRequestId,
      messageId: record.messageId,
      receiveCount: record.attributes?.ApproximateReceiveCount,
    });
    let message: BatchMessage;
    try {
      message = parseBatchMessage(record.body);
    } catch (error) {
      // Never right however often delivered: it goes to the dead-letter queue to be looked at.
      log.error('refused a batch message', { error });
      batchItemFailures.push({ itemIdentifier: record.messageId });
      continue;
    }
    // The configuration's view of an account wins; the message's is what discovery found.
    const accounts = message.accounts.map((a) => configured.get(a.id) ?? a);
    for (const account of accounts) carried.set(account.id, account);
    try {
      const result = await workBatch(
        {
          ...deps,
          runs,
          log: log.with({ runAt: message.runAt, batch: message.batch }),
          ...(remaining ? { remainingMs: () => remaining.call(context) } : {}),
        },
        message,
        accounts,
      );
      if (result.failed) batchItemFailures.push({ itemIdentifier: record.messageId });
    } catch (error) {
      log.error('batch failed: it is delivered again', { runAt: message.runAt, error });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
