import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseWebApiBody, readBody } from '../../src/sandbox/web-api-body.js';

export interface RecordedCall {
  /** Web API method such as `chat.postMessage`, or the path for response_url posts. */
  readonly method: string;
  readonly body: Record<string, unknown>;
  readonly authorization?: string;
}

/** The users.info answer for a member of the test workspace. */
export function workspaceMember(id: string): Record<string, unknown> {
  return {
    id,
    team_id: 'T0TEST',
    name: id.toLowerCase(),
    deleted: false,
    is_bot: false,
    is_restricted: false,
    is_ultra_restricted: false,
  };
}

/**
 * Slack's Web API and response_url on 127.0.0.1: records every call and answers `ok`.
 * `delayMs` makes it slow, `failWith` makes methods answer `{ ok: false, error }`.
 * users.info answers a member of the test workspace, or what `users` holds for the id.
 */
export class SlackRecorder {
  readonly calls: RecordedCall[] = [];
  delayMs = 0;
  failWith = new Map<string, string>();
  /** users.info answers by user id, over `workspaceMember(id)`. */
  users = new Map<string, Record<string, unknown>>();
  /** Extra delay for one method only, e.g. users.info. */
  delayFor = new Map<string, number>();
  private server: Server | undefined;
  private port = 0;

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  async start(): Promise<void> {
    const server = createServer(async (request, response) => {
      const body = parseWebApiBody(request.headers['content-type'], await readBody(request));
      const path = request.url ?? '/';
      const method = path.startsWith('/api/')
        ? (path.slice('/api/'.length).split('?')[0] ?? '')
        : path;
      this.calls.push({
        method,
        body,
        ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
      });
      const delay = this.delayMs + (this.delayFor.get(method) ?? 0);
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      const error = this.failWith.get(method);
      const user = String(body.user ?? '');
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify(
          error
            ? { ok: false, error }
            : method === 'users.info'
              ? { ok: true, user: { ...workspaceMember(user), ...this.users.get(user) } }
              : {
                  ok: true,
                  channel: body.channel,
                  ts: `1764000000.${String(this.calls.length).padStart(6, '0')}`,
                },
        ),
      );
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  of(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  clear(): void {
    this.calls.length = 0;
    this.failWith.clear();
    this.users.clear();
    this.delayFor.clear();
    this.delayMs = 0;
  }
}
