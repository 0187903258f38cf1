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

/** The query protocol's error (RDS, Auto Scaling), e.g. `queryFault(400, 'InvalidParameterCombination', '…')`. */
export function queryFault(status: number, code: string, message: string): AwsFault {
  return {
    status,
    contentType: 'text/xml',
    body: `<?xml version="1.0" encoding="UTF-8"?><ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fault-1</RequestId></ErrorResponse>`,
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

/** EC2 throttling as it answers it: 503 RequestLimitExceeded. */
export const THROTTLED = ec2Fault(503, 'RequestLimitExceeded', 'Request limit exceeded.');
/** A server-side failure. */
export const SERVER_ERROR = ec2Fault(500, 'InternalError', 'An internal error has occurred.');

/** What a request looks like to a rule: its operation and the region its signature names. */
export interface SeenRequest {
  readonly operation: string;
  readonly region: string | undefined;
  readonly service: string | undefined;
}

/** What a matching rule does to a request. */
export type Effect =
  /** Answer with an AWS error. */
  | { readonly fault: AwsFault }
  /** Close the connection without answering (a reset). */
  | { readonly reset: true }
  /** Never answer (until the proxy stops): a hung call. */
  | { readonly hang: true }
  /** Answer after a delay, forwarded. */
  | { readonly delayMs: number };

export interface Rule {
  /** Matches when every given field matches. */
  readonly operation?: string;
  readonly region?: string;
  readonly service?: string;
  /** Matches a request whose body has this text (form-encoded for the query protocol). */
  readonly bodyIncludes?: string;
  readonly effect: Effect;
  /** Applies this many times, then the rule is spent; unlimited when absent. */
  readonly times?: number;
}

/**
 * A fault-injecting proxy on 127.0.0.1 between the functions and moto: throttling, 5xx and
 * other AWS errors, resets, hangs and delays, for chosen operations ("StopInstances" from
 * EC2's Action, "TransactWriteItems" from DynamoDB's X-Amz-Target), regions (from the
 * request's SigV4 scope, so "us-east-1 down" is one rule) or services. Every other request is
 * passed on. Point AWS_ENDPOINT_URL_* at `url`. `faults` is a shorthand: operation → error.
 */
export class AwsFaultProxy {
  readonly faults = new Map<string, AwsFault>();
  readonly rules: (Rule & { used: number })[] = [];
  /** Every request seen, in order, with what was done to it. */
  readonly seen: (SeenRequest & { readonly effect: string })[] = [];
  /** Called for each request before its rule applies (to act "while a call is in flight"). */
  onRequest: ((seen: SeenRequest) => void | Promise<void>) | undefined;
  #server: Server | undefined;
  #port = 0;
  readonly #hung = new Set<() => void>();

  constructor(private readonly target: () => string) {}

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  /** Adds a rule; returns a function that removes it. */
  add(rule: Rule): () => void {
    const entry = { ...rule, used: 0 };
    this.rules.push(entry);
    return () => {
      const i = this.rules.indexOf(entry);
      if (i >= 0) this.rules.splice(i, 1);
    };
  }

  clear(): void {
    this.faults.clear();
    this.rules.length = 0;
    this.seen.length = 0;
    this.onRequest = undefined;
    for (const release of this.#hung) release();
    this.#hung.clear();
  }

  async start(): Promise<void> {
    const server = createServer(async (incoming, outgoing) => {
      const body = await readAll(incoming);
      const seen = seenOf(incoming, body);
      await this.onRequest?.(seen);
      const shorthand = this.faults.get(seen.operation);
      const rule = shorthand ? undefined : this.#match(seen, body.toString('utf8'));
      const effect: Effect | undefined = shorthand ? { fault: shorthand } : rule?.effect;
      this.seen.push({ ...seen, effect: effect ? (Object.keys(effect)[0] ?? 'pass') : 'pass' });
      if (effect && 'fault' in effect) {
        // Dated by this process's clock, as AWS's answers agree with the caller's: where a test
        // moves Date, a real-time Date header looks like clock skew to the SDK, which then
        // retries even an error that is no use retrying.
        outgoing.writeHead(effect.fault.status, {
          'content-type': effect.fault.contentType,
          date: new Date().toUTCString(),
        });
        outgoing.end(effect.fault.body);
        return;
      }
      if (effect && 'reset' in effect) {
        incoming.socket.destroy();
        return;
      }
      if (effect && 'hang' in effect) {
        await new Promise<void>((resolve) => {
          const release = () => {
            incoming.socket.destroy();
            resolve();
          };
          this.#hung.add(release);
          incoming.socket.once('close', () => {
            this.#hung.delete(release);
            resolve();
          });
        });
        return;
      }
      if (effect && 'delayMs' in effect) {
        await new Promise((resolve) => setTimeout(resolve, effect.delayMs));
      }
      this.#forward(incoming, outgoing, body);
    });
    this.#server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.#port = (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    for (const release of this.#hung) release();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  #match(seen: SeenRequest, body: string): (Rule & { used: number }) | undefined {
    const rule = this.rules.find(
      (r) =>
        (r.operation === undefined || r.operation === seen.operation) &&
        (r.bodyIncludes === undefined || body.includes(r.bodyIncludes)) &&
        (r.region === undefined || r.region === seen.region) &&
        (r.service === undefined || r.service === seen.service) &&
        (r.times === undefined || r.used < r.times),
    );
    if (rule) rule.used += 1;
    return rule;
  }

  #forward(
    incoming: IncomingMessage,
    outgoing: import('node:http').ServerResponse,
    body: Buffer,
  ): void {
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
  }
}

function seenOf(incoming: IncomingMessage, body: Buffer): SeenRequest {
  const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\//.exec(
    String(incoming.headers.authorization ?? ''),
  );
  const target = incoming.headers['x-amz-target'];
  const operation =
    typeof target === 'string'
      ? (target.split('.').pop() ?? target)
      : (new URLSearchParams(body.toString('utf8')).get('Action') ?? '');
  return { operation, region: scope?.[1], service: scope?.[2] };
}

async function readAll(incoming: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
