import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotDeps } from '../../src/bot/bot-deps.js';
import { type LocalBot, startLocalBot } from '../../src/bot/local.js';
import type { AuditEntry } from '../../src/core/ports.js';
import {
  MemoryFleet,
  MemoryFleetIndex,
  MemoryStore,
  memoryLogger,
} from '../fixtures/memory-ports.js';
import { testConfig } from '../fixtures/schedules.js';
import { commandBody, SIGNING_SECRET, signedEvent } from '../support/slack-request.js';

// The sandbox's bot (Bolt's HTTP receiver on 127.0.0.1) refuses what the Lambda refuses.
const store = new MemoryStore();
const audit: AuditEntry[] = [];
const { log } = memoryLogger();
const deps: BotDeps = {
  config: testConfig(),
  snoozes: store,
  audit: {
    record: async (entry) => {
      audit.push(entry);
    },
    recent: async (limit) => audit.slice(-limit).reverse(),
  },
  fleetIndex: new MemoryFleetIndex(),
  history: { record: async () => {}, read: async () => [] },
  prices: { read: async () => [], write: async () => {} },
  fleet: async () => new MemoryFleet([]),
  clock: Date.now,
  log,
};
let bot: LocalBot;

beforeAll(async () => {
  bot = await startLocalBot({ deps, signingSecret: SIGNING_SECRET, botToken: 'xoxb-local', log });
});
afterAll(() => bot.stop());

async function post(timestamp: number) {
  const event = signedEvent(commandBody({ text: 'help' }), { timestamp, base64: false });
  const response = await fetch(bot.url ?? '', {
    method: 'POST',
    headers: event.headers as Record<string, string>,
    body: event.body ?? '',
  });
  return { status: response.status, body: await response.text() };
}

describe('the local HTTP bot', () => {
  const now = () => Math.floor(Date.now() / 1000);

  it('answers a request signed now', async () => {
    const answer = await post(now());
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('/stopinator snooze');
  });

  it.each([
    ['more than 5 minutes ahead', 301],
    ['more than 5 minutes behind', -301],
  ])('refuses a timestamp %s with a 401', async (_label, offset) => {
    const answer = await post(now() + offset);
    expect(answer.status).toBe(401);
    expect(answer.body).not.toContain('/stopinator');
  });
});
