import { App, AwsLambdaReceiver } from '@slack/bolt';
import { readConfigFile } from '../runtime/config-file.js';
import { jsonLogger, type Logger } from '../runtime/logger.js';
import { readSlackSecrets } from '../runtime/secrets.js';
import { readCommonSettings } from '../runtime/settings.js';
import { slackApiUrlOption } from '../slack/web-poster.js';
import { boltLogger } from './bolt-logger.js';
import { botDeps } from './bot-wiring.js';
import { type HttpApiEvent, type NormalizedEvent, normalizeEvent } from './lambda-event.js';
import { registerListeners } from './listeners.js';
import { timestampProblem, UNAUTHORIZED } from './request-age.js';

export interface HttpApiResult {
  statusCode: number;
  body: string;
  headers?: Record<string, string>;
}

type BoltHandler = (event: NormalizedEvent, context: unknown) => Promise<HttpApiResult>;

let wiring: Promise<{ handle: BoltHandler; log: Logger }> | undefined;

/** Built once per cold start: configuration, secrets (SSM), the table client, Bolt. */
async function wire(env: NodeJS.ProcessEnv): Promise<{ handle: BoltHandler; log: Logger }> {
  const settings = readCommonSettings(env);
  const log = jsonLogger({ service: 'stopinator-bot', level: settings.logLevel });
  const config = await readConfigFile(settings.configFile);
  const secrets = await readSlackSecrets(env);
  const deps = botDeps({ config, tableName: settings.tableName, log });
  const logger = boltLogger(log);
  const receiver = new AwsLambdaReceiver({
    signingSecret: secrets.signingSecret,
    logger,
    customPropertiesExtractor: (event) => ({
      receivedAt: (event as unknown as NormalizedEvent).stopinatorReceivedAt,
    }),
  });
  const app = new App({
    receiver,
    // A fixed authorization: Bolt then never calls auth.test, not at start, not per request.
    authorize: async () => ({
      botToken: secrets.botToken,
      ...(env.SLACK_BOT_ID ? { botId: env.SLACK_BOT_ID } : {}),
      ...(env.SLACK_BOT_USER_ID ? { botUserId: env.SLACK_BOT_USER_ID } : {}),
    }),
    ignoreSelf: false,
    logger,
    clientOptions: {
      ...slackApiUrlOption(env.SLACK_API_URL),
      // Calls after the reply share Slack's 3 seconds: short, and no retries.
      timeout: 1_000,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    },
  });
  registerListeners(app, deps);
  const handle = receiver.toHandler() as unknown as BoltHandler;
  return { handle, log };
}

/** API Gateway HTTP API (payload 2.0) target for Slack's slash command and interactivity. */
export async function handler(event: HttpApiEvent, context: unknown): Promise<HttpApiResult> {
  const receivedAt = Date.now();
  wiring ??= wire(process.env).catch((error) => {
    wiring = undefined;
    throw error;
  });
  let wired: Awaited<typeof wiring>;
  try {
    wired = await wiring;
  } catch (error) {
    console.error(
      JSON.stringify({ level: 'ERROR', message: 'bot could not start', error: String(error) }),
    );
    return { statusCode: 500, body: 'The stopinator is misconfigured; see its logs.' };
  }
  try {
    const request = normalizeEvent(event ?? {}, receivedAt);
    // Same clock as the deadlines; Bolt checks the signature, and only the old side of the window.
    const stale = timestampProblem(request.headers['x-slack-request-timestamp'], receivedAt);
    if (stale) {
      wired.log.warn('request refused', { why: stale });
      return { ...UNAUTHORIZED };
    }
    return await wired.handle(request, context);
  } catch (error) {
    // Bolt parses the body before checking the signature: a malformed body lands here.
    wired.log.warn('unreadable request', { error });
    return { statusCode: 400, body: 'Bad request' };
  }
}
