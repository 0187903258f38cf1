import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  paginateQuery,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';

export const SNOOZE_PK = 'snooze';
export const CURSOR_KEY = { pk: 'cursor', sk: 'scheduler' } as const;
export const AUDIT_PK = 'audit';
export const FLEET_PK = 'fleet';
/** Markers of handled Slack requests, so a replayed unsnooze acts once. */
export const REQUEST_PK = 'request';

const DAY_MS = 86_400_000;
/** Expired snoozes stay a week for anyone looking back; then DynamoDB's TTL removes them. */
export const SNOOZE_KEEP_MS = 7 * DAY_MS;
export const AUDIT_KEEP_MS = 90 * DAY_MS;
/** Slack refuses requests older than 5 minutes; a day covers any replay it could accept. */
export const REQUEST_KEEP_MS = DAY_MS;

export interface TableOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
}

export function documentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/**
 * The item without its undefined fields (an absent byName, until, detail). Not left to the
 * document client's removeUndefinedValues alone: that option lives on the DynamoDBClient's
 * shared config, and any other DocumentClient.from() on the same client replaces it.
 */
export function definedFields<T extends object>(item: T): T {
  const entries = Object.entries(item)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => [key, defined(value)]);
  return Object.fromEntries(entries) as T;
}

function defined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(defined);
  return isPlainObject(value) ? definedFields(value) : value;
}

function isPlainObject(value: unknown): value is object {
  return (
    typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype
  );
}

/** The TTL attribute's value: epoch seconds. */
export function ttlSeconds(at: number): number {
  return Math.ceil(at / 1000);
}

export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** Every item of one partition, in one paginated Query (LastEvaluatedKey followed). */
export async function queryPartition(
  doc: DynamoDBDocumentClient,
  input: QueryCommandInput,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateQuery({ client: doc }, input)) {
    items.push(...(page.Items ?? []));
  }
  return items;
}
