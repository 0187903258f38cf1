import { QueryCommand } from '@aws-sdk/client-dynamodb';
import type { EC2Client } from '@aws-sdk/client-ec2';
import {
  CreateQueueCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SqsBatchResponse, SqsEvent } from '../../src/scheduler/worker.js';
import { accountEc2 } from '../support/accounts-on-moto.js';
import { TEST_CREDENTIALS } from '../support/aws-clients.js';
import { AwsFaultProxy, dynamoFault } from '../support/aws-fault-proxy.js';
import { useMoto } from '../support/moto.js';
import {
  everyFiveMinutes,
  type Handler,
  invoke,
  launch,
  statesOf,
  TABLE,
  useSchedulerOnMoto,
} from '../support/scheduler-on-moto.js';

// Tuesday 24 November 2026, office-hours stops at 20:00 Paris (19:00Z). Three member accounts
// of one region each: above fanOutAbove (2), so every run fans out, two accounts a batch.
const ACCOUNTS = ['111111111111', '222222222222', '333333333333'];
const REGION = 'eu-west-1';
const CONFIG = `
tagKey: stopinator
defaultSchedule: office-hours
regions: [eu-west-1]
resources: [ec2]
accounts:
${ACCOUNTS.map((id) => `  - id: "${id}"`).join('\n')}
scheduler:
  fanOutAbove: 2
  batchSize: 2
schedules:
  office-hours:
    timezone: Europe/Paris
    start: "08:00"
    stop: "20:00"
    days: [mon, tue, wed, thu, fri]
`;

type Worker = (event: SqsEvent, context: { awsRequestId?: string }) => Promise<SqsBatchResponse>;

const moto = useMoto();
const world = useSchedulerOnMoto(moto, CONFIG);
const proxy = new AwsFaultProxy(() => moto.endpoint());
const ec2 = new Map<string, EC2Client>();
let sqs: SQSClient;
let queueUrl = '';

