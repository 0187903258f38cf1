import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterEach, describe, expect, it } from 'vitest';
import { cancelledAt, isConditionFailure } from '../../src/aws/document-table.js';
import { type LightTableSettings, lightTable } from '../../src/aws/light-table.js';

// A stand-in DynamoDB on 127.0.0.1 that fails the way the real one can: answers, errors,
// hangs, resets. Every server is closed after its test, hung connections included.

interface Received {
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  readonly socket: Socket;
}

type Answer = (response: ServerResponse, request: IncomingMessage, index: number) => void;

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function stubDynamo(
  ...answers: Answer[]
): Promise<{ endpoint: string; received: Received[] }> {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const index = received.length;
      received.push({
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        socket: request.socket,
      });
      const answer = answers[Math.min(index, answers.length - 1)];
      answer?.(response, request, index);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push({
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { endpoint: `http://127.0.0.1:${address.port}`, received };
}

const ok =
  (body: unknown): Answer =>
  (response) => {
    response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
    response.end(JSON.stringify(body));
  };
const failing =
  (status: number, type: string, extra: Record<string, unknown> = {}): Answer =>
  (response) => {
    response.writeHead(status, { 'x-amzn-requestid': `req-${type}` });
    response.end(
      JSON.stringify({
        __type: `com.amazonaws.dynamodb.v20120810#${type}`,
        message: type,
        ...extra,
      }),
    );
  };
const hangs: Answer = () => {};
const resets: Answer = (_, request) => request.socket.resetAndDestroy();
const cutOff: Answer = (response, request) => {
  response.writeHead(200, { 'content-length': '200' });
  response.write('{"Item": {"pk": ', () => request.socket.destroy());
};

const FOUND = { Item: { pk: { S: 'snooze' }, sk: { S: 's1' }, n: { N: '1' } } };
const KEY = { pk: 'snooze', sk: 's1' };
const CREDENTIALS = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret', sessionToken: 'token' };

function settings(endpoint: string, more: Partial<LightTableSettings> = {}): LightTableSettings {
  return {
    region: 'eu-west-1',
    credentials: CREDENTIALS,
    endpoint,
    connectionTimeoutMs: 200,
    requestTimeoutMs: 300,
    maxAttempts: 2,
    ...more,
  };
}

async function caught(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to fail');
}

/** The signature the SDK's own signer gives the request as the server received it. */
async function sdkSignature(received: Received, host: string): Promise<string | undefined> {
  class Sha256 {
    private readonly hash;
    constructor(secret?: unknown) {
      this.hash = secret
        ? createHmac('sha256', Buffer.from(secret as Uint8Array))
        : createHash('sha256');
    }
    update(data: Uint8Array) {
      this.hash.update(data);
    }
    async digest() {
      return new Uint8Array(this.hash.digest());
    }
  }
  const amzDate = String(received.headers['x-amz-date']);
  const signingDate = new Date(
    amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'),
  );
  const signer = new SignatureV4({
    credentials: CREDENTIALS,
    region: 'eu-west-1',
    service: 'dynamodb',
    sha256: Sha256,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      path: '/',
      query: {},
      headers: {
        host,
        'content-type': String(received.headers['content-type']),
        'x-amz-target': String(received.headers['x-amz-target']),
      },
      body: received.body,
    },
    { signingDate },
  );
  return signed.headers.authorization;
}

describe('lightTable on the wire', () => {
  it("sends DynamoDB's JSON protocol, signed as the SDK's signer signs it", async () => {
    // Prepare
    const { endpoint, received } = await stubDynamo(ok(FOUND));

    // Act
    const item = await lightTable(settings(endpoint), 'stopinator').get(KEY, { consistent: true });

    // Assess
    expect(item).toEqual({ pk: 'snooze', sk: 's1', n: 1 });
    const [request] = received;
    if (!request) throw new Error('nothing received');
    expect(request.headers).toMatchObject({
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'DynamoDB_20120810.GetItem',
      'x-amz-security-token': 'token',
      host: new URL(endpoint).host,
    });
    expect(JSON.parse(request.body)).toEqual({
      TableName: 'stopinator',
      Key: { pk: { S: 'snooze' }, sk: { S: 's1' } },
      ConsistentRead: true,
    });
    expect(request.headers.authorization).toBe(await sdkSignature(request, new URL(endpoint).host));
  });

  it('keeps the connection for the next call', async () => {
    // Prepare
    const { endpoint, received } = await stubDynamo(ok(FOUND));
    const table = lightTable(settings(endpoint), 'stopinator');

    // Act
    await table.get(KEY);
    await table.get(KEY);

    // Assess
    expect(received).toHaveLength(2);
    expect(received[1]?.socket).toBe(received[0]?.socket);
  });

  it.each([
    ['a 500', failing(500, 'InternalServerError')],
    ['a 503 without a JSON body', (r: ServerResponse) => r.writeHead(503).end('unavailable')],
    ['throttling', failing(400, 'ProvisionedThroughputExceededException')],
    ['ThrottlingException', failing(400, 'ThrottlingException')],
    ['a connection reset', resets],
    ['a hung answer', hangs],
    ['an answer cut off halfway', cutOff],
  ])('tries again after %s, and gives the answer', async (_, first) => {
    // Prepare
    const { endpoint, received } = await stubDynamo(first as Answer, ok(FOUND));

    // Act
    const item = await lightTable(settings(endpoint), 'stopinator').get(KEY);

    // Assess
    expect(item).toEqual({ pk: 'snooze', sk: 's1', n: 1 });
    expect(received).toHaveLength(2);
  });

  it('gives up after maxAttempts with the last error, as the SDK names it', async () => {
    // Prepare
    const { endpoint, received } = await stubDynamo(
      failing(400, 'ProvisionedThroughputExceededException'),
    );

    // Act
    const error = await caught(
      lightTable(settings(endpoint, { maxAttempts: 3 }), 'stopinator').get(KEY),
    );

    // Assess
    expect(received).toHaveLength(3);
    expect(error.name).toBe('ProvisionedThroughputExceededException');
    expect(error).toMatchObject({
      $fault: 'client',
      $retryable: { throttling: true },
      $metadata: {
        httpStatusCode: 400,
        attempts: 3,
        requestId: 'req-ProvisionedThroughputExceededException',
      },
    });
  });

  it('never tries a failed condition again', async () => {
    // Prepare
    const { endpoint, received } = await stubDynamo(
      failing(400, 'ConditionalCheckFailedException'),
      ok({}),
    );

    // Act
    const error = await caught(
      lightTable(settings(endpoint), 'stopinator').put(
        { ...KEY },
        { expression: 'attribute_not_exists(pk)' },
      ),
    );

    // Assess
    expect(received).toHaveLength(1);
    expect(isConditionFailure(error)).toBe(true);
    expect(error.$retryable).toBeUndefined();
  });

  it('carries the cancellation reasons of a cancelled transaction, and does not retry it', async () => {
    // Prepare
    const reasons = [{ Code: 'None' }, { Code: 'ConditionalCheckFailed', Message: 'failed' }];
    const { endpoint, received } = await stubDynamo(
      failing(400, 'TransactionCanceledException', { CancellationReasons: reasons }),
    );

    // Act
    const error = await caught(
      lightTable(settings(endpoint), 'stopinator').transact([
        { put: { ...KEY } },
        { delete: KEY, condition: { expression: 'attribute_exists(pk)' } },
      ]),
    );

    // Assess
    expect(received).toHaveLength(1);
    expect(cancelledAt(error)).toEqual([1]);
    expect(error.CancellationReasons).toEqual(reasons);
    const sent = JSON.parse(received[0]?.body ?? '{}') as { ClientRequestToken?: string };
    expect(sent.ClientRequestToken).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends a retried transaction with the same request token, so it is applied once', async () => {
    // Prepare
    const { endpoint, received } = await stubDynamo(failing(500, 'InternalServerError'), ok({}));

    // Act
    await lightTable(settings(endpoint), 'stopinator').transact([{ put: { ...KEY } }]);

    // Assess
    const tokens = received.map(
      (r) => (JSON.parse(r.body) as { ClientRequestToken: string }).ClientRequestToken,
    );
    expect(tokens).toHaveLength(2);
    expect(tokens[1]).toBe(tokens[0]);
  });

  it('times out a hung answer after requestTimeoutMs, each attempt', async () => {
    // Prepare
    const { endpoint, received } = await stubDynamo(hangs);
    const started = Date.now();

    // Act
    const error = await caught(lightTable(settings(endpoint), 'stopinator').get(KEY));

    // Assess
    const elapsed = Date.now() - started;
    expect(error.name).toBe('TimeoutError');
    expect(error.message).toMatch(/did not answer within 300 ms/);
    expect(received).toHaveLength(2);
    expect(elapsed).toBeGreaterThanOrEqual(600);
    expect(elapsed).toBeLessThan(2_000);
  });

  it('times out a connection not made within connectionTimeoutMs', async () => {
    // Prepare: a TCP port that accepts but never speaks TLS, so the handshake never ends.
    const sockets: Socket[] = [];
    const silent = createTcpServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    servers.push({
      close: () => {
        for (const socket of sockets) socket.destroy();
        silent.close();
      },
    });
    const address = silent.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    const endpoint = `https://127.0.0.1:${address.port}`;

    // Act
    const error = await caught(
      lightTable(
        settings(endpoint, { connectionTimeoutMs: 100, requestTimeoutMs: 2_000 }),
        't',
      ).get(KEY),
    );

    // Assess
    expect(error.name).toBe('TimeoutError');
    expect(error.message).toMatch(/no connection to 127\.0\.0\.1:\d+ within 100 ms/);
    expect(sockets).toHaveLength(2);
  });

  it.each([
    ['reset', resets],
    ['cut off', cutOff],
  ])('gives the connection error, at once, when every attempt is %s', async (_, answer) => {
    // Prepare
    const { endpoint, received } = await stubDynamo(answer);
    const started = Date.now();

    // Act
    const error = await caught(lightTable(settings(endpoint), 'stopinator').get(KEY));

    // Assess: not a TimeoutError, which two attempts of 300 ms would give after 600 ms.
    expect(error.code).toBe('ECONNRESET');
    expect(received).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(500);
  });
});
