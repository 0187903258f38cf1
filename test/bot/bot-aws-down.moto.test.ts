import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyOf, useBotOnMoto } from '../support/bot-on-moto.js';
import { commandBody, signedEvent } from '../support/slack-request.js';

// A server that accepts connections and never answers: the slowest AWS there is.
const silent: { server?: Server; sockets: Socket[]; port: number } = { sockets: [], port: 0 };
beforeAll(async () => {
  silent.server = createServer((socket) => silent.sockets.push(socket));
  await new Promise<void>((resolve) => silent.server?.listen(0, '127.0.0.1', resolve));
  silent.port = (silent.server.address() as { port: number }).port;
  process.env.SILENT_PORT = String(silent.port);
});
afterAll(async () => {
  for (const socket of silent.sockets) socket.destroy();
  await new Promise<void>((resolve) => silent.server?.close(() => resolve()));
});

const NOW = '2026-11-24T15:00:00Z';

async function timed(run: () => Promise<{ statusCode: number; body: string }>) {
  const started = performance.now();
  const result = await run();
  return { result, ms: performance.now() - started };
}

describe('DynamoDB refuses connections', () => {
  const bot = useBotOnMoto(NOW, { AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:1' });

  it('snooze explains, inside the deadline, that nothing changed', async () => {
    const handler = await bot.handler();
    const { result, ms } = await timed(() =>
      handler(signedEvent(commandBody({ text: 'snooze 2h' })), {}),
    );
    expect(replyOf(result).text).toContain('Could not save the snooze');
    expect(ms).toBeLessThan(2_900);
    // Asked who the person is (a change), then announced nothing.
    expect(bot.slack.calls.map((c) => c.method)).toEqual(['users.info']);
  });

  it('status explains instead of timing out', async () => {
    const handler = await bot.handler();
    const { result, ms } = await timed(() =>
      handler(signedEvent(commandBody({ text: 'status' })), {}),
    );
    expect(replyOf(result).text).toContain('Could not read the fleet or the snoozes');
    expect(ms).toBeLessThan(2_900);
  });
});

describe('EC2 and DynamoDB hang', () => {
  const bot = useBotOnMoto(NOW, {
    AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:0',
    AWS_ENDPOINT_URL_EC2: 'http://127.0.0.1:0',
  });

  beforeAll(() => {
    // Set here, after the silent server exists; the handler reads them at its first request.
    process.env.AWS_ENDPOINT_URL_DYNAMODB = `http://127.0.0.1:${silent.port}`;
    process.env.AWS_ENDPOINT_URL_EC2 = `http://127.0.0.1:${silent.port}`;
  });

  it('status answers with an explanation within Slack’s 3 seconds', async () => {
    const handler = await bot.handler();
    const { result, ms } = await timed(() =>
      handler(signedEvent(commandBody({ text: 'status' })), {}),
    );
    expect(replyOf(result).text).toContain('did not answer in time');
    expect(ms).toBeLessThan(2_900);
  });

  it('wake answers with an explanation within Slack’s 3 seconds', async () => {
    const handler = await bot.handler();
    const { result, ms } = await timed(() =>
      handler(signedEvent(commandBody({ text: 'wake web-1' })), {}),
    );
    expect(replyOf(result).text).toContain('did not answer in time');
    expect(ms).toBeLessThan(2_900);
  });
});
