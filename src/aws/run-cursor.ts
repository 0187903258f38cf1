import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CursorState, RunCursor } from '../core/ports.js';
import { CURSOR_KEY, documentClient, isConditionFailure, type TableOptions } from './table-keys.js';

/** The scheduler's cursor: one item, moved only by a conditional write on its `at`. */
export class DynamoRunCursor implements RunCursor {
  readonly #doc: DynamoDBDocumentClient;
  readonly #tableName: string;

  constructor(options: TableOptions) {
    this.#doc = documentClient(options.client);
    this.#tableName = options.tableName;
  }

  async readCursor(): Promise<CursorState | undefined> {
    const { Item } = await this.#doc.send(
      new GetCommand({ TableName: this.#tableName, Key: { ...CURSOR_KEY }, ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const { at, regions } = Item;
    const valid =
      typeof at === 'number' &&
      (regions === undefined ||
        (typeof regions === 'object' &&
          regions !== null &&
          Object.values(regions).every((v) => typeof v === 'number')));
    if (!valid) throw new Error('malformed scheduler cursor in the stopinator table');
    return { at, regions: (regions ?? {}) as Record<string, number> };
  }

  async advanceCursor(previous: number | undefined, next: CursorState): Promise<boolean> {
    const condition =
      previous === undefined
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : {
            ConditionExpression: '#at = :previous',
            ExpressionAttributeNames: { '#at': 'at' },
            ExpressionAttributeValues: { ':previous': previous },
          };
    try {
      await this.#doc.send(
        new PutCommand({
          TableName: this.#tableName,
          Item: { ...CURSOR_KEY, at: next.at, regions: { ...next.regions } },
          ...condition,
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
