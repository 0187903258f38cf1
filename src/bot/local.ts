import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { Logger } from '../runtime/logger.js';
import { slackApiUrlOption } from '../slack/web-poster.js';
import { boltLogger } from './bolt-logger.js';
import type { BotDeps } from './bot-deps.js';
import { registerAppHome, registerListeners } from './listeners.js';
import { MemberDirectory } from './member-check.js';
import { timestampProblem, UNAUTHORIZED } from './request-age.js';

export interface LocalBotOptions {
  readonly deps: BotDeps;
  readonly signingSecret: string;
  readonly botToken: string;
  /** With an app-level token (xapp-...), connect to a real workspace through Socket Mode. */
  readonly appToken?: string;
  /** HTTP mode: the port on 127.0.0.1 (0 picks a free one). */
  readonly port?: number;
  /** SLACK_API_URL: where the Web API calls go (a fake Slack in the sandbox). */
  readonly slackApiUrl?: string;
  /**
   * HTTP mode: answer a request only once its listener has finished (announcements and
   * message updates included), as the Lambda does. The sandbox's terminal Slack uses it to
   * show a command's reply and the posts it caused together.
   */
  readonly answerAfterListeners?: boolean;
  readonly log: Logger;
}

export interface LocalBot {
  readonly mode: 'http' | 'socket';
  /** HTTP mode: where Slack requests go, e.g. http://127.0.0.1:3000/slack/events */
  readonly url?: string;
  stop(): Promise<void>;
}

/**
 * The bot outside Lambda, with the same listeners: Bolt's HTTP receiver on 127.0.0.1, or
 * Socket Mode when an app token is given (no public URL needed for a real workspace).
 */
export async function startLocalBot(options: LocalBotOptions): Promise<LocalBot> {
  const clientOptions = {
    ...slackApiUrlOption(options.slackApiUrl),
    timeout: 2_000,
    retryConfig: { retries: 0 },
  };
  const logger = quietBolt(options.log);
  if (options.appToken) {
    // Bolt would check the token with auth.test from its constructor, where a failure is an
    // unhandled rejection; checked here, a bad token or no network fails this start instead.
    const identity = await new WebClient(options.botToken, {
      ...clientOptions,
      logger,
    }).auth.test();
    const app = new App({
      appToken: options.appToken,
      socketMode: true,
      authorize: async () => ({
        botToken: options.botToken,
        ...(identity.bot_id ? { botId: identity.bot_id } : {}),
        ...(identity.user_id ? { botUserId: identity.user_id } : {}),
      }),
      logger,
      clientOptions,
    });
    registerListeners(app, options.deps);
    registerAppHome(app, options.deps, new MemberDirectory());
    await app.start();
    return { mode: 'socket', stop: () => app.stop() as Promise<void> };
  }
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret,
    endpoints: '/slack/events',
    logger,
    processBeforeResponse: options.answerAfterListeners ?? false,
    customPropertiesExtractor: () => ({ receivedAt: Date.now() }),
  });
  refuseSkewedRequests(receiver, options.log);
  const app = new App({
    receiver,
    authorize: async () => ({ botToken: options.botToken }),
    ignoreSelf: false,
    logger,
    clientOptions,
  });
  registerListeners(app, options.deps);
  registerAppHome(app, options.deps, new MemberDirectory());
  const server = (await receiver.start({ port: options.port ?? 0, host: '127.0.0.1' })) as {
    address(): AddressInfo | string | null;
  };
  const address = server.address() as AddressInfo;
  return {
    mode: 'http',
    url: `http://127.0.0.1:${address.port}/slack/events`,
    stop: () => receiver.stop() as Promise<void>,
  };
}

function quietBolt(log: Logger) {
  const logger = boltLogger(log);
  logger.setLevel(LogLevel.WARN);
  return logger;
}

/** As the Lambda handler does: a timestamp more than 5 minutes off, either way, is a 401. */
function refuseSkewedRequests(receiver: HTTPReceiver, log: Logger): void {
  const listener = receiver.requestListener;
  receiver.requestListener = (request, response) => {
    const header = request.headers['x-slack-request-timestamp'];
    const stale =
      request.method === 'POST'
        ? timestampProblem(Array.isArray(header) ? header[0] : header, Date.now())
        : undefined;
    if (!stale) return listener(request, response);
    log.warn('request refused', { why: stale });
    response.writeHead(UNAUTHORIZED.statusCode, { 'content-type': 'text/plain' });
    response.end(UNAUTHORIZED.body);
  };
}
