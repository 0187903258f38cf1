import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Block } from '../../src/slack/blocks.js';
import { lightSlackApi } from '../../src/slack/light-slack-api.js';
import { SlackApiError } from '../../src/slack/slack-api.js';

interface Seen {
  method: string;
  auth: string | undefined;
  contentType: string | undefined;
  form: Record<string, string>;
}

let server: Server;
let url: string;
const seen: Seen[] = [];
let answer: (method: string) => { status?: number; body: string; delayMs?: number } = () => ({
  body: '{"ok":true}',
});

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let text = '';
    req.on('data', (c: Buffer) => {
      text += c.toString('utf8');
    });
    req.on('end', () => resolve(text));
  });

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const method = (req.url ?? '').replace(/^\/api\//, '');
    const body = await readBody(req);
    seen.push({
      method,
      auth: req.headers.authorization,
      contentType: req.headers['content-type'],
      form: Object.fromEntries(new URLSearchParams(body)),
    });
    const a = answer(method);
    setTimeout(() => {
      res.writeHead(a.status ?? 200, { 'content-type': 'application/json' });
      res.end(a.body);
    }, a.delayMs ?? 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('lightSlackApi', () => {
  it('posts a form with the bot token, blocks as JSON, and reads the answer', async () => {
    seen.length = 0;
    answer = (method) =>
      method === 'users.info'
        ? { body: JSON.stringify({ ok: true, user: { id: 'U1', team_id: 'T1' } }) }
        : method === 'usergroups.users.list'
          ? { body: JSON.stringify({ ok: true, users: ['U1', 7, 'U2'] }) }
          : { body: '{"ok":true}' };
    const slack = lightSlackApi({ token: 'xoxb-1', apiUrl: url, timeoutMs: 1_000 });
    expect(await slack.usersInfo('U1')).toEqual({ id: 'U1', team_id: 'T1' });
    expect(await slack.usergroupUsers('S1')).toEqual(['U1', 'U2']);
    const blocks: Block[] = [{ type: 'section', text: { type: 'mrkdwn', text: 'café & <tea>' } }];
    await slack.postMessage('C1', { text: 'café & <tea>', blocks });
    await slack.postEphemeral('C1', 'U1', { text: 'hi', blocks: [] });
    await slack.update('C1', '1.2', 'new', blocks);
    expect(seen.map((s) => s.method)).toEqual([
      'users.info',
      'usergroups.users.list',
      'chat.postMessage',
      'chat.postEphemeral',
      'chat.update',
    ]);
    expect(new Set(seen.map((s) => s.auth))).toEqual(new Set(['Bearer xoxb-1']));
    expect(new Set(seen.map((s) => s.contentType))).toEqual(
      new Set(['application/x-www-form-urlencoded']),
    );
    expect(seen[2]?.form).toEqual({
      channel: 'C1',
      text: 'café & <tea>',
      blocks: JSON.stringify(blocks),
      unfurl_links: 'false',
    });
    expect(seen[4]?.form).toMatchObject({ channel: 'C1', ts: '1.2', text: 'new' });
  });

  it('an ok:false answer is a SlackApiError carrying Slack’s code', async () => {
    answer = () => ({ body: '{"ok":false,"error":"channel_not_found"}' });
    const slack = lightSlackApi({ token: 't', apiUrl: `${url}/`, timeoutMs: 1_000 });
    const failure = await slack.postMessage('C9', { text: 'x', blocks: [] }).catch((e) => e);
    expect(failure).toBeInstanceOf(SlackApiError);
    expect(failure.data.error).toBe('channel_not_found');
  });

  it('a body that is not JSON (a proxy’s error page) is an invalid_response', async () => {
    answer = () => ({ status: 502, body: '<html>Bad gateway</html>' });
    const slack = lightSlackApi({ token: 't', apiUrl: url, timeoutMs: 1_000 });
    const failure = await slack.usersInfo('U1').catch((e) => e);
    expect(failure.data.error).toBe('invalid_response');
  });

  it('gives up after its timeout', async () => {
    answer = () => ({ body: '{"ok":true}', delayMs: 600 });
    const slack = lightSlackApi({ token: 't', apiUrl: url, timeoutMs: 100 });
    const started = performance.now();
    const failure = await slack.usersInfo('U1').catch((e) => e);
    expect(failure.name).toBe('TimeoutError');
    expect(performance.now() - started).toBeLessThan(500);
  });
});
