import { slackSignature } from '../bot/slack-signature.js';

/** The headers Slack sends with a request body, signed exactly as Slack signs. */
export function signedHeaders(
  body: string,
  options: { secret: string; timestamp?: number; contentType?: string },
): Record<string, string> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return {
    'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(options.secret, timestamp, body),
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
  };
}
