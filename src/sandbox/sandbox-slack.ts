import type { StopinatorConfig } from '../core/config.js';
import type { Notifier } from '../core/ports.js';
import { LogNotifier } from '../runtime/log-notifier.js';
import type { Logger } from '../runtime/logger.js';
import { SlackNotifier } from '../slack/slack-notifier.js';
import { webClient, webPoster } from '../slack/web-poster.js';

/** The terminal Slack's channel, shown as #stopinator. */
export const SANDBOX_CHANNEL = 'C0SANDBOX';
export const FAKE_BOT_TOKEN = 'xoxb-sandbox-not-a-real-token';

type Env = Readonly<Record<string, string | undefined>>;

/** A real workspace through Socket Mode when both tokens are given, else the terminal Slack. */
export function wantsSocketMode(env: Env): boolean {
  return Boolean(env.SLACK_BOT_TOKEN && env.SLACK_APP_TOKEN);
}

/** The channel the sandbox posts to: --channel, else the configuration's, else the fake one. */
export function withChannel(
  config: StopinatorConfig,
  channel: string | undefined,
  socket: boolean,
): StopinatorConfig {
  const chosen = channel ?? config.slack.channel ?? (socket ? undefined : SANDBOX_CHANNEL);
  return chosen ? { ...config, slack: { ...config.slack, channel: chosen } } : config;
}

/**
 * The terminal Slack is a workspace of its own (team T0TEST, see slack-payloads.ts): the
 * workspace list of a real configuration would refuse every line typed, so it is set aside
 * there. Socket Mode talks to the real workspace and keeps it.
 */
export function forTerminalSlack(config: StopinatorConfig, socket: boolean): StopinatorConfig {
  if (socket) return config;
  const { workspaces: _workspaces, enterprise: _enterprise, ...slack } = config.slack;
  return { ...config, slack };
}

/**
 * The scheduler's notifier as the Lambda builds it, on the simulated clock (its messages
 * say "in 30 min" of simulated time): Slack when a channel is set, else the log.
 */
export function schedulerNotifier(
  config: StopinatorConfig,
  now: () => number,
  log: Logger,
  slack: { readonly token: string; readonly apiUrl?: string },
): Notifier {
  const channel = config.slack.channel;
  if (!channel) return new LogNotifier(log);
  const real = slack.apiUrl === undefined;
  const client = webClient({
    token: slack.token,
    ...(slack.apiUrl ? { apiUrl: slack.apiUrl } : {}),
    timeoutMs: 5_000,
    retries: real ? 2 : 0,
  });
  const zoneOf = (name: string) => config.schedules.get(name)?.timezone ?? 'UTC';
  return new SlackNotifier(webPoster(client), channel, zoneOf, now);
}
