import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseWebApiBody, readBody } from './web-api-body.js';

/** A message as the channel holds it now. */
export interface ChannelMessage {
  readonly channel: string;
  readonly ts: string;
  readonly text: string;
  readonly blocks: unknown[];
}

/** What the bot or the scheduler sent to Slack. */
export type SlackEvent =
  | { readonly kind: 'post' | 'update'; readonly message: ChannelMessage }
  | {
      readonly kind: 'ephemeral';
      readonly channel: string;
      readonly text: string;
      readonly blocks: unknown[];
      /** Who may see it: chat.postEphemeral's user. */
      readonly user?: string;
      /** The response_url it was posted to: the request it answers. */
      readonly responseUrl?: string;
    };

/**
 * Slack's Web API on 127.0.0.1 for the sandbox (SLACK_API_URL): chat.postMessage,
 * chat.update and chat.postEphemeral are kept and passed to `onEvent`, so the terminal can
 * show them and press their buttons; users.info says anyone asked about (you, or whoever
 * `as alice` makes the typist) is a full member of the workspace; every other method answers
 * `ok`.
 */
export class FakeSlack {
  readonly #messages = new Map<string, ChannelMessage>();
  readonly #onEvent: (event: SlackEvent) => void;
  #server: Server | undefined;
  #port = 0;
  #sequence = 0;

  constructor(onEvent: (event: SlackEvent) => void) {
    this.#onEvent = onEvent;
  }

  /** http://127.0.0.1:PORT/api/ */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.#port}/api/`;
  }

  /** Where slash commands' response_url points. */
  get responseUrl(): string {
    return `http://127.0.0.1:${this.#port}/response`;
  }

  get port(): number {
    return this.#port;
  }

  message(ts: string): ChannelMessage | undefined {
    return this.#messages.get(ts);
  }

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      this.#answer(request)
        .then((answer) => {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify(answer));
        })
        .catch((error: unknown) => {
          response.writeHead(500, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ ok: false, error: String(error) }));
        });
    });
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.#port = (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    this.#server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async #answer(request: IncomingMessage): Promise<Record<string, unknown>> {
    const body = parseWebApiBody(request.headers['content-type'], await readBody(request));
    const path = request.url ?? '/';
    if (path.startsWith('/response')) {
      this.#onEvent({
        kind: 'ephemeral',
        channel: '',
        text: String(body.text ?? ''),
        blocks: arrayOf(body.blocks),
        responseUrl: `${this.responseUrl}${path.slice('/response'.length)}`,
      });
      return { ok: true };
    }
    const method = path.slice('/api/'.length).split('?')[0] ?? '';
    switch (method) {
      case 'chat.postMessage': {
        const message = this.#keep({ ...body, ts: this.#nextTs() });
        this.#onEvent({ kind: 'post', message });
        return { ok: true, channel: message.channel, ts: message.ts, message };
      }
      case 'chat.update': {
        const message = this.#keep(body);
        this.#onEvent({ kind: 'update', message });
        return { ok: true, channel: message.channel, ts: message.ts, text: message.text };
      }
      case 'chat.postEphemeral':
        this.#onEvent({
          kind: 'ephemeral',
          channel: String(body.channel ?? ''),
          text: String(body.text ?? ''),
          blocks: arrayOf(body.blocks),
          ...(typeof body.user === 'string' ? { user: body.user } : {}),
        });
        return { ok: true, message_ts: this.#nextTs() };
      case 'auth.test':
        return { ok: true, user_id: 'U0STOPINATOR', bot_id: 'B0STOPINATOR', team_id: 'T0TEST' };
      case 'usergroups.users.list':
        return { ok: true, users: [] };
      case 'users.info':
        // Whoever types in the terminal, under any name, is a full member of the sandbox's
        // workspace: not a guest, same team as the requests (slack-payloads.ts).
        return {
          ok: true,
          user: {
            id: String(body.user ?? ''),
            team_id: 'T0TEST',
            is_restricted: false,
            is_ultra_restricted: false,
          },
        };
      default:
        return { ok: true };
    }
  }

  #keep(body: Record<string, unknown>): ChannelMessage {
    const message: ChannelMessage = {
      channel: String(body.channel ?? ''),
      ts: String(body.ts ?? ''),
      text: String(body.text ?? ''),
      blocks: arrayOf(body.blocks),
    };
    this.#messages.set(message.ts, message);
    return message;
  }

  #nextTs(): string {
    this.#sequence += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(this.#sequence).padStart(6, '0')}`;
  }
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
