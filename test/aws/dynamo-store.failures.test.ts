import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  DynamoDBServiceException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { stopinatorTable } from '../../src/aws/dynamo-store.js';
import type { Snooze } from '../../src/core/snooze.js';
import { TEST_CREDENTIALS } from '../support/aws-clients.js';

// Pages past 1 MB and throttling that outlasts retries are hard to make moto produce.
const doc = mockClient(DynamoDBDocumentClient);
const table = stopinatorTable(
  new DynamoDBClient({ region: 'eu-west-1', credentials: TEST_CREDENTIALS }),
  'stopinator',
);
const NOW = Date.parse('2026-11-24T19:00:00Z');

function stored(id: string): Record<string, unknown> {
  const snooze: Snooze = {
    id,
    kind: 'snooze',
    selector: { kind: 'all' },
    length: { kind: 'tonight' },
    by: 'U1',
    createdAt: NOW,
    expiresAt: NOW + 60_000,
    ends: [],
  };
  return { ...snooze, pk: 'snooze', sk: id, selectorKey: 'all', ttl: 0 };
}

function throttled(): DynamoDBServiceException {
  return new DynamoDBServiceException({
    name: 'ProvisionedThroughputExceededException',
    $fault: 'client',
    $metadata: {},
    message: 'slow down',
  });
}

beforeEach(() => {
  doc.reset();
});

describe('DynamoDB store failures and paging', () => {
  it('follows LastEvaluatedKey through every page of snoozes', async () => {
    // Prepare
    const pages = [
      { Items: [stored('s1')], LastEvaluatedKey: { pk: 'snooze', sk: 's1' } },
      { Items: [stored('s2')] },
    ];
    // The paginator reuses one input object, so what each call carried is copied as it goes.
    const asked: unknown[] = [];
    doc.on(QueryCommand).callsFake((input) => {
      asked.push(structuredClone(input));
      return pages.shift();
    });

    // Act
    const active = await table.snoozes.activeSnoozes(NOW);

    // Assess
    expect(active.map((s) => s.id)).toEqual(['s1', 's2']);
    expect(asked).toEqual([
      expect.not.objectContaining({ ExclusiveStartKey: expect.anything() }),
      expect.objectContaining({ ExclusiveStartKey: { pk: 'snooze', sk: 's1' } }),
    ]);
    expect(asked[0]).toMatchObject({ KeyConditionExpression: 'pk = :pk', ConsistentRead: true });
  });

  it('fails loudly on a snooze item it cannot read, rather than ignore a snooze', async () => {
    // Prepare
    doc.on(QueryCommand).resolves({ Items: [{ pk: 'snooze', sk: 'broken', id: 'broken' }] });

    // Act + Assess
    await expect(table.snoozes.activeSnoozes(NOW)).rejects.toThrow(/malformed snooze item broken/);
  });

  it('passes on errors other than a failed condition', async () => {
    // Prepare
    doc.on(PutCommand).rejects(throttled());

    // Act + Assess
    await expect(table.cursor.advanceCursor(NOW, { at: NOW + 1, regions: {} })).rejects.toThrow(
      'slow down',
    );
    await expect(
      table.snoozes.putSnooze({ ...(stored('s1') as unknown as Snooze) }),
    ).rejects.toThrow('slow down');
  });

  it('writes the cursor on the condition the previous position gives', async () => {
    // Prepare
    doc
      .on(PutCommand)
      .resolvesOnce({})
      .rejectsOnce(new ConditionalCheckFailedException({ $metadata: {}, message: 'taken' }));

    // Act
    const results = [
      await table.cursor.advanceCursor(undefined, { at: NOW, regions: {} }),
      await table.cursor.advanceCursor(NOW, { at: NOW + 1, regions: {} }),
    ];

    // Assess
    expect(results).toEqual([true, false]);
    const inputs = doc.commandCalls(PutCommand).map((call) => call.args[0].input);
    expect(inputs[0]).toMatchObject({
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: { at: NOW },
    });
    expect(inputs[1]).toMatchObject({
      ConditionExpression: '#at = :previous',
      ExpressionAttributeNames: { '#at': 'at' },
      ExpressionAttributeValues: { ':previous': NOW },
      Item: { pk: 'cursor', sk: 'scheduler', at: NOW + 1 },
    });
  });

  it('refuses a snooze that never ends: it could not be stored or expire', async () => {
    // Act + Assess
    await expect(
      table.snoozes.putSnooze({
        ...(stored('s1') as unknown as Snooze),
        expiresAt: Number.POSITIVE_INFINITY,
      }),
    ).rejects.toThrow(RangeError);
    expect(doc.calls()).toHaveLength(0);
  });
});
