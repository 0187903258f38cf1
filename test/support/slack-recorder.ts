import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseWebApiBody, readBody } from '../../src/sandbox/web-api-body.js';

export interface RecordedCall {
  /** Web API method such as `chat.postMessage`, or the path for response_url posts. */
  readonly method: string;
  readonly body: Record<string, unknown>;
  readonly authorization?: string;
}

/**
 * Slack's Web API and response_url on 127.0.0.1: records every call and answers `ok`.
 * `delayMs` makes it slow, `failWith` makes methods answer `{ ok: false, error }`.
 */
export class SlackRecorder {
  readonly calls: RecordedCall[] = [];
  delayMs = 0;
  failWith = new Map<string, string>();
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
      if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      const error = this.failWith.get(method);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify(
          error
            ? { ok: false, error }
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
    this.delayMs = 0;
  }
}
