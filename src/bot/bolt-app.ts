import { App, AwsLambdaReceiver } from '@slack/bolt';
import type { SlackSecrets } from '../runtime/secrets.js';
import { slackApiUrlOption } from '../slack/web-poster.js';
import { boltLogger } from './bolt-logger.js';
import type { BotDeps } from './bot-deps.js';
import type { HttpApiResult } from './http-result.js';
import type { NormalizedEvent } from './lambda-event.js';
import { registerAppHome, registerListeners } from './listeners.js';
import type { MemberDirectory } from './member-check.js';

export type BoltHandler = (event: NormalizedEvent, context: unknown) => Promise<HttpApiResult>;

/**
 * Bolt on Lambda, for what is not a slash command (the warning's buttons, the Wake button):
 * loaded on the first such request, so a command's cold start does not pay for it.
 */
export function boltHandler(options: {
  readonly deps: BotDeps;
  readonly secrets: SlackSecrets;
  readonly members: MemberDirectory;
  readonly env: Readonly<Record<string, string | undefined>>;
}): BoltHandler {
  const { deps, secrets, env } = options;
  const logger = boltLogger(deps.log);
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
  registerListeners(app, deps, '/stopinator', options.members);
  registerAppHome(app, deps, options.members);
  return receiver.toHandler() as unknown as BoltHandler;
}
