import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { OutageLog } from '../core/ports.js';
import {
  ALERT_PK,
  documentClient,
  isConditionFailure,
  queryPartition,
  type TableOptions,
} from './table-keys.js';

/** Outages already reported, pk "alert", sk the outage's key ("region#us-east-1"). */
export class DynamoOutageLog implements OutageLog {
  readonly #doc: DynamoDBDocumentClient;
  readonly #tableName: string;

  constructor(options: TableOptions) {
    this.#doc = documentClient(options.client);
    this.#tableName = options.tableName;
  }

  async list(): Promise<Set<string>> {
    const items = await queryPartition(this.#doc, {
      TableName: this.#tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': ALERT_PK },
    });
    return new Set(items.map((item) => String(item.sk)));
  }

  async open(key: string, at: number, detail: string): Promise<boolean> {
    try {
      await this.#doc.send(
        new PutCommand({
          TableName: this.#tableName,
          Item: { pk: ALERT_PK, sk: key, since: at, detail },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async close(key: string): Promise<boolean> {
    const { Attributes } = await this.#doc.send(
      new DeleteCommand({
        TableName: this.#tableName,
        Key: { pk: ALERT_PK, sk: key },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return Attributes !== undefined;
  }
}
