import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An AWS error answer: HTTP status and the body the service's protocol uses. */
export interface AwsFault {
  readonly status: number;
  readonly body: string;
  readonly contentType: string;
}

/** EC2's query-protocol error, e.g. `ec2Fault(403, 'UnauthorizedOperation', 'You are not…')`. */
export function ec2Fault(status: number, code: string, message: string): AwsFault {
  return {
    status,
    contentType: 'text/xml',
    body: `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>fault-1</RequestID></Response>`,
  };
}

/** DynamoDB's JSON error, e.g. `dynamoFault('AccessDeniedException', 'User: arn:…')`. */
export function dynamoFault(code: string, message: string): AwsFault {
  return {
    status: 400,
    contentType: 'application/x-amz-json-1.0',
    body: JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${code}`, message }),
  };
}

/**
 * A proxy in front of moto that answers chosen operations ("StartInstances" from EC2's
 * Action, "TransactWriteItems" from DynamoDB's X-Amz-Target) with an AWS error, and passes
 * every other request on. Point AWS_ENDPOINT_URL_* at `url`.
 */
export class AwsFaultProxy {
  readonly faults = new Map<string, AwsFault>();
  #server: Server | undefined;
  #port = 0;

  constructor(private readonly target: () => string) {}

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  async start(): Promise<void> {
    const server = createServer(async (incoming, outgoing) => {
      const body = await readAll(incoming);
      const fault = this.faults.get(operationOf(incoming, body));
      if (fault) {
        outgoing.writeHead(fault.status, { 'content-type': fault.contentType });
        outgoing.end(fault.body);
        return;
      }
      const target = new URL(this.target());
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
  return new URLSearchParams(body.toString('utf8')).get('Action') ?? '';
}

async function readAll(incoming: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
