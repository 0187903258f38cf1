import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { signatureProblem, slackSignature } from '../../src/bot/slack-signature.js';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TIMESTAMP = '1531420618';
// The form of Slack's worked example (api.slack.com/authentication/verifying-requests-from-slack).
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
// An independent signer: Python's hmac, from the recipe in Slack's documentation.
const SLACK_SAYS = execFileSync(
  'python3',
  [
    '-c',
    'import hmac,hashlib,sys; print("v0=" + hmac.new(sys.argv[1].encode(), ("v0:" + sys.argv[2] + ":" + sys.argv[3]).encode(), hashlib.sha256).hexdigest())',
    SECRET,
    TIMESTAMP,
    BODY,
  ],
  { encoding: 'utf8' },
).trim();

const headers = (signature: string | undefined, ...timestamp: [string?]) => ({
  'x-slack-signature': signature,
  'x-slack-request-timestamp': timestamp.length ? timestamp[0] : TIMESTAMP,
});

describe('signatureProblem', () => {
  it('agrees with an independent signer and accepts its signature', () => {
    expect(slackSignature(SECRET, TIMESTAMP, BODY)).toBe(SLACK_SAYS);
    expect(signatureProblem(SECRET, headers(SLACK_SAYS), BODY)).toBeUndefined();
  });

  it.each([
    ['another secret', 'not-the-secret', headers(SLACK_SAYS), BODY, /does not match/],
    ['a changed body', SECRET, headers(SLACK_SAYS), `${BODY}&text=stop`, /does not match/],
    ['another timestamp', SECRET, headers(SLACK_SAYS, '1531420619'), BODY, /does not match/],
    ['no signature', SECRET, headers(undefined), BODY, /no X-Slack-Signature/],
    ['no timestamp', SECRET, headers(SLACK_SAYS, undefined), BODY, /no X-Slack-Request-Timestamp/],
    ['a v1 signature', SECRET, headers(SLACK_SAYS.replace('v0=', 'v1=')), BODY, /not a v0/],
    [
      'upper-case hex',
      SECRET,
      headers(SLACK_SAYS.toUpperCase().replace('V0=', 'v0=')),
      BODY,
      /not a v0/,
    ],
    ['a short signature', SECRET, headers(SLACK_SAYS.slice(0, 40)), BODY, /not a v0/],
    ['a long signature', SECRET, headers(`${SLACK_SAYS}00`), BODY, /not a v0/],
  ])('refuses %s', (_label, secret, given, body, why) => {
    expect(signatureProblem(secret, given, body)).toMatch(why);
  });
});
