import {
  BatchWriteCommand,
  type BatchWriteCommandInput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { JournalRecord, PendingAction } from '../core/journal.js';
import type { ActionJournal } from '../core/ports.js';
import { TTL_ATTRIBUTE } from './table-definition.js';
import {
  definedFields,
  documentClient,
  JOURNAL_KEEP_MS,
  JOURNAL_PK,
  queryPartition,
  type TableOptions,
  ttlSeconds,
} from './table-keys.js';

/** BatchWriteItem takes at most 25 requests. */
const BATCH = 25;
const UNPROCESSED_TRIES = 5;
const PARALLEL_BATCHES = 8;

/**
 * The action journal in the stopinator table, pk "journal": pending actions under
 * sk "pending#<resource key>" (one per resource, so a newer decision replaces an older one),
 * and what became of each under sk "log#<ISO time>#<resource key>#<action>", kept 13 months:
 * the stop and start times savings are computed from.
 */
export class DynamoActionJournal implements ActionJournal {
  readonly #doc: DynamoDBDocumentClient;
  readonly #tableName: string;

  constructor(options: TableOptions) {
    this.#doc = documentClient(options.client);
    this.#tableName = options.tableName;
  }

  async pending(): Promise<PendingAction[]> {
    const items = await queryPartition(this.#doc, {
      TableName: this.#tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :pending)',
      ExpressionAttributeValues: { ':pk': JOURNAL_PK, ':pending': 'pending#' },
      ConsistentRead: true,
    });
    return items.map(pendingFromItem);
  }

  async putPending(actions: readonly PendingAction[]): Promise<void> {
    await this.#write(
      actions.map((action) => ({
        PutRequest: {
          Item: definedFields({ ...action, pk: JOURNAL_PK, sk: pendingKey(action.key) }),
        },
      })),
    );
  }

  async settle(records: readonly JournalRecord[]): Promise<void> {
    // A resource settled twice in one call (a stop and a start) keeps both records.
    const deletes = [...new Set(records.map((r) => r.key))].map((key) => ({
      DeleteRequest: { Key: { pk: JOURNAL_PK, sk: pendingKey(key) } },
    }));
    const puts = records.map((record) => ({
      PutRequest: {
        Item: definedFields({
          ...record,
          pk: JOURNAL_PK,
          sk: `log#${new Date(record.at).toISOString()}#${record.key}#${record.action}`,
          [TTL_ATTRIBUTE]: ttlSeconds(record.at + JOURNAL_KEEP_MS),
        }),
      },
    }));
    await this.#write([...deletes, ...puts]);
  }

  /**
   * BatchWriteItem in batches of 25, a few at a time (a run at a stop edge journals hundreds),
   * unprocessed items sent again: they are the throttled ones.
   */
  async #write(
    requests: NonNullable<BatchWriteCommandInput['RequestItems']>[string],
  ): Promise<void> {
    const batches: (typeof requests)[] = [];
    for (let i = 0; i < requests.length; i += BATCH) batches.push(requests.slice(i, i + BATCH));
    for (let i = 0; i < batches.length; i += PARALLEL_BATCHES) {
      await Promise.all(batches.slice(i, i + PARALLEL_BATCHES).map((batch) => this.#send(batch)));
    }
  }

  async #send(first: NonNullable<BatchWriteCommandInput['RequestItems']>[string]): Promise<void> {
    let batch = first;
    for (let attempt = 0; batch.length > 0; attempt++) {
      if (attempt >= UNPROCESSED_TRIES) {
        throw new Error(`DynamoDB left ${batch.length} journal writes unprocessed`);
      }
      const { UnprocessedItems } = await this.#doc.send(
        new BatchWriteCommand({ RequestItems: { [this.#tableName]: batch } }),
      );
      batch = UnprocessedItems?.[this.#tableName] ?? [];
      if (batch.length > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
    }
  }
}

function pendingKey(resourceKey: string): string {
  return `pending#${resourceKey}`;
}

function pendingFromItem(item: Record<string, unknown>): PendingAction {
  const { key, region, instanceId, name, action, edge, code, reason, mark, decidedAt, attempts } =
    item;
  const journaledAt = typeof item.journaledAt === 'number' ? item.journaledAt : decidedAt;
  if (
    typeof key !== 'string' ||
    typeof region !== 'string' ||
    typeof instanceId !== 'string' ||
    typeof name !== 'string' ||
    (action !== 'stop' && action !== 'start') ||
    typeof edge !== 'number' ||
    typeof code !== 'string' ||
    typeof reason !== 'string' ||
    typeof mark !== 'boolean' ||
    typeof decidedAt !== 'number' ||
    typeof attempts !== 'number'
  ) {
    throw new Error(`malformed journal item ${String(item.sk)} in the stopinator table`);
  }
  return {
    key,
    region,
    instanceId,
    name,
    ...(typeof item.schedule === 'string' ? { schedule: item.schedule } : {}),
    action,
    edge,
    code: code as PendingAction['code'],
    reason,
    mark,
    decidedAt,
    journaledAt: journaledAt as number,
    attempts,
    ...(typeof item.lastAttemptAt === 'number' ? { lastAttemptAt: item.lastAttemptAt } : {}),
    ...(typeof item.lastError === 'string' ? { lastError: item.lastError } : {}),
  };
}
