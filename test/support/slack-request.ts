import { createHmac } from 'node:crypto';
import type { HttpApiEvent } from '../../src/bot/lambda-event.js';

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
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', options.secret ?? SIGNING_SECRET)
    .update(`v0:${timestamp}:${body}`)
    .digest('hex')}`;
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': signature,
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
  };
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
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0TEST',
    team_domain: 'test',
    channel_id: fields.channelId ?? 'C0RANDOM',
    channel_name: 'random',
    user_id: fields.userId ?? 'U0ALICE',
    user_name: fields.userName ?? 'alice',
    command: '/stopinator',
    text: fields.text,
    api_app_id: 'A0TEST',
    is_enterprise_install: 'false',
    response_url: fields.responseUrl ?? 'http://127.0.0.1:9/commands/1234',
    trigger_id: fields.triggerId ?? `trigger.${Date.now()}.${triggers}`,
  }).toString();
}

/** The form body of a `block_actions` interaction (a button click). */
export function actionBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
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
  const channel = options.channel ?? 'C0STOPINATOR';
  const ts = options.messageTs ?? '1764000000.000100';
  return {
    type: 'block_actions',
    team: { id: 'T0TEST', domain: 'test' },
    user: {
      id: options.userId ?? 'U0ALICE',
      username: options.userName ?? 'alice',
      name: options.userName ?? 'alice',
      team_id: 'T0TEST',
    },
    api_app_id: 'A0TEST',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: false },
    trigger_id: `trigger.${Date.now()}`,
    channel: { id: channel, name: 'stopinator' },
    message: { type: 'message', ts, text: 'warning', blocks: options.blocks ?? [] },
    response_url: 'http://127.0.0.1:9/actions/1234',
    actions: [
      {
        type: 'button',
        action_id: options.actionId,
        block_id: 'stopinator_warning',
        text: { type: 'plain_text', text: options.actionId },
        value: options.value,
        action_ts: String(Date.now() / 1000),
      },
    ],
  };
}