beforeAll(async () => {
  await proxy.start();
});
afterAll(async () => {
  await proxy.stop();
});
beforeEach(async () => {
  proxy.clear();
  world.setEnv('AWS_ENDPOINT_URL_DYNAMODB', proxy.url);
  world.setEnv('AWS_ENDPOINT_URL_STS', moto.endpoint());
  world.setEnv('AWS_ENDPOINT_URL_SQS', moto.endpoint());
  world.setEnv('SPOKE_EXTERNAL_ID', 'test-external-id');
  world.setEnv('STOPINATOR_STAGE', 'test');
  sqs = new SQSClient({
    endpoint: moto.endpoint(),
    region: REGION,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
  ({ QueueUrl: queueUrl = '' } = await sqs.send(
    new CreateQueueCommand({ QueueName: 'stopinator-test-worker' }),
  ));
  world.setEnv('STOPINATOR_WORKER_QUEUE_URL', queueUrl);
  ec2.clear();
  for (const account of ACCOUNTS)
    ec2.set(account, await accountEc2(moto.endpoint(), account, REGION));
});

async function functions(): Promise<{ coordinator: Handler; worker: Worker }> {
  const coordinator = await world.freshHandler();
  const { handler: worker } = await import('../../src/scheduler/worker.js');
  return { coordinator, worker };
}

/** Everything on the queue now, as Lambda's poller receives it (each becomes invisible). */
async function receiveAll(): Promise<Message[]> {
  const messages: Message[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
    );
    if (Messages.length === 0) return messages;
    messages.push(...Messages);
  }
}

/** The SQS event Lambda's event source mapping builds, one message (batchSize 1). */
function sqsEvent(message: Message): SqsEvent {
  return {
    Records: [
      {
        messageId: message.MessageId ?? '',
        body: message.Body ?? '',
        attributes: {
          ApproximateReceiveCount: message.Attributes?.ApproximateReceiveCount ?? '1',
        },
      },
    ],
  };
}

/** Calls the worker at the run's time (as invoke does for the coordinator). */
async function work(worker: Worker, at: string, message: Message): Promise<SqsBatchResponse> {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(Date.parse(at) + 20_000);
  try {
    return await worker(sqsEvent(message), { awsRequestId: `worker-${message.MessageId}` });
  } finally {
    vi.useRealTimers();
  }
}

/** A run as the deployed stack makes it: the coordinator, then a worker per message. */
async function run(fns: { coordinator: Handler; worker: Worker }, at: string) {
  const summary = await invoke(fns.coordinator, at);
  const messages = await receiveAll();
  const results = [];
  for (const message of messages) results.push(await work(fns.worker, at, message));
  return { summary, messages, results };
}

const logged = (message: string) => world.logs.filter((line) => line.message === message);

async function runRecord(runAt: string) {
  const { Items = [] } = await world.dynamo().send(
    new QueryCommand({
      TableName: TABLE,
      KeyConditionExpression: 'pk = :pk AND sk = :sk',
      ExpressionAttributeValues: { ':pk': { S: 'run' }, ':sk': { S: runAt } },
    }),
  );
  return Items[0];
}

describe('a run fanned out to the worker through SQS', () => {
  it('stops every account’s instances at 20:00 Paris, with one warning and one summary per run', async () => {
    // Prepare
    const instances = new Map<string, string[]>();
    for (const account of ACCOUNTS)
      instances.set(
        account,
        await launch(ec2.get(account) as EC2Client, 1, { stopinator: 'office-hours' }),
      );
    const fns = await functions();

    // Act
    const runs = [];
    // From 18:25: the warning is due at 18:30, the lead before the stop.
    for (const at of everyFiveMinutes('2026-11-24T18:25:00Z', '2026-11-24T19:05:00Z'))
      runs.push(await run(fns, at));

    // Assess
    for (const { summary, messages, results } of runs) {
      expect(summary).toMatchObject({ fannedOut: { batches: 2, accountRegions: 3 } });
      expect(messages).toHaveLength(2);
      expect(results).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    }
    for (const account of ACCOUNTS) {
      const ids = instances.get(account) as string[];
      expect([...(await statesOf(ec2.get(account) as EC2Client, ids)).values()]).toEqual([
        'stopped',
      ]);
    }
    // A summary when a run acted, as without fanning out: the 19:00 run's, all three accounts.
    const summaries = logged('run summary');
    expect(summaries.map((s) => [s.stopped, s.failed])).toEqual([[3, 0]]);
    const warnings = logged('stop warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.instances).toHaveLength(3);
    expect(logged('run fanned out')).toHaveLength(runs.length);
    expect(world.logs.filter((l) => String(l.message).startsWith('ALERT: '))).toEqual([]);
    const record = await runRecord('2026-11-24T19:00:00.000Z');
    expect(record?.done?.NS?.sort()).toEqual(['0', '1']);
    expect(record?.reportedAt?.S).toBeDefined();
  }, 120_000);

  it('reports a failing batch in batchItemFailures; delivered again, it is counted once and the run told once', async () => {
    // Prepare
    const last = ACCOUNTS[2] as string;
    const ids = await launch(ec2.get(last) as EC2Client, 1, { stopinator: 'office-hours' });
    const fns = await functions();
    await run(fns, '2026-11-24T18:55:00Z');
    const summariesBefore = logged('run summary').length;
    // The third account's cursor cannot be read: its batch fails, not as an unreachable account.
    const refuse = proxy.add({
      operation: 'GetItem',
      bodyIncludes: `scheduler@${last}`,
      effect: { fault: dynamoFault('AccessDeniedException', 'not authorized') },
    });

    // Act
    const failing = await run(fns, '2026-11-24T19:00:00Z');
    const afterFailure = {
      states: [...(await statesOf(ec2.get(last) as EC2Client, ids)).values()],
      summaries: logged('run summary').length - summariesBefore,
    };
    refuse();
    const failedMessage = failing.messages[
      failing.results.findIndex((r) => r.batchItemFailures.length > 0)
    ] as Message;
    const redelivered = await work(fns.worker, '2026-11-24T19:00:00Z', failedMessage);
    const doneMessage = failing.messages.find((m) => m !== failedMessage) as Message;
    const twice = await work(fns.worker, '2026-11-24T19:00:00Z', doneMessage);

    // Assess
    expect(failing.results.map((r) => r.batchItemFailures)).toEqual([
      [],
      [{ itemIdentifier: failedMessage.MessageId }],
    ]);
    expect(afterFailure).toEqual({ states: ['running'], summaries: 0 });
    expect(redelivered).toEqual({ batchItemFailures: [] });
    expect(twice).toEqual({ batchItemFailures: [] });
    expect([...(await statesOf(ec2.get(last) as EC2Client, ids)).values()]).toEqual(['stopped']);
    const summaries = logged('run summary').slice(summariesBefore);
    expect(summaries).toHaveLength(1);
    expect(summaries[0]?.stopped).toBe(1);
    const record = await runRecord('2026-11-24T19:00:00.000Z');
    expect(record?.done?.NS?.sort()).toEqual(['0', '1']);
  }, 120_000);

  it('alerts at the next run the batches of a run that did not finish, naming their accounts', async () => {
    // Prepare
    const fns = await functions();
    await invoke(fns.coordinator, '2026-11-24T18:55:00Z');
    const [first] = await receiveAll();
    await work(fns.worker, '2026-11-24T18:55:00Z', first as Message);

    // Act: the second batch never ran (its message went to the dead-letter queue)
    await run(fns, '2026-11-24T19:00:00Z');

    // Assess
    const alerts = world.logs.map((l) => String(l.message)).filter((m) => m.startsWith('ALERT: '));
    expect(alerts).toEqual([
      expect.stringContaining(
        `Scheduler run 2026-11-24T18:55:00.000Z: 1 of 2 batches did not finish by the next run: batch 1 (${ACCOUNTS[2]})`,
      ),
    ]);
  }, 120_000);
});
