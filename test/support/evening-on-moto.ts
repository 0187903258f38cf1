/**
 * Both Lambda handlers, the bot and the scheduler, on one moto and one recording Slack, for
 * tests that play out an evening: people type commands and press buttons at simulated times,
 * the scheduler runs at simulated times in between.
 *
 * Clocks: Date reads the simulated time while the bot answers (Slack requests are signed with
 * it) and while the scheduler runs (its scheduledTime is checked against Date). Stop marks keep
 * the real time either way (the scheduler's wall clock is the performance timeline), because
 * moto stamps stops with the real clock and the mark must agree (see stoppedByStopinator).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, vi } from 'vitest';
import { createTable } from '../../src/aws/create-table.js';
import { type StopinatorTable, stopinatorTable } from '../../src/aws/dynamo-store.js';
import type { HttpApiEvent } from '../../src/bot/lambda-event.js';
import type { RunSummary } from '../../src/core/ports.js';
import { TEST_CREDENTIALS, testDynamoClient, testEc2Client } from './aws-clients.js';
import { useMoto } from './moto.js';
import { launch, startByHand, statesOf, stopByHand } from './scheduler-on-moto.js';
import { SlackRecorder } from './slack-recorder.js';
import {
  actionBody,
  BOT_TOKEN,
  buttonClick,
  commandBody,
  SIGNING_SECRET,
  signedEvent,
} from './slack-request.js';

export const EVENING_TABLE = 'stopinator-evening-test';
export const EVENING_CHANNEL = 'C0STOPINATOR';

/** The configuration: office-hours 08:00–20:00 Mon–Fri Paris, warnings 30 min ahead, cap 12 h. */
export const EVENING_CONFIG = `
defaultSchedule: office-hours
regions: [eu-west-1]
schedules:
  office-hours: { timezone: Europe/Paris, start: "08:00", stop: "20:00" }
slack: { channel: ${EVENING_CHANNEL}, warningLead: 30m }
snooze: { defaultDuration: 2h, max: 12h }
scheduler: { interval: 5m, maxCatchUp: 24h }
`;

export const PEOPLE = {
  alice: { userId: 'U0ALICE', userName: 'alice' },
  bob: { userId: 'U0BOB', userName: 'bob' },
} as const;
export type Person = keyof typeof PEOPLE;

type BotHandler = (
  event: HttpApiEvent,
  context: unknown,
) => Promise<{ statusCode: number; body: string }>;
type SchedulerHandler = (event: unknown, context: { awsRequestId?: string }) => Promise<RunSummary>;

export interface Reply {
  readonly text: string;
  readonly blocks: unknown[];
  /** Everything the reply shows, as one string. */
  readonly shown: string;
}

export interface Evening {
  readonly slack: SlackRecorder;
  table(): StopinatorTable;
  /** moto's address (for clients of other accounts). */
  endpoint(): string;
  /** One instance in eu-west-1 with the Name and stopinator tags (and an instance type). */
  launch(name: string, tag?: string, instanceType?: string): Promise<string>;
  stopByHand(name: string): Promise<void>;
  startByHand(name: string): Promise<void>;
  /** moto's state for a name. */
  state(name: string): Promise<string>;
  /** `/stopinator <text>` typed by `who` at the simulated instant `at`. */
  command(who: Person, at: string, text: string): Promise<Reply>;
  /** A click on one of a posted message's buttons at `at`; Slack sends the message as shown now. */
  press(
    who: Person,
    at: string,
    message: { ts: string; blocks: unknown[] },
    actionId: string,
  ): Promise<void>;
  /** A signed request with a body of Slack's own (an Events API callback, a home tab click). */
  send(
    at: string,
    body: string,
    contentType: string,
  ): Promise<{ statusCode: number; body: string }>;
  /** Scheduler runs at each 5-minute boundary from after the last run up to `until`. */
  runUntil(until: string): Promise<RunSummary[]>;
  /** Scheduler runs at exactly these instants (a missed run is caught up by the next). */
  runAt(...instants: string[]): Promise<void>;
}

