import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { sendAll, WorkQueueError } from '../../src/aws/work-queue.js';

const sqs = mockClient(SQSClient);
const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/stopinator-test-worker';
const messages = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: String(i), body: `{"batch":${i}}` }));
const noPause = { pauseMs: () => 0 };

type Entries = { Id?: string }[];
const sentIds = () =>
  sqs
    .commandCalls(SendMessageBatchCommand)
    .map((c) => (c.args[0].input.Entries as Entries).map((e) => e.Id));

beforeEach(() => {
  sqs.reset();
});

describe('queueing a run’s batches', () => {
  it('sends 10 entries a call', async () => {
    // Prepare
    sqs.on(SendMessageBatchCommand).callsFake((input: { Entries: Entries }) => ({
      Successful: input.Entries.map((e) => ({ Id: e.Id })),
      Failed: [],
    }));

    // Act
    await sendAll(new SQSClient({ region: 'eu-west-1' }), QUEUE, messages(23), noPause);

    // Assess
    expect(sentIds().map((ids) => ids.length)).toEqual([10, 10, 3]);
  });

  it('sends an entry SQS failed again, and only that one', async () => {
    // Prepare
    let first = true;
    sqs.on(SendMessageBatchCommand).callsFake((input: { Entries: Entries }) => {
      const fail = first ? ['1'] : [];
      first = false;
      return {
        Successful: input.Entries.filter((e) => !fail.includes(e.Id ?? '')).map((e) => ({
          Id: e.Id,
        })),
        Failed: fail.map((Id) => ({ Id, Code: 'InternalError', SenderFault: false })),
      };
    });

    // Act
    await sendAll(new SQSClient({ region: 'eu-west-1' }), QUEUE, messages(3), noPause);

    // Assess
    expect(sentIds()).toEqual([['0', '1', '2'], ['1']]);
  });

  it('fails loudly, naming the entry, when SQS keeps failing it or says it is at fault', async () => {
    // Prepare
    sqs.on(SendMessageBatchCommand).callsFake((input: { Entries: Entries }) => ({
      Successful: input.Entries.filter((e) => e.Id === '0').map((e) => ({ Id: e.Id })),
      Failed: input.Entries.filter((e) => e.Id !== '0').map((e) =>
        e.Id === '1'
          ? { Id: e.Id, Code: 'ServiceUnavailable', SenderFault: false }
          : { Id: e.Id, Code: 'InvalidMessageContents', Message: 'bad', SenderFault: true },
      ),
    }));

    // Act
    const sending = sendAll(new SQSClient({ region: 'eu-west-1' }), QUEUE, messages(3), noPause);

    // Assess
    const error = await sending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkQueueError);
    expect((error as WorkQueueError).unsent.map((u) => u.id).sort()).toEqual(['1', '2']);
    expect((error as Error).message).toContain('2 of 3 batch messages could not be queued');
    expect((error as Error).message).toContain('InvalidMessageContents');
    // The sender's fault is not sent again; the service's is, for every round.
    expect(sentIds()).toEqual([['0', '1', '2'], ['1'], ['1'], ['1']]);
  });

  it('counts an entry SQS gave no result for as unsent', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });

    await expect(
      sendAll(new SQSClient({ region: 'eu-west-1' }), QUEUE, messages(1), noPause),
    ).rejects.toThrow('0 (no result)');
  });
});
