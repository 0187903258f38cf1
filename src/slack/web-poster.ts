import { WebClient } from '@slack/web-api';
import type { SlackPoster } from './slack-notifier.js';

export interface WebClientSettings {
  readonly token: string;
  /** SLACK_API_URL: points the client at a test server; ends with `/api/`. */
  readonly apiUrl?: string;
  /** Per-call timeout; the bot keeps it short to stay inside Slack's 3 seconds. */
  readonly timeoutMs: number;
  readonly retries: number;
}

export function webClient(settings: WebClientSettings): WebClient {
  return new WebClient(settings.token, {
    ...slackApiUrlOption(settings.apiUrl),
    timeout: settings.timeoutMs,
    retryConfig: { retries: settings.retries, factor: 2, minTimeout: 200, maxTimeout: 1000 },
    rejectRateLimitedCalls: settings.retries === 0,
  });
}

export function webPoster(client: WebClient): SlackPoster {
  return {
    async post(channel, message) {
      await client.chat.postMessage({
        channel,
        text: message.text,
        blocks: message.blocks as never,
        unfurl_links: false,
      });
    },
  };
}

/** The Web API client option for SLACK_API_URL (the client wants the trailing slash). */
export function slackApiUrlOption(url: string | undefined): { slackApiUrl?: string } {
  if (!url) return {};
  return { slackApiUrl: url.endsWith('/') ? url : `${url}/` };
}
