/** The functions that use the table, each with a role of its own. */
export type TableUser = 'scheduler' | 'bot';

/** What a function may do in a partition: `write` includes reading. */
export type PartitionAccess = 'none' | 'read' | 'write';

/**
 * Every partition key (pk) of the table, and what each function may do there. The only list:
 * each role's IAM policy allows its reads and writes on these keys alone (dynamodb:LeadingKeys,
 * built by scripts/deploy/stack-values.ts), so a pk missing here is refused by AWS, not by a test.
 */
export const PARTITIONS = {
  /** Snoozes and wakes: made by the bot, obeyed by the scheduler. */
  snooze: { scheduler: 'read', bot: 'write' },
  /** The scheduler's run cursor; the bot reads when the last run was. */
  cursor: { scheduler: 'write', bot: 'read' },
  /** Who snoozed, unsnoozed and woke what. */
  audit: { scheduler: 'read', bot: 'write' },
  /** The fleet index the scheduler writes on every run, for the bot to know the fleet. */
  fleet: { scheduler: 'write', bot: 'read' },
  /** The scheduler's record of stops and starts; the bot reads it for `why` and savings. */
  journal: { scheduler: 'write', bot: 'read' },
  /** Stops and starts decided and not yet seen to succeed (the action journal's pending set). */
  pending: { scheduler: 'write', bot: 'read' },
  /** Outage alert state, the scheduler's alone. */
  alert: { scheduler: 'write', bot: 'none' },
  /** Markers of Slack requests the bot handled, so a replayed unsnooze acts once. */
  request: { scheduler: 'none', bot: 'write' },
  /** Prices from the Price List, fetched by the scheduler; the bot reads them for savings. */
  price: { scheduler: 'write', bot: 'read' },
  /** The weekly digests posted, claimed by a conditional write: one per week. */
  digest: { scheduler: 'write', bot: 'none' },
  /** Runs that fanned out to the worker, and their batches' outcomes (README "Scale-out"). */
  run: { scheduler: 'write', bot: 'none' },
  /** The organization's accounts as last listed, for a run that cannot list them. */
  organization: { scheduler: 'write', bot: 'none' },
} as const satisfies Record<string, Record<TableUser, PartitionAccess>>;

export type PartitionKey = keyof typeof PARTITIONS;

/** The partitions a function may read (`read`: its writes included) or write. */
export function partitionsFor(user: TableUser, access: 'read' | 'write'): PartitionKey[] {
  return (Object.keys(PARTITIONS) as PartitionKey[]).filter((pk) => {
    const granted: PartitionAccess = PARTITIONS[pk][user];
    return granted === 'write' || granted === access;
  });
}

export const SNOOZE_PK = 'snooze' satisfies PartitionKey;
export const CURSOR_KEY = { pk: 'cursor' satisfies PartitionKey, sk: 'scheduler' } as const;
export const AUDIT_PK = 'audit' satisfies PartitionKey;
export const FLEET_PK = 'fleet' satisfies PartitionKey;
export const REQUEST_PK = 'request' satisfies PartitionKey;
export const JOURNAL_PK = 'journal' satisfies PartitionKey;
export const PENDING_PK = 'pending' satisfies PartitionKey;
export const ALERT_PK = 'alert' satisfies PartitionKey;
export const PRICE_PK = 'price' satisfies PartitionKey;
export const DIGEST_PK = 'digest' satisfies PartitionKey;
export const RUN_PK = 'run' satisfies PartitionKey;
export const DISCOVERED_KEY = {
  pk: 'organization' satisfies PartitionKey,
  sk: 'accounts',
} as const;

const DAY_MS = 86_400_000;
/** Expired snoozes stay a week for anyone looking back; then DynamoDB's TTL removes them. */
export const SNOOZE_KEEP_MS = 7 * DAY_MS;
export const AUDIT_KEEP_MS = 90 * DAY_MS;
/** Slack refuses requests older than 5 minutes; a day covers any replay it could accept. */
export const REQUEST_KEEP_MS = DAY_MS;
/** The journal's records of stops and starts: 13 months, for savings a year back. */
export const JOURNAL_KEEP_MS = 400 * DAY_MS;
/** A price stays past its week in the cache: used while the Price List cannot be asked. */
export const PRICE_KEEP_MS = 30 * DAY_MS;
/** A digest's claim outlives its week by a month. */
export const DIGEST_KEEP_MS = 40 * DAY_MS;
/** A fanned-out run's record and outcomes: long enough to look into a weekend's failures. */
export const RUN_KEEP_MS = 4 * DAY_MS;

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
