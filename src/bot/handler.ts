import { checkWorkspace } from '../core/workspace-access.js';
import { readConfigFile } from '../runtime/config-file.js';
import { jsonLogger } from '../runtime/logger.js';
import { readSlackSecrets, type SlackSecrets } from '../runtime/secrets.js';
import { readCommonSettings } from '../runtime/settings.js';
import type { SlackMessage } from '../slack/blocks.js';
import { notServedMessage } from '../slack/guard-replies.js';
import { lightSlackApi } from '../slack/light-slack-api.js';
import type { SlackApi } from '../slack/slack-api.js';
import type { BoltHandler } from './bolt-app.js';
import type { BotDeps } from './bot-deps.js';
import { botDeps } from './bot-wiring.js';
import type { HttpApiResult } from './http-result.js';
import { type HttpApiEvent, type NormalizedEvent, normalizeEvent } from './lambda-event.js';
import { MemberDirectory } from './member-check.js';
import { timestampProblem, UNAUTHORIZED } from './request-age.js';
import { requestOrigin } from './request-origin.js';
import { signatureProblem } from './slack-signature.js';
import { answerSlashCommand, type SlashCommand } from './slash-command.js';

export type { HttpApiResult } from './http-result.js';

type Env = Readonly<Record<string, string | undefined>>;

interface Wiring {
  readonly deps: BotDeps;
  readonly secrets: SlackSecrets;
  readonly members: MemberDirectory;
  readonly slack: SlackApi;
  readonly env: Env;
}

let wiring: Promise<Wiring> | undefined;
let bolt: Promise<BoltHandler> | undefined;

/** Built once per cold start: configuration, secrets (SSM), the bot's dependencies. No Bolt. */
async function wire(env: Env): Promise<Wiring> {
  const settings = readCommonSettings(env);
  const log = jsonLogger({ service: 'stopinator-bot', level: settings.logLevel });
  const config = await readConfigFile(settings.configFile);
  const secrets = await readSlackSecrets(env);
  const deps = botDeps({ config, tableName: settings.tableName, log });
  // Calls after the reply share Slack's 3 seconds: short, and one attempt.
  const slack = lightSlackApi({
    token: secrets.botToken,
    ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}),
    timeoutMs: 1_000,
  });
  return { deps, secrets, members: new MemberDirectory(), slack, env };
}

/**
 * API Gateway HTTP API (payload 2.0) target for Slack's slash command and interactivity.
 * Slash commands are answered here, without Bolt: its loading would be a fifth of a cold start
 * that must fit Slack's 3 seconds. Everything else (buttons) goes to Bolt, loaded on first use.
 */
export async function handler(event: HttpApiEvent, context: unknown): Promise<HttpApiResult> {
  const receivedAt = Date.now();
  wiring ??= wire(process.env).catch((error) => {
    wiring = undefined;
    throw error;
  });
  let wired: Wiring;
  try {
    wired = await wiring;
  } catch (error) {
    console.error(
      JSON.stringify({ level: 'ERROR', message: 'bot could not start', error: String(error) }),
    );
    return { statusCode: 500, body: 'The stopinator is misconfigured; see its logs.' };
  }
  const log = wired.deps.log;
  try {
    const request = normalizeEvent(event ?? {}, receivedAt);
    // Same clock as the deadlines, and both sides of the window (Bolt checks only the old one).
    const stale = timestampProblem(request.headers['x-slack-request-timestamp'], receivedAt);
    if (stale) {
      log.warn('request refused', { why: stale });
      return { ...UNAUTHORIZED };
    }
    const command = slashCommandIn(request);
    if (command) return await answerCommand(wired, request, command, receivedAt);
    bolt ??= import('./bolt-app.js')
      .then(({ boltHandler }) => boltHandler(wired))
      .catch((error) => {
        bolt = undefined;
        throw error;
      });
    return await (await bolt)(request, context);
  } catch (error) {
    // Bolt parses the body before checking the signature: a malformed body lands here.
    log.warn('unreadable request', { error });
    return { statusCode: 400, body: 'Bad request' };
  }
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
  request: NormalizedEvent,
  command: SlashCommand,
  receivedAt: number,
): Promise<HttpApiResult> {
  const { deps, members, slack } = wired;
  const forged = signatureProblem(wired.secrets.signingSecret, request.headers, request.body);
  if (forged) {
    deps.log.warn('request refused', { why: forged });
    return { ...UNAUTHORIZED };
  }
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
