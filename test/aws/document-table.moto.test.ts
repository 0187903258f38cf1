import { beforeEach, describe, expect, it } from 'vitest';
import { createTable } from '../../src/aws/create-table.js';
import {
  cancelledAt,
  type DocumentTable,
  type Item,
  isConditionFailure,
} from '../../src/aws/document-table.js';
import { dynamoCall } from '../../src/aws/dynamo-http.js';
import { type LightTableSettings, lightTable } from '../../src/aws/light-table.js';
import { sdkTable } from '../../src/aws/sdk-table.js';
import { TEST_CREDENTIALS, testDynamoClient } from '../support/aws-clients.js';
import { useMoto } from '../support/moto.js';

// One contract, both tables: what the adapters may rely on, on moto.
const TABLE = 'stopinator-contract';
const moto = useMoto();

/** A request as it went out: the operation and its (marshalled) input. */
interface Sent {
  readonly operation: string;
  readonly input: Record<string, unknown>;
}

interface Subject {
  readonly table: DocumentTable;
  readonly sent: Sent[];
}

function sdkSubject(endpoint: string): Subject {
  const client = testDynamoClient(endpoint);
  const sent: Sent[] = [];
  client.middlewareStack.add(
    (next, context) => (args) => {
      const operation = (context.commandName ?? 'unknown').replace(/Command$/, '');
      sent.push({ operation, input: structuredClone(args.input as Record<string, unknown>) });
      return next(args);
    },
    { step: 'build', name: 'recordSent' },
  );
  return { table: sdkTable(client, TABLE), sent };
}

function lightSettings(endpoint: string): LightTableSettings {
  return { region: 'eu-west-1', credentials: TEST_CREDENTIALS, endpoint, maxAttempts: 1 };
}

function lightSubject(endpoint: string): Subject {
  const settings = lightSettings(endpoint);
  const call = dynamoCall(settings);
  const sent: Sent[] = [];
  const table = lightTable(settings, TABLE, (operation, input) => {
    sent.push({ operation, input: structuredClone(input) });
    return call(operation, input);
  });
  return { table, sent };
}

/** Every kind of value the adapters store, with undefined where it must disappear. */
const EVERY_KIND = {
  pk: 'contract',
  sk: 'every-kind',
  text: 'été ☀️ 🌙 日本語 \u0000 "quoted" \\ back',
  empty: '',
  zero: 0,
  negative: -1.5,
  epochMs: 1795546800000,
  tiny: 1e-7,
  third: 1 / 3,
  largest: Number.MAX_SAFE_INTEGER,
  yes: true,
  no: false,
  nothing: null,
  bytes: new Uint8Array([0, 1, 127, 128, 254, 255]),
  emptyBytes: new Uint8Array([]),
  list: [1, 'two', [3, [4]], { five: 5 }, null, undefined, new Uint8Array([6])],
  emptyList: [],
  map: { nested: { deeper: { list: [true, { x: '' }] }, gone: undefined }, n: -0.25 },
  emptyMap: {},
  dropped: undefined,
};

const { dropped: _dropped, ...everyKindStored } = {
  ...EVERY_KIND,
  list: [1, 'two', [3, [4]], { five: 5 }, null, new Uint8Array([6])],
  map: { nested: { deeper: { list: [true, { x: '' }] } }, n: -0.25 },
};

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

beforeEach(async () => {
  await moto.reset();
  await createTable(testDynamoClient(moto.endpoint()), TABLE);
});

