import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Why a request's `X-Slack-Signature` does not prove it came from Slack, or undefined when it
 * does: `v0=` and the hex HMAC-SHA256, keyed by the signing secret, of `v0:<timestamp>:<body>`
 * (https://api.slack.com/authentication/verifying-requests-from-slack). The body is the raw
 * text Slack sent; the timestamp's age is checked apart (request-age.ts).
 */
export function signatureProblem(
  signingSecret: string,
  headers: Readonly<Record<string, string | undefined>>,
  body: string,
): string | undefined {
  const signature = headers['x-slack-signature'];
  const timestamp = headers['x-slack-request-timestamp'];
  if (!signature) return 'no X-Slack-Signature header';
  if (!timestamp) return 'no X-Slack-Request-Timestamp header';
  if (!/^v0=[0-9a-f]{64}$/.test(signature)) return 'X-Slack-Signature is not a v0 signature';
  const expected = Buffer.from(slackSignature(signingSecret, timestamp, body));
  return timingSafeEqual(Buffer.from(signature), expected)
    ? undefined
    : 'X-Slack-Signature does not match';
}

/** `v0=<hex>`: Slack's request signature over `v0:<timestamp>:<body>` with the signing secret. */
export function slackSignature(secret: string, timestamp: number | string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}