/** `env` adds to (or overrides) the functions' environment. */
export function useEveningOnMoto(
  config = EVENING_CONFIG,
  env: Readonly<Record<string, string>> = {},
): Evening {
  const moto = useMoto();
  const slack = new SlackRecorder();
  const ids = new Map<string, string>();
  const saved: Record<string, string | undefined> = {};
  let bot: BotHandler | undefined;
  let scheduler: SchedulerHandler | undefined;
  let lastRun: number | undefined;

  beforeAll(async () => {
    await slack.start();
    const dir = mkdtempSync(join(tmpdir(), 'stopinator-evening-'));
    const configFile = join(dir, 'stopinator.config.yml');
    writeFileSync(configFile, config);
    const settings: Record<string, string> = {
      AWS_ENDPOINT_URL_EC2: moto.endpoint(),
      AWS_ENDPOINT_URL_DYNAMODB: moto.endpoint(),
      AWS_ENDPOINT_URL_RDS: moto.endpoint(),
      AWS_ENDPOINT_URL_AUTO_SCALING: moto.endpoint(),
      // Member accounts' roles: moto's STS accepts any, and its credentials act in that account.
      AWS_ENDPOINT_URL_STS: moto.endpoint(),
      // moto has no Pricing API: its answer is a quick refusal, never a call to AWS.
      AWS_ENDPOINT_URL_PRICING: moto.endpoint(),
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
      STOPINATOR_TABLE: EVENING_TABLE,
      STOPINATOR_CONFIG_FILE: configFile,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: slack.apiUrl,
      LOG_LEVEL: 'error',
      ...env,
    };
    for (const [key, value] of Object.entries(settings)) {
      saved[key] = process.env[key];
      process.env[key] = value;
    }
  });

  beforeEach(async () => {
    await moto.reset();
    slack.clear();
    ids.clear();
    lastRun = undefined;
    await createTable(testDynamoClient(moto.endpoint()), EVENING_TABLE);
    vi.resetModules();
    bot = (await import('../../src/bot/handler.js')).handler as BotHandler;
    scheduler = (await import('../../src/scheduler/handler.js')).handler as SchedulerHandler;
  });

  afterAll(async () => {
    vi.useRealTimers();
    await slack.stop();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  const ec2 = () => testEc2Client(moto.endpoint(), 'eu-west-1');
  const idOf = (name: string) => {
    const id = ids.get(name);
    if (!id) throw new Error(`no instance ${name} launched`);
    return id;
  };

  /** Runs `work` with Date at the simulated instant (moving on with real time). */
  async function atInstant<T>(at: string, work: () => Promise<T>): Promise<T> {
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.parse(at));
    try {
      return await work();
    } finally {
      vi.useRealTimers();
    }
  }

  async function run(at: number): Promise<RunSummary> {
    if (!scheduler) throw new Error('scheduler handler not loaded');
    const handler = scheduler;
    const summary = await atInstant(new Date(at + 1_000).toISOString(), () =>
      handler({ scheduledTime: new Date(at).toISOString() }, { awsRequestId: `run-${at}` }),
    );
    lastRun = at;
    return summary;
  }

  return {
    slack,
    table: () => stopinatorTable(testDynamoClient(moto.endpoint()), EVENING_TABLE),
    endpoint: () => moto.endpoint(),
    async launch(name, tag = 'office-hours', instanceType) {
      const [id = ''] = await launch(
        ec2(),
        1,
        { Name: name, stopinator: tag },
        instanceType ? { instanceType } : {},
      );
      ids.set(name, id);
      return id;
    },
    stopByHand: (name) => stopByHand(ec2(), [idOf(name)]),
    startByHand: (name) => startByHand(ec2(), [idOf(name)]),
    async state(name) {
      return (await statesOf(ec2(), [idOf(name)])).get(idOf(name)) ?? 'unknown';
    },
    async command(who, at, text) {
      if (!bot) throw new Error('bot handler not loaded');
      const handler = bot;
      const result = await atInstant(at, () =>
        handler(signedEvent(commandBody({ text, ...PEOPLE[who] })), {}),
      );
      if (result.statusCode !== 200) throw new Error(`status ${result.statusCode}: ${result.body}`);
      const reply = JSON.parse(result.body) as { text: string; blocks: unknown[] };
      return { ...reply, shown: JSON.stringify(reply.blocks) };
    },
    async press(who, at, message, actionId) {
      if (!bot) throw new Error('bot handler not loaded');
      const handler = bot;
      const blocks = message.blocks as {
        type: string;
        elements?: { action_id: string; value?: string }[];
      }[];
      const button = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === actionId);
      if (!button) throw new Error(`no button ${actionId} on the message`);
      const person = PEOPLE[who];
      const body = buttonClick({
        actionId,
        value: button.value ?? '',
        userId: person.userId,
        userName: person.userName,
        channel: EVENING_CHANNEL,
        messageTs: message.ts,
        blocks: message.blocks,
      });
      const result = await atInstant(at, () => handler(signedEvent(actionBody(body)), {}));
      if (result.statusCode !== 200) throw new Error(`status ${result.statusCode}: ${result.body}`);
    },
    async send(at, body, contentType) {
      if (!bot) throw new Error('bot handler not loaded');
      const handler = bot;
      return atInstant(at, () => handler(signedEvent(body, { contentType }), {}));
    },
    async runUntil(until) {
      const end = Date.parse(until);
      if (lastRun === undefined) return [await run(end)];
      const summaries: RunSummary[] = [];
      for (let at = lastRun + 300_000; at <= end; at += 300_000) summaries.push(await run(at));
      return summaries;
    },
    async runAt(...instants) {
      for (const at of instants) await run(Date.parse(at));
    },
  };
}
