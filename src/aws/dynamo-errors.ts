/**
 * DynamoDB's error answers as errors shaped like the SDK's: `name` is the error type
 * (ConditionalCheckFailedException, TransactionCanceledException, ...), and the fields callers
 * read (`CancellationReasons`, `$fault`, `$retryable`, `$metadata`) sit where the SDK puts
 * them, so isConditionFailure and cancelledAt read both alike.
 */

export interface CancellationReason {
  readonly Code?: string;
  readonly Message?: string;
  readonly Item?: unknown;
}

export interface DynamoErrorMetadata {
  readonly httpStatusCode: number;
  readonly requestId?: string;
  /** The attempts made, this one included. */
  attempts: number;
}

const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'Throttling',
]);

/** An error DynamoDB answered with. */
export class DynamoServiceError extends Error {
  override readonly name: string;
  readonly $fault: 'client' | 'server';
  readonly $retryable?: { readonly throttling: boolean };
  readonly $metadata: DynamoErrorMetadata;
  readonly CancellationReasons?: readonly CancellationReason[];

  constructor(
    type: string,
    message: string,
    metadata: DynamoErrorMetadata,
    reasons?: readonly CancellationReason[],
  ) {
    super(message);
    this.name = type;
    this.$metadata = metadata;
    this.$fault = metadata.httpStatusCode >= 500 ? 'server' : 'client';
    if (THROTTLING.has(type)) this.$retryable = { throttling: true };
    else if (metadata.httpStatusCode >= 500) this.$retryable = { throttling: false };
    if (reasons) this.CancellationReasons = reasons;
  }
}

/** A connection not made, or an answer not complete, in the time allowed. */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/** The error for a non-200 answer: `{"__type":"com.amazonaws.dynamodb.v20120810#Type","message":...}`. */
export function serviceError(
  status: number,
  body: string,
  requestId: string | undefined,
): DynamoServiceError {
  const answer = parseAnswer(body);
  const rawType = typeof answer.__type === 'string' ? answer.__type : '';
  const type = rawType.slice(rawType.lastIndexOf('#') + 1) || fallbackType(status);
  const message = [answer.message, answer.Message].find((m) => typeof m === 'string') as
    | string
    | undefined;
  const reasons = Array.isArray(answer.CancellationReasons)
    ? (answer.CancellationReasons as CancellationReason[])
    : undefined;
  const metadata = { httpStatusCode: status, attempts: 1, ...(requestId ? { requestId } : {}) };
  return new DynamoServiceError(
    type,
    message ?? `DynamoDB answered HTTP ${status}`,
    metadata,
    reasons,
  );
}

/** Worth another attempt: throttling, DynamoDB's own failures, a lost connection, a timeout. */
export function isTransient(error: unknown): boolean {
  if (error instanceof DynamoServiceError) return error.$retryable !== undefined;
  if (error instanceof TimeoutError) return true;
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && TRANSIENT_CODES.has(code);
}

const TRANSIENT_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNREFUSED', 'EAI_AGAIN']);

function parseAnswer(body: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function fallbackType(status: number): string {
  return status >= 500 ? 'InternalServerError' : 'UnknownError';
}
