import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A recording proxy in front of moto: every AWS call that goes through it is noted by
 * operation ("DescribeInstances" from EC2's Action field, "Query" from DynamoDB's
 * X-Amz-Target header) and passed on unchanged. Point AWS_ENDPOINT_URL_* at `url`.
 */
export class AwsRequestLog {
  readonly operations: string[] = [];
  #server: Server | undefined;
  #port = 0;

  constructor(private readonly target: string) {}

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  async start(): Promise<void> {
    const target = new URL(this.target);
    const server = createServer(async (incoming, outgoing) => {
      const body = await readAll(incoming);
      this.operations.push(operationOf(incoming, body));
      const forwarded = request(
        {
          host: target.hostname,
          port: target.port,
          method: incoming.method,
          path: incoming.url,
          headers: { ...incoming.headers, host: target.host },
        },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      forwarded.on('error', () => {
        outgoing.writeHead(502);
        outgoing.end();
      });
      forwarded.end(body);
    });
    this.#server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.#port = (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function operationOf(incoming: IncomingMessage, body: Buffer): string {
  const target = incoming.headers['x-amz-target'];
  if (typeof target === 'string') return target.split('.').pop() ?? target;
  const action = new URLSearchParams(body.toString('utf8')).get('Action');
  return action ?? `${incoming.method} ${incoming.url}`;
}

async function readAll(incoming: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
