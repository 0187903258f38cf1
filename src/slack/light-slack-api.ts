import type { Agent, IncomingMessage, RequestOptions } from 'node:http';
import type { Block, SlackMessage } from './blocks.js';
import { type SlackApi, SlackApiError, type SlackUser } from './slack-api.js';

type Https = typeof import('node:https');
type Http = typeof import('node:http');

/**
 * The Slack Web API over node:https, without @slack/web-api: the bot's slash commands answer
 * from a cold start in Slack's 3 seconds, and loading the Web API client (axios and friends) is
 * a good part of that. Form-encoded POSTs, as Slack accepts for every method; one attempt,
 * with a timeout, inside the caller's deadline.
 */
export function lightSlackApi(options: {
  readonly token: string;
  /** SLACK_API_URL: `https://slack.com/api/` by default. */
  readonly apiUrl?: string;
  readonly timeoutMs: number;
}): SlackApi {
  const base = new URL(options.apiUrl ?? 'https://slack.com/api/');
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  // Through getBuiltinModule: an ES import of node:http costs milliseconds of loading on Node 24.
  const transport = (
    base.protocol === 'http:'
      ? process.getBuiltinModule('node:http')
      : process.getBuiltinModule('node:https')
  ) as Https | Http;
  const agent: Agent = new transport.Agent({ keepAlive: true });

  async function call(
    method: string,
    fields: Record<string, string>,
  ): Promise<Record<string, unknown>> {
    const url = new URL(method, base);
    const body = new URLSearchParams(fields).toString();
    const request: RequestOptions = {
      method: 'POST',
      hostname: url.hostname,
      port: url.port,
      path: `${url.pathname}${url.search}`,
      agent,
      headers: {
        authorization: `Bearer ${options.token}`,
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': Buffer.byteLength(body),
      },
    };
    const text = await new Promise<string>((resolve, reject) => {
      const req = transport.request(request, (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        res.on('error', reject);
      });
      req.setTimeout(options.timeoutMs, () =>
        req.destroy(
          Object.assign(new Error(`Slack ${method} timed out`), { name: 'TimeoutError' }),
        ),
      );
      req.on('error', reject);
      req.end(body);
    });
    let answer: Record<string, unknown>;
    try {
      answer = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new SlackApiError(method, 'invalid_response');
    }
    if (answer.ok !== true)
      throw new SlackApiError(method, String(answer.error ?? 'unknown_error'));
    return answer;
  }

  const message = (m: SlackMessage) => ({ text: m.text, blocks: JSON.stringify(m.blocks) });
  return {
    async usersInfo(user) {
      return ((await call('users.info', { user })).user ?? {}) as SlackUser;
    },
    async usergroupUsers(usergroup) {
      const users = (await call('usergroups.users.list', { usergroup })).users;
      return Array.isArray(users) ? users.filter((u): u is string => typeof u === 'string') : [];
    },
    async postMessage(channel, m) {
      await call('chat.postMessage', { channel, ...message(m), unfurl_links: 'false' });
    },
    async postEphemeral(channel, user, m) {
      await call('chat.postEphemeral', { channel, user, ...message(m) });
    },
    async update(channel, ts, text, blocks: readonly Block[]) {
      await call('chat.update', { channel, ts, text, blocks: JSON.stringify(blocks) });
    },
  };
}
