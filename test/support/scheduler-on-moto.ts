/**
 * The real scheduler Lambda handler against moto: a configuration file in a temporary
 * directory, the environment the deployed function gets (endpoints pointing at moto, fake
 * credentials, table name), the table created as the deployment creates it, and helpers to
 * launch instances and read their state back from moto.
 *
 *   const moto = useMoto();
 *   const world = useSchedulerOnMoto(moto);   // env set before each test, restored after
 *   const handler = await world.freshHandler(); // a cold start: modules loaded anew
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type _InstanceType,
  DescribeInstancesCommand,
  EC2Client,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  type Tag,
} from '@aws-sdk/client-ec2';
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { createTable } from '../../src/aws/create-table.js';
import type { RunSummary } from '../../src/core/ports.js';
import { TEST_CREDENTIALS, testDynamoClient, testEc2Client } from './aws-clients.js';

export const TABLE = 'stopinator-scheduler-test';
export const REGIONS = ['eu-west-1', 'us-east-1'] as const;
export type Region = (typeof REGIONS)[number];

/** Two regions, two schedules in two zones with different daylight-saving dates. */
export const SCHEDULER_TEST_CONFIG = `
tagKey: stopinator
defaultSchedule: office-hours
regions: [eu-west-1, us-east-1]
schedules:
  office-hours:
    timezone: Europe/Paris
    start: "08:00"
    stop: "20:00"
    days: [mon, tue, wed, thu, fri]
  new-york:
    timezone: America/New_York
    start: "08:00"
    stop: "20:00"
    days: [mon, tue, wed, thu, fri]
slack:
  warningLead: 30m
snooze:
  max: 12h
scheduler:
  interval: 5m
  maxCatchUp: 24h
`;

export type Handler = (event: unknown, context: { awsRequestId?: string }) => Promise<RunSummary>;

// Settings from a developer's shell that would send the handler somewhere other than moto.
const CLEARED = [
  'AWS_PROFILE',
  'AWS_SESSION_TOKEN',
  'AWS_ENDPOINT_URL',
  'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
  'AWS_MAX_ATTEMPTS',
  'AWS_RETRY_MODE',
];

export interface SchedulerOnMoto {
  readonly configFile: string;
  /** Test clients (one attempt, not counted): for seeding and reading back. */
  ec2(region: Region): EC2Client;
  dynamo(): DynamoDBClient;
  /** Sets one variable of the handler's environment for the rest of the test. */
  setEnv(name: string, value: string): void;
  /** The handler as a new cold start would load it, with the environment as it is now. */
  freshHandler(): Promise<Handler>;
  /** Lines the handler logged (JSON), captured instead of printed. */
  readonly logs: Record<string, unknown>[];
  /**
   * From now on, the EC2 commands the code under test sends (not the test clients'), in
   * order. moto changes states at once, so a StopInstances sent is an instance stopped.
   */
  recordEc2Commands(): SentCommand[];
}

export interface SentCommand {
  /** "StopInstances" */
  readonly name: string;
  readonly input: Readonly<Record<string, unknown>>;
}

