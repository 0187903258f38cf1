import { randomUUID } from 'node:crypto';
import { type AttributeMap, marshallItem, unmarshallItem } from './attribute-values.js';
import type {
  Condition,
  DocumentTable,
  Item,
  Key,
  TableQuery,
  TableWrite,
} from './document-table.js';
import { type DynamoCall, dynamoCall } from './dynamo-http.js';
import type { LightTableSettings } from './light-table-settings.js';

export {
  type LightTableSettings,
  lightTableSettingsFromEnv,
} from './light-table-settings.js';

/**
 * The table on signed HTTPS requests of its own, without the AWS SDK: what the bot loads at
 * cold start. `call` is there for tests; by default, requests go to the settings' endpoint.
 */
export function lightTable(
  settings: LightTableSettings,
  name: string,
  call: DynamoCall = dynamoCall(settings),
): DocumentTable {
  return {
    name,
    async query(query: TableQuery): Promise<Item[]> {
      const input = {
        TableName: name,
        KeyConditionExpression: query.skPrefix
          ? 'pk = :pk AND begins_with(sk, :prefix)'
          : 'pk = :pk',
        ExpressionAttributeValues: marshallItem({
          ':pk': query.pk,
          ...(query.skPrefix ? { ':prefix': query.skPrefix } : {}),
        }),
        ...(query.descending ? { ScanIndexForward: false } : {}),
        ...(query.consistent ? { ConsistentRead: true } : {}),
        ...(query.limit !== undefined ? { Limit: query.limit } : {}),
      };
      const items: Item[] = [];
      let startKey: unknown;
      do {
        const page = await call('Query', {
          ...input,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        });
        items.push(...itemsOf(page.Items));
        startKey = query.limit === undefined ? page.LastEvaluatedKey : undefined;
      } while (startKey);
      return items;
    },
    async get(key: Key, options = {}) {
      const answer = await call('GetItem', {
        TableName: name,
        Key: marshallItem({ ...key }),
        ...(options.consistent ? { ConsistentRead: true } : {}),
      });
      return itemOf(answer.Item);
    },
    async put(item: Item, condition?: Condition) {
      await call('PutItem', {
        TableName: name,
        Item: marshallItem(item),
        ...conditionInput(condition),
      });
    },
    async delete(key: Key) {
      const answer = await call('DeleteItem', {
        TableName: name,
        Key: marshallItem({ ...key }),
        ReturnValues: 'ALL_OLD',
      });
      return itemOf(answer.Attributes);
    },
    async transact(writes: readonly TableWrite[]) {
      await call('TransactWriteItems', {
        TransactItems: writes.map((w) =>
          'put' in w
            ? {
                Put: { TableName: name, Item: marshallItem(w.put), ...conditionInput(w.condition) },
              }
            : {
                Delete: {
                  TableName: name,
                  Key: marshallItem({ ...w.delete }),
                  ...conditionInput(w.condition),
                },
              },
        ),
        // As the SDK does: a retried transaction that already went through is not applied twice.
        ClientRequestToken: randomUUID(),
      });
    },
  };
}

function conditionInput(condition: Condition | undefined) {
  if (!condition) return {};
  return {
    ConditionExpression: condition.expression,
    ...(condition.names ? { ExpressionAttributeNames: { ...condition.names } } : {}),
    ...(condition.values ? { ExpressionAttributeValues: marshallItem(condition.values) } : {}),
  };
}

function itemOf(map: unknown): Item | undefined {
  return map ? unmarshallItem(map as AttributeMap) : undefined;
}

function itemsOf(maps: unknown): Item[] {
  return Array.isArray(maps) ? maps.map((map) => unmarshallItem(map as AttributeMap)) : [];
}
