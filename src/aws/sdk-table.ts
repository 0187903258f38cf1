import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type {
  Condition,
  DocumentTable,
  Item,
  Key,
  TableQuery,
  TableWrite,
} from './document-table.js';

/** The table on the AWS SDK's document client. */
export function sdkTable(client: DynamoDBClient, name: string): DocumentTable {
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return {
    name,
    async query(query: TableQuery): Promise<Item[]> {
      const input: QueryCommandInput = {
        TableName: name,
        KeyConditionExpression: query.skPrefix
          ? 'pk = :pk AND begins_with(sk, :prefix)'
          : 'pk = :pk',
        ExpressionAttributeValues: {
          ':pk': query.pk,
          ...(query.skPrefix ? { ':prefix': query.skPrefix } : {}),
        },
        ...(query.descending ? { ScanIndexForward: false } : {}),
        ...(query.consistent ? { ConsistentRead: true } : {}),
        ...(query.limit !== undefined ? { Limit: query.limit } : {}),
      };
      if (query.limit !== undefined) {
        const { Items } = await doc.send(new QueryCommand(input));
        return (Items ?? []) as Item[];
      }
      const items: Item[] = [];
      for await (const page of paginateQuery({ client: doc }, input)) {
        items.push(...((page.Items ?? []) as Item[]));
      }
      return items;
    },
    async get(key: Key, options = {}) {
      const { Item: item } = await doc.send(
        new GetCommand({
          TableName: name,
          Key: { ...key },
          ...(options.consistent ? { ConsistentRead: true } : {}),
        }),
      );
      return item as Item | undefined;
    },
    async put(item: Item, condition?: Condition) {
      await doc.send(new PutCommand({ TableName: name, Item: item, ...conditionInput(condition) }));
    },
    async delete(key: Key) {
      const { Attributes } = await doc.send(
        new DeleteCommand({ TableName: name, Key: { ...key }, ReturnValues: 'ALL_OLD' }),
      );
      return Attributes as Item | undefined;
    },
    async transact(writes: readonly TableWrite[]) {
      await doc.send(
        new TransactWriteCommand({
          TransactItems: writes.map((w) =>
            'put' in w
              ? { Put: { TableName: name, Item: w.put, ...conditionInput(w.condition) } }
              : {
                  Delete: { TableName: name, Key: { ...w.delete }, ...conditionInput(w.condition) },
                },
          ),
        }),
      );
    },
  };
}

function conditionInput(condition: Condition | undefined) {
  if (!condition) return {};
  return {
    ConditionExpression: condition.expression,
    ...(condition.names ? { ExpressionAttributeNames: { ...condition.names } } : {}),
    ...(condition.values ? { ExpressionAttributeValues: { ...condition.values } } : {}),
  };
}
