import { parseCommand } from '../core/command.js';
import { checkWorkspace } from '../core/workspace-access.js';
import { useZoneOffsetSource } from '../core/zone-offset.js';
import { readConfigFile } from '../runtime/config-file.js';
import { jsonLogger, type Logger } from '../runtime/logger.js';
import { coldStartZoneOffsets } from '../runtime/process-zone-offset.js';
import { readSlackSecrets, type SlackSecrets } from '../runtime/secrets.js';
import { readCommonSettings } from '../runtime/settings.js';
import type { SlackMessage } from '../slack/blocks.js';
import { notServedMessage } from '../slack/guard-replies.js';
import { lightSlackApi } from '../slack/light-slack-api.js';
import type { SlackApi } from '../slack/slack-api.js';
import type { BoltHandler } from './bolt-app.js';
import type { BotDeps } from './bot-deps.js';
import { botDeps, botTable } from './bot-wiring.js';
import { isChange } from './change-gate.js';
import type { HttpApiResult } from './http-result.js';
import { type HttpApiEvent, type NormalizedEvent, normalizeEvent } from './lambda-event.js';
import { MemberDirectory } from './member-check.js';
import { ReadAhead, readsTheView } from './read-ahead.js';
import { timestampProblem, UNAUTHORIZED } from './request-age.js';
import { requestOrigin } from './request-origin.js';
import { signatureProblem } from './slack-signature.js';
import { answerSlashCommand, type SlashCommand } from './slash-command.js';

export type { HttpApiResult } from './http-result.js';

type Env = Readonly<Record<string, string | undefined>>;

/** What checking a request needs: ready before the configuration is. */
interface Base {
  readonly log: Logger;
  readonly secrets: SlackSecrets;
  readonly members: MemberDirectory;
  readonly slack: SlackApi;
  readonly readAhead: ReadAhead;
  readonly env: Env;
}

interface Wiring extends Base {
  readonly deps: BotDeps;
}

// A command's few zone look-ups cost less than the ICU set-up of a formatter (zone-offset.ts).
useZoneOffsetSource(coldStartZoneOffsets());

let base: Promise<Base> | undefined;
let wiring: Promise<Wiring> | undefined;
let bolt: Promise<BoltHandler> | undefined;

/** Per cold start, first: settings, secrets (SSM), the table and Slack clients (made on use). */
async function wireBase(env: Env): Promise<Base> {
  const settings = readCommonSettings(env);
  const log = jsonLogger({ service: 'stopinator-bot', level: settings.logLevel });
  const secrets = await readSlackSecrets(env);
  // Calls after the reply share Slack's 3 seconds: short, and one attempt.
  const slack = lightSlackApi({
    token: secrets.botToken,
    ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}),
    timeoutMs: 1_000,
  });
  const readAhead = new ReadAhead(botTable({ tableName: settings.tableName, env }));
  return { log, secrets, members: new MemberDirectory(), slack, readAhead, env };
}

/** Then the configuration (validated again) and the bot's dependencies. No Bolt. */
async function wire(env: Env, ready: Promise<Base>): Promise<Wiring> {
  const settings = readCommonSettings(env);
  const [config, b] = await Promise.all([readConfigFile(settings.configFile), ready]);
  const deps = botDeps({
    config,
    tableName: settings.tableName,
    log: b.log,
    table: b.readAhead.table,
    env,
    stage: env.STOPINATOR_STAGE?.trim() || 'dev',
  });
  return { ...b, deps };
}

/** A promise kept for the container's life, unless it failed: the next request tries again. */
function kept<T>(make: () => Promise<T>, forget: () => void): Promise<T> {
  return make().catch((error) => {
    forget();
    throw error;
  });
}

/**
 * API Gateway HTTP API (payload 2.0) target for Slack's slash command and interactivity.
 * Slash commands are answered here, without Bolt: its loading would be a fifth of a cold start
 * that must fit Slack's 3 seconds. Everything else (buttons) goes to Bolt, loaded on first use.
 */
