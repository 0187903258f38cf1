/**
 * DynamoDB's JSON protocol over node:http(s): one signed POST per call, retried on throttling,
 * DynamoDB's own failures, lost connections and timeouts, never on a failed condition.
 * Connections are kept alive across calls, so a warm container pays for TLS once.
 */
import type * as http from 'node:http';
import { DynamoServiceError, isTransient, serviceError, TimeoutError } from './dynamo-errors.js';
import {
  checkedEndpoint,
  type LightTableSettings,
  regionEndpoint,
} from './light-table-settings.js';
import { BOT_CLIENT_SETTINGS } from './retry-settings.js';
import { signatureHeaders } from './sigv4.js';

export type DynamoOperation = 'Query' | 'GetItem' | 'PutItem' | 'DeleteItem' | 'TransactWriteItems';

/** Sends one operation and gives back DynamoDB's answer, its attribute values as they came. */
export type DynamoCall = (
  operation: DynamoOperation,
  input: Readonly<Record<string, unknown>>,
) => Promise<Record<string, unknown>>;

type Transport = Pick<typeof http, 'Agent' | 'request'>;

interface Exchange {
  readonly url: URL;
  readonly transport: Transport;
  readonly agent: http.Agent;
  readonly connectionTimeoutMs: number;
  readonly requestTimeoutMs: number;
}

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly requestId: string | undefined;
}

export function dynamoCall(settings: LightTableSettings): DynamoCall {
  const url = new URL(checkedEndpoint(settings.endpoint ?? regionEndpoint(settings.region)));
  const transport = transportFor(url);
  const exchange: Exchange = {
    url,
    transport,
    agent: new transport.Agent({ keepAlive: true }),
    connectionTimeoutMs:
      settings.connectionTimeoutMs ?? BOT_CLIENT_SETTINGS.requestHandler.connectionTimeout,
    requestTimeoutMs:
      settings.requestTimeoutMs ?? BOT_CLIENT_SETTINGS.requestHandler.requestTimeout,
  };
  const maxAttempts = Math.max(1, settings.maxAttempts ?? BOT_CLIENT_SETTINGS.maxAttempts);

  return async (operation, input) => {
    const body = JSON.stringify(input);
    for (let attempt = 1; ; attempt++) {
      try {
        const headers = signedHeaders(settings, url, operation, body, new Date());
        const answer = await send(exchange, headers, body);
        if (answer.status !== 200) throw serviceError(answer.status, answer.body, answer.requestId);
        return parsed(answer, operation);
      } catch (error) {
        if (error instanceof DynamoServiceError) error.$metadata.attempts = attempt;
        if (attempt >= maxAttempts || !isTransient(error)) throw error;
        await backoff();
      }
    }
  };
}

// Not `import ... from 'node:http'`: an ES module import of node:http builds its namespace,
// which reads the lazy WebSocket getters and so loads undici, ~15 ms on Node 24 for nothing.
// process.getBuiltinModule (Node 20.16+) gives the module as require() does.
function transportFor(url: URL): Transport {
  return url.protocol === 'https:'
    ? process.getBuiltinModule('node:https')
    : process.getBuiltinModule('node:http');
}

function signedHeaders(
  settings: LightTableSettings,
  url: URL,
  operation: DynamoOperation,
  body: string,
  date: Date,
): Record<string, string> {
  const headers = {
    'content-type': 'application/x-amz-json-1.0',
    'x-amz-target': `DynamoDB_20120810.${operation}`,
  };
  const signature = signatureHeaders(
    { method: 'POST', host: url.host, path: url.pathname, headers, body },
    { credentials: settings.credentials, region: settings.region, service: 'dynamodb', date },
  );
  return {
    host: url.host,
    ...headers,
    'content-length': String(Buffer.byteLength(body)),
    'user-agent': 'stopinator-light-table',
    ...signature,
  };
}

/** One request and its whole answer, within the connection and request timeouts. */
function send(exchange: Exchange, headers: Record<string, string>, body: string): Promise<Answer> {
  const { url, transport, agent, connectionTimeoutMs, requestTimeoutMs } = exchange;
  const secure = url.protocol === 'https:';
  return new Promise<Answer>((resolve, reject) => {
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      outcome();
    };
    const fail = (error: Error) => finish(() => reject(error));
    const request = transport.request({
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port || undefined,
      path: url.pathname,
      method: 'POST',
      headers,
      agent,
    });
    const timeOut = (message: string) => {
      fail(new TimeoutError(message));
      request.destroy();
    };
    timers.push(
      setTimeout(
        () => timeOut(`DynamoDB did not answer within ${requestTimeoutMs} ms`),
        requestTimeoutMs,
      ),
    );
    request.on('socket', (socket) => {
      if (!socket.connecting) return; // a kept-alive connection, already made
      const connecting = setTimeout(
        () => timeOut(`no connection to ${url.host} within ${connectionTimeoutMs} ms`),
        connectionTimeoutMs,
      );
      timers.push(connecting);
      socket.once(secure ? 'secureConnect' : 'connect', () => clearTimeout(connecting));
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', fail);
      response.on('close', () => {
        if (!response.complete) fail(connectionLost('the answer from DynamoDB was cut off'));
      });
      response.on('end', () =>
        finish(() =>
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            requestId: headerText(response.headers['x-amzn-requestid']),
          }),
        ),
      );
    });
    request.on('error', fail);
    request.end(body);
  });
}

function parsed(answer: Answer, operation: DynamoOperation): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(answer.body || '{}');
    if (value && typeof value === 'object') return value as Record<string, unknown>;
  } catch {
    // said below
  }
  throw new Error(`DynamoDB ${operation} answered 200 with a body that is not a JSON object`);
}

function connectionLost(message: string): Error {
  return Object.assign(new Error(message), { code: 'ECONNRESET' });
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

// Short: the bot has seconds. Jittered, so retries from concurrent calls spread out.
function backoff(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 50));
}
