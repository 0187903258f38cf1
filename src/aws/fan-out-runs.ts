import { gunzipSync, gzipSync } from 'node:zlib';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { FannedOutRun, FanOutRunLog } from '../core/fan-out.js';
import { isConditionFailure } from './document-table.js';
import { RUN_KEEP_MS, RUN_PK, ttlSeconds } from './table-keys.js';

/**
 * A batch's item stays under DynamoDB's 400 KB with room for its keys: gzipped JSON of a batch
 * of 20 account-regions is a few KB; thousands of instances per batch would be needed to reach it.
 */
export const MAX_BATCH_ITEM_BYTES = 350_000;

export class BatchTooLargeError extends Error {
  override readonly name = 'BatchTooLargeError';
}

/**
 * Fanned-out runs in the `run` partition: the run at sk "<run ISO time>" (its batch count, the
 * set of batches done, who reported and alerted), each batch's outcomes at "<run>#<batch>". On
 * the SDK's document client directly: the counting needs UpdateItem's ADD to a number set,
 * which only the scheduler's functions use (the bot's light table has no UpdateItem).
 */
export class DynamoFanOutRuns implements FanOutRunLog {
  readonly #doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.#doc = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true },
    });
  }

  async record(runAt: string, batches: readonly (readonly string[])[], at: number): Promise<void> {
    // An update, not a put: a retried coordinator keeps the batches already counted.
    await this.#doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: RUN_PK, sk: runAt },
        UpdateExpression:
          'SET batches = :n, accounts = :accounts, recordedAt = if_not_exists(recordedAt, :at), #ttl = :ttl',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':n': batches.length,
          ':accounts': batches.map((ids) => ids.join(',')),
          ':at': new Date(at).toISOString(),
          ':ttl': ttlSeconds(at + RUN_KEEP_MS),
        },
      }),
    );
  }

  async saveBatch(runAt: string, batch: number, outcomes: readonly unknown[]): Promise<void> {
    const data = gzipSync(JSON.stringify(outcomes));
    if (data.length > MAX_BATCH_ITEM_BYTES) {
      throw new BatchTooLargeError(
        `batch ${batch} of the run at ${runAt}: ${data.length} bytes gzipped, over ${MAX_BATCH_ITEM_BYTES}`,
      );
    }
    await this.#doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: RUN_PK,
          sk: batchKey(runAt, batch),
          batch,
          data,
          ttl: ttlSeconds(Date.parse(runAt) + RUN_KEEP_MS),
        },
      }),
    );
  }

  async countDone(runAt: string, batch: number): Promise<FannedOutRun> {
    const { Attributes } = await this.#doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: RUN_PK, sk: runAt },
        UpdateExpression: 'ADD done :batch',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':batch': new Set([batch]) },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return runOf(Attributes ?? {});
  }

  claimReport(runAt: string, at: number): Promise<boolean> {
    return this.#claim(runAt, 'reportedAt', at);
  }

  claimAlert(runAt: string, at: number): Promise<boolean> {
    return this.#claim(runAt, 'alertedAt', at);
  }

  async batchOutcomes(runAt: string): Promise<Map<number, unknown[]>> {
    const byBatch = new Map<number, unknown[]>();
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.#doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': RUN_PK, ':prefix': `${runAt}#` },
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        if (!(item.data instanceof Uint8Array)) continue;
        const parsed = JSON.parse(gunzipSync(item.data).toString('utf8')) as unknown;
        if (Array.isArray(parsed)) byBatch.set(Number(item.batch), parsed);
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return byBatch;
  }

  async previous(runAt: string): Promise<FannedOutRun | undefined> {
    // The latest key before this run: the previous run's last batch, or the run itself.
    const { Items } = await this.#doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk < :run',
        ExpressionAttributeValues: { ':pk': RUN_PK, ':run': runAt },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    const sk = Items?.[0]?.sk;
    if (typeof sk !== 'string') return undefined;
    const { Item } = await this.#doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: RUN_PK, sk: sk.split('#')[0] },
        ConsistentRead: true,
      }),
    );
    return Item ? runOf(Item) : undefined;
  }

  async #claim(runAt: string, field: 'reportedAt' | 'alertedAt', at: number): Promise<boolean> {
    try {
      await this.#doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: RUN_PK, sk: runAt },
          UpdateExpression: 'SET #field = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#field)',
          ExpressionAttributeNames: { '#field': field },
          ExpressionAttributeValues: { ':at': new Date(at).toISOString() },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}

function batchKey(runAt: string, batch: number): string {
  return `${runAt}#${String(batch).padStart(4, '0')}`;
}

function runOf(item: Record<string, unknown>): FannedOutRun {
  const done = item.done instanceof Set ? [...(item.done as Set<unknown>)].map(Number) : [];
  return {
    runAt: String(item.sk),
    batches: Number(item.batches ?? 0),
    accounts: Array.isArray(item.accounts)
      ? item.accounts.map((ids) => String(ids).split(',').filter(Boolean))
      : [],
    done: done.sort((a, b) => a - b),
    ...(typeof item.reportedAt === 'string' ? { reportedAt: item.reportedAt } : {}),
    ...(typeof item.alertedAt === 'string' ? { alertedAt: item.alertedAt } : {}),
  };
}