export async function handler(event: HttpApiEvent, context: unknown): Promise<HttpApiResult> {
  const receivedAt = Date.now();
  base ??= kept(
    () => wireBase(process.env),
    () => {
      base = undefined;
    },
  );
  const ready = base;
  // Made on first need: a command's early reads go out first (below), then this loads.
  const configured = (): Promise<Wiring> => {
    wiring ??= kept(
      () => wire(process.env, ready),
      () => {
        wiring = undefined;
      },
    );
    return wiring;
  };
  let b: Base;
  try {
    b = await ready;
  } catch (error) {
    return misconfigured(error);
  }
  try {
    const request = normalizeEvent(event ?? {}, receivedAt);
    // Same clock as the deadlines, and both sides of the window (Bolt checks only the old one).
    const stale = timestampProblem(request.headers['x-slack-request-timestamp'], receivedAt);
    if (stale) {
      b.log.warn('request refused', { why: stale });
      return { ...UNAUTHORIZED };
    }
    const command = slashCommandIn(request);
    if (command) {
      const forged = signatureProblem(b.secrets.signingSecret, request.headers, request.body);
      if (forged) {
        b.log.warn('request refused', { why: forged });
        return { ...UNAUTHORIZED };
      }
      const parsed = parseCommand(command.text ?? '');
      // Sent before the configuration's validation takes the CPU: the reads travel meanwhile.
      if (parsed.ok && isChange(parsed.command)) b.members.warm(b.slack, command.user_id);
      if (parsed.ok && readsTheView(parsed.command.kind)) await b.readAhead.start();
      try {
        let wired: Wiring;
        try {
          wired = await configured();
        } catch (error) {
          return misconfigured(error);
        }
        return await answerCommand(wired, command, receivedAt);
      } finally {
        b.readAhead.end();
      }
    }
    let wired: Wiring;
    try {
      wired = await configured();
    } catch (error) {
      return misconfigured(error);
    }
    bolt ??= kept(
      () => import('./bolt-app.js').then(({ boltHandler }) => boltHandler(wired)),
      () => {
        bolt = undefined;
      },
    );
    return await (await bolt)(request, context);
  } catch (error) {
    // Bolt parses the body before checking the signature: a malformed body lands here.
    b.log.warn('unreadable request', { error });
    return { statusCode: 400, body: 'Bad request' };
  }
}

function misconfigured(error: unknown): HttpApiResult {
  console.error(
    JSON.stringify({ level: 'ERROR', message: 'bot could not start', error: String(error) }),
  );
  return { statusCode: 500, body: 'The stopinator is misconfigured; see its logs.' };
}

/** A slash command's form (`command=/stopinator&text=…`), or undefined for anything else. */
function slashCommandIn(request: NormalizedEvent): SlashCommand | undefined {
  if (request.headers['content-type'] !== 'application/x-www-form-urlencoded') return undefined;
  const form = new URLSearchParams(request.body);
  const command = form.get('command');
  const userId = form.get('user_id');
  if (command === null || form.has('ssl_check')) return undefined;
  const fields: Record<string, string> = {};
  for (const [key, value] of form) fields[key] = value;
  return { ...fields, command, user_id: userId ?? '' };
}

async function answerCommand(
  wired: Wiring,
  command: SlashCommand,
  receivedAt: number,
): Promise<HttpApiResult> {
  const { deps, members, slack } = wired;
  const origin = requestOrigin(command);
  const verdict = checkWorkspace(deps.config.slack, origin.request, origin.person);
  if (!verdict.allowed) {
    deps.log.warn('request from outside the allowed workspaces refused', {
      team: origin.request.teamId,
      enterprise: origin.request.enterpriseId,
      userTeam: origin.person.teamId,
      user: origin.userId,
    });
    return ephemeral(notServedMessage(verdict.why));
  }
  if (!command.user_id) return { statusCode: 400, body: 'Bad request' };
  const { reply, afterReply } = await answerSlashCommand(deps, slack, members, command, receivedAt);
  // As Bolt does: the HTTP answer (the reply) goes out when the work after it is done.
  await afterReply();
  return ephemeral(reply);
}

function ephemeral(message: SlackMessage): HttpApiResult {
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      response_type: 'ephemeral',
      text: message.text,
      blocks: message.blocks,
    }),
  };
}
