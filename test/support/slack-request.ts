import type { HttpApiEvent } from '../../src/bot/lambda-event.js';
import {
  blockActionsPayload,
  commandBody as slashCommandBody,
} from '../../src/sandbox/slack-payloads.js';
import { signedHeaders } from '../../src/sandbox/slack-signing.js';

export { actionBody } from '../../src/sandbox/slack-payloads.js';

export const SIGNING_SECRET = 'test-signing-secret-8f3e2a';
export const BOT_TOKEN = 'xoxb-test-0000-token';

export interface SignOptions {
  readonly secret?: string;
  /** Seconds since the epoch; defaults to now (Date.now, faked or not). */
  readonly timestamp?: number;
  readonly contentType?: string;
  readonly base64?: boolean;
  /** Replace or remove (undefined) headers after signing. */
  readonly headers?: Record<string, string | undefined>;
}

/** An API Gateway HTTP API (2.0) event carrying `body`, signed exactly as Slack signs. */
export function signedEvent(body: string, options: SignOptions = {}): HttpApiEvent {
  const headers = signedHeaders(body, {
    secret: options.secret ?? SIGNING_SECRET,
    ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}),
    ...(options.contentType !== undefined ? { contentType: options.contentType } : {}),
  });
  for (const [key, value] of Object.entries(options.headers ?? {})) {
    if (value === undefined) delete headers[key];
    else headers[key] = value;
  }
  const base64 = options.base64 ?? true;
  return {
    body: base64 ? Buffer.from(body, 'utf8').toString('base64') : body,
    isBase64Encoded: base64,
    headers,
    rawPath: '/slack/events',
    requestContext: { http: { method: 'POST', path: '/slack/events' } },
  };
}

export interface CommandFields {
  readonly text: string;
  readonly userId?: string;
  readonly userName?: string;
  readonly channelId?: string;
  readonly triggerId?: string;
  readonly responseUrl?: string;
}

let triggers = 0;

/** The form body of a `/stopinator` slash command. */
export function commandBody(fields: CommandFields): string {
  triggers += 1;
  return slashCommandBody({
    command: '/stopinator',
    text: fields.text,
    userId: fields.userId ?? 'U0ALICE',
    userName: fields.userName ?? 'alice',
    channelId: fields.channelId ?? 'C0RANDOM',
    channelName: 'random',
    responseUrl: fields.responseUrl ?? 'http://127.0.0.1:9/commands/1234',
    triggerId: fields.triggerId ?? `trigger.${Date.now()}.${triggers}`,
  });
}

/** A click on one of a warning message's buttons. */
export function buttonClick(options: {
  actionId: string;
  value: string;
  userId?: string;
  userName?: string;
  channel?: string;
  messageTs?: string;
  blocks?: unknown[];
}) {
  const userName = options.userName ?? 'alice';
  return blockActionsPayload({
    user: { id: options.userId ?? 'U0ALICE', name: userName },
    channel: { id: options.channel ?? 'C0STOPINATOR', name: 'stopinator' },
    message: {
      ts: options.messageTs ?? '1764000000.000100',
      text: 'warning',
      blocks: options.blocks ?? [],
    },
    button: {
      actionId: options.actionId,
      blockId: 'stopinator_warning',
      value: options.value,
      text: options.actionId,
    },
    triggerId: `trigger.${Date.now()}`,
    responseUrl: 'http://127.0.0.1:9/actions/1234',
  });
}
