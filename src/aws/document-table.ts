/**
 * The stopinator's one DynamoDB table as its adapters use it: items as plain values (strings,
 * numbers, booleans, null, Uint8Array for binary, arrays, plain objects), keyed by pk and sk.
 *
 * Two implementations: `sdkTable` (sdk-table.ts, on the AWS SDK's document client: the
 * scheduler, scripts and tests) and `lightTable` (light-table.ts, signed HTTPS requests with
 * node:https and node:crypto, no SDK: the bot, whose cold start must fit Slack's 3 seconds).
 * test/aws/document-table.moto.test.ts runs one contract suite against both.
 */

export type Item = Record<string, unknown>;

export interface Key {
  readonly pk: string;
  readonly sk: string;
}

/** A condition expression with its placeholders, as DynamoDB takes them. */
export interface Condition {
  readonly expression: string;
  readonly names?: Readonly<Record<string, string>>;
  readonly values?: Readonly<Record<string, unknown>>;
}

export interface TableQuery {
  readonly pk: string;
  /** Only items whose sk starts with this. */
  readonly skPrefix?: string;
  /** Newest first (sk descending). */
  readonly descending?: boolean;
  /** At most this many items; without it, every page is read. */
  readonly limit?: number;
  readonly consistent?: boolean;
}

export type TableWrite =
  | { readonly put: Item; readonly condition?: Condition }
  | { readonly delete: Key; readonly condition?: Condition };

export interface DocumentTable {
  readonly name: string;
  query(query: TableQuery): Promise<Item[]>;
  get(key: Key, options?: { readonly consistent?: boolean }): Promise<Item | undefined>;
  /** Throws a ConditionalCheckFailedException-named error when the condition fails. */
  put(item: Item, condition?: Condition): Promise<void>;
  /** The item as it was, when there was one. */
  delete(key: Key): Promise<Item | undefined>;
  /**
   * All or nothing, at most 100 writes. When a condition fails, throws a
   * TransactionCanceledException-named error carrying `CancellationReasons` (one per write,
   * `Code: 'ConditionalCheckFailed'` where it failed), as DynamoDB does.
   */
  transact(writes: readonly TableWrite[]): Promise<void>;
}

/** The positions of the writes a cancelled transaction names as failing their condition. */
export function cancelledAt(error: unknown): number[] {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return [];
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  return (reasons ?? []).flatMap((r, index) =>
    r?.Code === 'ConditionalCheckFailed' ? [index] : [],
  );
}

export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
