import {
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { RETRY_SETTINGS } from './retry-settings.js';

/** SendMessageBatch takes at most 10 entries and 256 KiB in all. */
export const ENTRIES_PER_CALL = 10;
export const BYTES_PER_CALL = 256 * 1024;
/** Rounds of resending the entries SQS refused for its own reasons (throttling, errors). */
export const SEND_ROUNDS = 4;

export interface QueuedMessage {
  /** Unique among the messages of one send: the batch index. */
  readonly id: string;
  readonly body: string;
}

/** Messages that could not be queued: the run fails loudly with them named. */
export class WorkQueueError extends Error {
  override readonly name = 'WorkQueueError';
  constructor(
    readonly unsent: readonly { readonly id: string; readonly why: string }[],
    total: number,
  ) {
    super(
      `${unsent.length} of ${total} batch messages could not be queued: ${unsent
        .map((u) => `${u.id} (${u.why})`)
        .join('; ')}`,
    );
  }
}

/**
 * Sends every message with SendMessageBatch, 10 (and at most 256 KiB) a call. SQS answers a
 * batch call with a result per entry: each failed entry is sent again (a few rounds, with
 * backoff) unless SQS says the message itself is at fault; whatever is still unsent then is
 * thrown, named. A call that fails as a whole is retried by the SDK, then thrown.
 */
export async function sendAll(
  client: Pick<SQSClient, 'send'>,
  queueUrl: string,
  messages: readonly QueuedMessage[],
  options: { readonly pauseMs?: (round: number) => number } = {},
): Promise<void> {
  const pause = options.pauseMs ?? ((round) => 200 * 2 ** round);
  let pending = [...messages];
  const refused: { id: string; why: string }[] = [];
  for (let round = 0; round < SEND_ROUNDS && pending.length > 0; round++) {
    if (round > 0) await new Promise((resolve) => setTimeout(resolve, pause(round)));
    const again: QueuedMessage[] = [];
    const last = round === SEND_ROUNDS - 1;
    for (const call of calls(pending)) {
      const out = await client.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: call.map(
            (m): SendMessageBatchRequestEntry => ({ Id: m.id, MessageBody: m.body }),
          ),
        }),
      );
      const sent = new Set((out.Successful ?? []).map((s) => s.Id));
      const failed = new Map((out.Failed ?? []).map((f) => [f.Id, f]));
      for (const message of call) {
        if (sent.has(message.id)) continue;
        const failure = failed.get(message.id);
        const why = failure ? `${failure.Code}: ${failure.Message ?? ''}`.trim() : 'no result';
        if (failure?.SenderFault || last) refused.push({ id: message.id, why });
        else again.push(message);
      }
    }
    pending = again;
  }
  if (refused.length > 0) throw new WorkQueueError(refused, messages.length);
}

function* calls(messages: readonly QueuedMessage[]): Generator<QueuedMessage[]> {
  let call: QueuedMessage[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = Buffer.byteLength(message.body) + Buffer.byteLength(message.id);
    if (call.length === ENTRIES_PER_CALL || (call.length > 0 && bytes + size > BYTES_PER_CALL)) {
      yield call;
      call = [];
      bytes = 0;
    }
    call.push(message);
    bytes += size;
  }
  if (call.length > 0) yield call;
}

/**
 * The queue's client, with the SDK's retries for throttled or failed calls. This module is
 * imported only when a run fans out, so other runs never load the SQS client.
 */
export function sqsClient(): SQSClient {
  return new SQSClient({
    ...RETRY_SETTINGS,
    requestHandler: { ...RETRY_SETTINGS.requestHandler },
  });
}