export function useSchedulerOnMoto(
  moto: { endpoint(): string; reset(): Promise<void> },
  config = SCHEDULER_TEST_CONFIG,
): SchedulerOnMoto {
  let dir = '';
  let configFile = '';
  let clients = new Map<string, EC2Client>();
  let dynamo: DynamoDBClient | undefined;
  const saved = new Map<string, string | undefined>();
  const logs: Record<string, unknown>[] = [];
  const spies: { mockRestore(): void }[] = [];

  const setEnv = (name: string, value: string | undefined) => {
    if (!saved.has(name)) saved.set(name, process.env[name]);
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'stopinator-scheduler-'));
    configFile = join(dir, 'stopinator.yml');
    writeFileSync(configFile, config);
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    await moto.reset();
    clients = new Map();
    dynamo = testDynamoClient(moto.endpoint(), 'eu-west-1');
    await createTable(dynamo, TABLE);
    for (const name of CLEARED) setEnv(name, undefined);
    setEnv('AWS_ENDPOINT_URL_EC2', moto.endpoint());
    setEnv('AWS_ENDPOINT_URL_DYNAMODB', moto.endpoint());
    setEnv('AWS_ENDPOINT_URL_RDS', moto.endpoint());
    setEnv('AWS_ENDPOINT_URL_AUTO_SCALING', moto.endpoint());
    // moto has no Pricing API: its answer is a quick refusal, never a call to AWS.
    setEnv('AWS_ENDPOINT_URL_PRICING', moto.endpoint());
    setEnv('AWS_REGION', 'eu-west-1');
    setEnv('AWS_ACCESS_KEY_ID', TEST_CREDENTIALS.accessKeyId);
    setEnv('AWS_SECRET_ACCESS_KEY', TEST_CREDENTIALS.secretAccessKey);
    setEnv('STOPINATOR_TABLE', TABLE);
    setEnv('STOPINATOR_CONFIG_FILE', configFile);
    setEnv('LOG_LEVEL', 'info');
    logs.length = 0;
    // The handler's logger writes JSON lines to stdout; keep them for the assertions.
    const write = process.stdout.write.bind(process.stdout);
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(((
      chunk: unknown,
      ...rest: unknown[]
    ) => {
      if (typeof chunk === 'string' && chunk.startsWith('{"level"')) {
        logs.push(JSON.parse(chunk));
        return true;
      }
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write);
    spies.push(stdout);
  });
  afterEach(() => {
    for (const spy of spies.splice(0)) spy.mockRestore();
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    saved.clear();
  });

  return {
    get configFile() {
      return configFile;
    },
    ec2(region) {
      let client = clients.get(region);
      if (!client) {
        client = testEc2Client(moto.endpoint(), region);
        clients.set(region, client);
      }
      return client;
    },
    dynamo() {
      if (!dynamo) throw new Error('use dynamo() inside tests or hooks');
      return dynamo;
    },
    setEnv,
    async freshHandler() {
      vi.resetModules();
      const module = await import('../../src/scheduler/handler.js');
      return module.handler;
    },
    logs,
    recordEc2Commands() {
      const sent: SentCommand[] = [];
      const send = EC2Client.prototype.send;
      // The handler's clients are built inside it; the class is shared, so watch the class.
      const spy = vi.spyOn(EC2Client.prototype, 'send').mockImplementation(function (
        this: EC2Client,
        ...args: Parameters<EC2Client['send']>
      ) {
        const [command] = args as unknown as [{ constructor: { name: string }; input: object }];
        const isTestClient = [...clients.values()].includes(this);
        if (!isTestClient) {
          sent.push({
            name: command.constructor.name.replace(/Command$/, ''),
            input: command.input as Record<string, unknown>,
          });
        }
        return (send as (...a: unknown[]) => ReturnType<EC2Client['send']>).apply(this, args);
      } as EC2Client['send']);
      spies.push(spy);
      return sent;
    },
  };
}

/** One RunInstances call per instance (moto's MaxResults counts reservations). */
export async function launch(
  client: EC2Client,
  count: number,
  tags: Record<string, string>,
  options: { readonly instanceType?: string } = {},
): Promise<string[]> {
  const ids: string[] = [];
  const Tags: Tag[] = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
  for (let i = 0; i < count; i++) {
    const { Instances } = await client.send(
      new RunInstancesCommand({
        ImageId: 'ami-12c6146b',
        ...(options.instanceType ? { InstanceType: options.instanceType as _InstanceType } : {}),
        MinCount: 1,
        MaxCount: 1,
        ...(Tags.length > 0 ? { TagSpecifications: [{ ResourceType: 'instance', Tags }] } : {}),
      }),
    );
    const id = Instances?.[0]?.InstanceId;
    if (!id) throw new Error('RunInstances returned no instance id');
    ids.push(id);
  }
  return ids;
}

/** Instance id to state name, as moto holds them now. */
export async function statesOf(
  client: EC2Client,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const states = new Map<string, string>();
  if (ids.length === 0) return states;
  const { Reservations } = await client.send(
    new DescribeInstancesCommand({ InstanceIds: [...ids] }),
  );
  for (const reservation of Reservations ?? []) {
    for (const instance of reservation.Instances ?? []) {
      if (instance.InstanceId) states.set(instance.InstanceId, instance.State?.Name ?? '?');
    }
  }
  return states;
}

/** What a person does in the console: no stop mark, no stopinator involved. */
export async function stopByHand(client: EC2Client, ids: string[]): Promise<void> {
  await client.send(new StopInstancesCommand({ InstanceIds: ids }));
}

export async function startByHand(client: EC2Client, ids: string[]): Promise<void> {
  await client.send(new StartInstancesCommand({ InstanceIds: ids }));
}

/** Every 5 minutes from `from` to `to`, both included, as EventBridge Scheduler fires. */
export function* everyFiveMinutes(from: string, to: string): Generator<string> {
  const end = Date.parse(to);
  for (let at = Date.parse(from); at <= end; at += 300_000) {
    yield new Date(at).toISOString();
  }
}

/**
 * Invokes the handler as EventBridge Scheduler does, `{"scheduledTime": ...}`, a second after
 * that time: Date reads the scheduled time (the handler refuses a scheduledTime far from its
 * clock), while stop marks keep the real time moto stamps stops with (see handler.ts).
 */
export async function invoke(handler: Handler, scheduledTime: string): Promise<RunSummary> {
  if (vi.isFakeTimers())
    return handler({ scheduledTime }, { awsRequestId: `test-${scheduledTime}` });
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(Date.parse(scheduledTime) + 1_000);
  try {
    return await handler({ scheduledTime }, { awsRequestId: `test-${scheduledTime}` });
  } finally {
    vi.useRealTimers();
  }
}