describe.each([
  ['sdkTable', sdkSubject],
  ['lightTable', lightSubject],
])('DocumentTable contract: %s', (_, subject) => {
  let table: DocumentTable;
  let sent: Sent[];

  beforeEach(() => {
    ({ table, sent } = subject(moto.endpoint()));
  });

  it('reads back every kind of value as it was put, undefined left out', async () => {
    // Act
    await table.put(EVERY_KIND);
    const item = await table.get({ pk: 'contract', sk: 'every-kind' });

    // Assess
    expect(item).toStrictEqual(everyKindStored);
    expect(Object.getPrototypeOf(item?.bytes)).toBe(Uint8Array.prototype);
    expect(item).not.toHaveProperty('dropped');
    expect(item?.map).not.toHaveProperty('nested.gone');
  });

  it('gives nothing for a key that holds no item', async () => {
    expect(await table.get({ pk: 'contract', sk: 'missing' })).toBeUndefined();
  });

  it('refuses a put whose attribute_not_exists condition fails, keeping the item', async () => {
    // Prepare
    const condition = { expression: 'attribute_not_exists(pk)' };
    await table.put({ pk: 'contract', sk: 'once', by: 'first' }, condition);

    // Act
    const error = await caught(table.put({ pk: 'contract', sk: 'once', by: 'second' }, condition));

    // Assess
    expect(isConditionFailure(error)).toBe(true);
    expect((error as Error).message).not.toBe('');
    expect(await table.get({ pk: 'contract', sk: 'once' })).toEqual({
      pk: 'contract',
      sk: 'once',
      by: 'first',
    });
  });

  it('puts only over the revision named in the condition', async () => {
    // Prepare
    const key = { pk: 'contract', sk: 'revised' };
    const over = (revision: number) => ({
      expression: '#r = :r',
      names: { '#r': 'revision' },
      values: { ':r': revision },
    });
    await table.put({ ...key, revision: 1 });

    // Act
    await table.put({ ...key, revision: 2 }, over(1));
    const stale = await caught(table.put({ ...key, revision: 2, lost: true }, over(1)));

    // Assess
    expect(isConditionFailure(stale)).toBe(true);
    expect(await table.get(key)).toEqual({ ...key, revision: 2 });
  });

  it('deletes an item and gives it back as it was; nothing when there was none', async () => {
    // Prepare
    await table.put({ pk: 'contract', sk: 'doomed', bytes: new Uint8Array([1, 2]), n: 7 });

    // Act
    const old = await table.delete({ pk: 'contract', sk: 'doomed' });
    const again = await table.delete({ pk: 'contract', sk: 'doomed' });

    // Assess
    expect(old).toStrictEqual({
      pk: 'contract',
      sk: 'doomed',
      bytes: new Uint8Array([1, 2]),
      n: 7,
    });
    expect(again).toBeUndefined();
    expect(await table.get({ pk: 'contract', sk: 'doomed' })).toBeUndefined();
  });

  it('queries one partition by sk prefix, ascending or descending, limited or not', async () => {
    // Prepare
    for (const sk of ['a#2', 'b#1', 'a#1', 'a#3', 'a']) await table.put({ pk: 'contract', sk });
    await table.put({ pk: 'other', sk: 'a#0' });
    const sks = (items: Item[]) => items.map((item) => item.sk);

    // Act
    const all = await table.query({ pk: 'contract' });
    const prefixed = await table.query({ pk: 'contract', skPrefix: 'a#' });
    const newest = await table.query({ pk: 'contract', skPrefix: 'a#', descending: true });
    const firstTwo = await table.query({ pk: 'contract', skPrefix: 'a#', limit: 2 });
    const lastOne = await table.query({ pk: 'contract', descending: true, limit: 1 });
    const none = await table.query({ pk: 'nobody' });

    // Assess
    expect(sks(all)).toEqual(['a', 'a#1', 'a#2', 'a#3', 'b#1']);
    expect(sks(prefixed)).toEqual(['a#1', 'a#2', 'a#3']);
    expect(sks(newest)).toEqual(['a#3', 'a#2', 'a#1']);
    expect(sks(firstTwo)).toEqual(['a#1', 'a#2']);
    expect(sks(lastOne)).toEqual(['b#1']);
    expect(none).toEqual([]);
  });

  it('reads every page of a partition larger than 1 MB', async () => {
    // Prepare: 300 items of 4 KB, about 1.2 MB, more than one Query answer holds.
    const padding = 'x'.repeat(4_000);
    const sks = Array.from({ length: 300 }, (_, i) => `page#${String(i).padStart(3, '0')}`);
    for (let i = 0; i < sks.length; i += 25) {
      await Promise.all(sks.slice(i, i + 25).map((sk) => table.put({ pk: 'big', sk, padding })));
    }
    sent.length = 0;

    // Act
    const items = await table.query({ pk: 'big' });

    // Assess
    expect(items.map((item) => item.sk)).toEqual(sks);
    const queries = sent.filter((s) => s.operation === 'Query');
    expect(queries.length).toBeGreaterThanOrEqual(2);
    expect(queries[0]?.input.ExclusiveStartKey).toBeUndefined();
    expect(queries.slice(1).every((q) => q.input.ExclusiveStartKey)).toBe(true);
  });

  it('asks for consistent reads when told to, and only then', async () => {
    // Prepare
    await table.put({ pk: 'contract', sk: 'fresh', n: 1 });
    sent.length = 0;

    // Act
    const got = await table.get({ pk: 'contract', sk: 'fresh' }, { consistent: true });
    const queried = await table.query({ pk: 'contract', consistent: true });
    await table.get({ pk: 'contract', sk: 'fresh' });

    // Assess
    expect(got).toEqual({ pk: 'contract', sk: 'fresh', n: 1 });
    expect(queried).toEqual([{ pk: 'contract', sk: 'fresh', n: 1 }]);
    expect(sent.map((s) => [s.operation, s.input.ConsistentRead])).toEqual([
      ['GetItem', true],
      ['Query', true],
      ['GetItem', undefined],
    ]);
  });

  it('writes a transaction all together', async () => {
    // Prepare
    await table.put({ pk: 'contract', sk: 'old' });

    // Act
    await table.transact([
      {
        put: { pk: 'contract', sk: 'new', n: 1 },
        condition: { expression: 'attribute_not_exists(pk)' },
      },
      { delete: { pk: 'contract', sk: 'old' }, condition: { expression: 'attribute_exists(pk)' } },
    ]);

    // Assess
    expect(await table.query({ pk: 'contract' })).toEqual([{ pk: 'contract', sk: 'new', n: 1 }]);
  });

  it('cancels a transaction whose condition fails, naming where, writing nothing', async () => {
    // Prepare
    await table.put({ pk: 'contract', sk: 'taken', revision: 3 });
    await table.put({ pk: 'contract', sk: 'kept' });

    // Act
    const error = await caught(
      table.transact([
        {
          put: { pk: 'contract', sk: 'new' },
          condition: { expression: 'attribute_not_exists(pk)' },
        },
        {
          put: { pk: 'contract', sk: 'taken', revision: 4 },
          condition: { expression: '#r = :r', names: { '#r': 'revision' }, values: { ':r': 2 } },
        },
        { delete: { pk: 'contract', sk: 'kept' } },
      ]),
    );

    // Assess
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('TransactionCanceledException');
    expect(cancelledAt(error)).toEqual([1]);
    expect(isConditionFailure(error)).toBe(false);
    expect((await table.query({ pk: 'contract' })).map((item) => item.sk)).toEqual([
      'kept',
      'taken',
    ]);
    expect(await table.get({ pk: 'contract', sk: 'taken' })).toEqual({
      pk: 'contract',
      sk: 'taken',
      revision: 3,
    });
  });
});

describe('DocumentTable: one table reads what the other wrote', () => {
  it.each([
    ['sdkTable', 'lightTable', sdkSubject, lightSubject],
    ['lightTable', 'sdkTable', lightSubject, sdkSubject],
  ])('written by %s, read by %s', async (_, __, writer, reader) => {
    // Prepare
    const { table: writes } = writer(moto.endpoint());
    const { table: reads } = reader(moto.endpoint());

    // Act
    await writes.put(EVERY_KIND);

    // Assess
    expect(await reads.get({ pk: 'contract', sk: 'every-kind' })).toStrictEqual(everyKindStored);
  });
});
