import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, beforeEach, vi } from 'vitest';
import { createTable } from '../../src/aws/create-table.js';
import { type StopinatorTable, stopinatorTable } from '../../src/aws/dynamo-store.js';
import type { HttpApiEvent } from '../../src/bot/lambda-event.js';
import { TEST_CREDENTIALS, testDynamoClient, testEc2Client } from './aws-clients.js';
import { useMoto } from './moto.js';
import { SlackRecorder } from './slack-recorder.js';
import { BOT_TOKEN, SIGNING_SECRET } from './slack-request.js';

export const BOT_TABLE = 'stopinator-bot-test';
export const CHANNEL = 'C0STOPINATOR';

export const BOT_TEST_CONFIG = `
defaultSchedule: office-hours
regions: [eu-west-1, us-east-1]
schedules:
  office-hours: { timezone: Europe/Paris, start: "08:00", stop: "20:00" }
  new-york: { timezone: America/New_York, start: "08:00", stop: "20:00" }
slack: { channel: ${CHANNEL}, warningLead: 30m }
snooze: { defaultDuration: 2h, max: 12h }
permissions:
  wake: { users: [U0ALICE, U0BOB] }
`;

type Handler = (
  event: HttpApiEvent,
  context: unknown,
) => Promise<{ statusCode: number; body: string; headers?: Record<string, string> }>;

export interface BotOnMoto {
  readonly slack: SlackRecorder;
  handler(): Promise<Handler>;
  table(): StopinatorTable;
  ec2(region?: string): EC2Client;
  endpoint(): string;
}

/**
 * The real bot handler with moto behind it and a recording Slack: env set before the first
 * import, a fresh table per test, Date fixed at `now` (timers stay real). `config` replaces
 * the configuration file's text (BOT_TEST_CONFIG by default).
 */
export function useBotOnMoto(
  now: string,
  env: Record<string, string> = {},
  config: string = BOT_TEST_CONFIG,
): BotOnMoto {
  const moto = useMoto();
  const slack = new SlackRecorder();
  let handler: Handler | undefined;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    await slack.start();
    const dir = mkdtempSync(join(tmpdir(), 'stopinator-bot-'));
    const configFile = join(dir, 'stopinator.config.yml');
    writeFileSync(configFile, config);
    const settings: Record<string, string> = {
      AWS_ENDPOINT_URL_EC2: moto.endpoint(),
      AWS_ENDPOINT_URL_DYNAMODB: moto.endpoint(),
      AWS_ENDPOINT_URL_RDS: moto.endpoint(),
      AWS_ENDPOINT_URL_AUTO_SCALING: moto.endpoint(),
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
      STOPINATOR_TABLE: BOT_TABLE,
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
    // Date starts at `now` and moves with real time, so deadlines measure what they should.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.parse(now));
    vi.resetModules();
    handler = (await import('../../src/bot/handler.js')).handler as Handler;
  });

  beforeEach(async () => {
    vi.setSystemTime(Date.parse(now));
    await moto.reset();
    slack.clear();
    await createTable(testDynamoClient(moto.endpoint()), BOT_TABLE);
  });

  afterAll(async () => {
    vi.useRealTimers();
    await slack.stop();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  return {
    slack,
    handler: async () => {
      if (!handler) throw new Error('bot handler not loaded');
      return handler;
    },
    table: () => stopinatorTable(testDynamoClient(moto.endpoint()), BOT_TABLE),
    ec2: (region = 'eu-west-1') => testEc2Client(moto.endpoint(), region),
    endpoint: () => moto.endpoint(),
  };
}

/** The JSON a command's acknowledgement carries. */
export function replyOf(result: { statusCode: number; body: string }): {
  response_type?: string;
  text: string;
  blocks: unknown[];
} {
  if (result.statusCode !== 200) throw new Error(`status ${result.statusCode}: ${result.body}`);
  return JSON.parse(result.body);
}

/** All the text a message's blocks show, for assertions. */
export function blockText(message: { blocks?: unknown }): string {
  return JSON.stringify(message.blocks ?? []);
}
