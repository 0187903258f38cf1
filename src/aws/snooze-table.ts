import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AuditEntry, SnoozeStore } from '../core/ports.js';
import { type Selector, selectorKey } from '../core/selector.js';
import type { Snooze } from '../core/snooze.js';
import { auditItem } from './audit-log.js';
import { TTL_ATTRIBUTE } from './table-definition.js';
import {
  definedFields,
  documentClient,
  isConditionFailure,
  queryPartition,
  SNOOZE_KEEP_MS,
  SNOOZE_PK,
  type TableOptions,
  ttlSeconds,
} from './table-keys.js';

/** Snoozes in the stopinator table: pk "snooze", sk the snooze id. */
export class DynamoSnoozeStore implements SnoozeStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #tableName: string;

  constructor(options: TableOptions) {
    this.#doc = documentClient(options.client);
    this.#tableName = options.tableName;
  }

  async activeSnoozes(after: number): Promise<Snooze[]> {
    const items = await queryPartition(this.#doc, {
      TableName: this.#tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': SNOOZE_PK },
      // A snooze made in Slack a second ago must hold for the run reading now.
      ConsistentRead: true,
    });
    // TTL deletes expired items days late, if at all: expiry is decided here.
    return items.map(snoozeFromItem).filter((snooze) => snooze.expiresAt > after);
  }

  async putSnooze(snooze: Snooze, audit?: AuditEntry): Promise<{ created: boolean }> {
    if (!Number.isFinite(snooze.expiresAt)) {
      throw new RangeError(`snooze ${snooze.id} has no finite expiry (${snooze.expiresAt})`);
    }
    const put = {
      TableName: this.#tableName,
      Item: definedFields({
        ...snooze,
        pk: SNOOZE_PK,
        sk: snooze.id,
        selectorKey: selectorKey(snooze.selector),
        [TTL_ATTRIBUTE]: ttlSeconds(snooze.expiresAt + SNOOZE_KEEP_MS),
      }),
      ConditionExpression: 'attribute_not_exists(pk)',
    };
    try {
      if (audit) {
        // One round trip, and the audit record exists exactly when the snooze was created.
        await this.#doc.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: put },
              { Put: { TableName: this.#tableName, Item: auditItem(audit) } },
            ],
          }),
        );
      } else {
        await this.#doc.send(new PutCommand(put));
      }
      return { created: true };
    } catch (error) {
      if (isConditionFailure(error) || isConditionCancellation(error)) return { created: false };
      throw error;
    }
  }

  async deleteSnoozes(selector: Selector, after: number): Promise<Snooze[]> {
    const key = selectorKey(selector);
    const active = await this.activeSnoozes(after);
    const targets =
      selector.kind === 'all'
        ? active
        : active.filter((snooze) => selectorKey(snooze.selector) === key);
    const deleted = await Promise.all(targets.map((snooze) => this.#delete(snooze)));
    return targets.filter((_, index) => deleted[index]);
  }

  /** False when someone else deleted it first, so each snooze is reported deleted once. */
  async #delete(snooze: Snooze): Promise<boolean> {
    const result = await this.#doc.send(
      new DeleteCommand({
        TableName: this.#tableName,
        Key: { pk: SNOOZE_PK, sk: snooze.id },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return result.Attributes !== undefined;
  }
}

/** A stored item back into the Snooze it was written from, and nothing else. */
export function snoozeFromItem(item: Record<string, unknown>): Snooze {
  const { id, kind, selector, length, by, byName, createdAt, expiresAt } = item;
  if (
    typeof id !== 'string' ||
    (kind !== 'snooze' && kind !== 'wake') ||
    typeof selector !== 'object' ||
    selector === null ||
    typeof length !== 'object' ||
    length === null ||
    typeof by !== 'string' ||
    typeof createdAt !== 'number' ||
    typeof expiresAt !== 'number'
  ) {
    throw new Error(`malformed snooze item ${String(item.sk)} in the stopinator table`);
  }
  return {
    id,
    kind,
    selector: selector as Selector,
    length: length as Snooze['length'],
    by,
    ...(typeof byName === 'string' ? { byName } : {}),
    createdAt,
    expiresAt,
  };
}

/** A transaction cancelled because the snooze's own condition failed: it already exists. */
function isConditionCancellation(error: unknown): boolean {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return false;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  return reasons?.[0]?.Code === 'ConditionalCheckFailed';
}
