/** An item the API refused, with the error of the smallest call that still held it. */
export interface RefusedItem<T> {
  readonly item: T;
  readonly error: unknown;
}

export interface SplitResult<T> {
  readonly done: T[];
  readonly refused: RefusedItem<T>[];
}

export interface SplitOptions {
  /** The most items one call may carry. */
  readonly batchSize: number;
  /**
   * Whether a failed call is worth splitting. Errors that say nothing about the items
   * (throttling that outlasted the SDK's retries) only multiply calls when split.
   */
  readonly worthSplitting?: (error: unknown) => boolean;
}

/**
 * Calls `call` with batches of at most `batchSize` items. A call that fails is retried on
 * each half of its batch, recursively, so one bad item costs a few extra calls instead of
 * blocking the items beside it; the item left alone in a failing call is refused.
 */
export async function callInBatches<T>(
  items: readonly T[],
  call: (batch: T[]) => Promise<unknown>,
  options: SplitOptions,
): Promise<SplitResult<T>> {
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1) {
    throw new RangeError(`batchSize must be a positive integer, got ${options.batchSize}`);
  }
  const result: SplitResult<T> = { done: [], refused: [] };
  for (let start = 0; start < items.length; start += options.batchSize) {
    await splitOnFailure(items.slice(start, start + options.batchSize), call, options, result);
  }
  return result;
}

async function splitOnFailure<T>(
  batch: T[],
  call: (batch: T[]) => Promise<unknown>,
  options: SplitOptions,
  result: SplitResult<T>,
): Promise<void> {
  try {
    await call(batch);
    result.done.push(...batch);
  } catch (error) {
    const worthSplitting = options.worthSplitting?.(error) ?? true;
    if (batch.length === 1 || !worthSplitting) {
      result.refused.push(...batch.map((item) => ({ item, error })));
      return;
    }
    const middle = Math.ceil(batch.length / 2);
    await splitOnFailure(batch.slice(0, middle), call, options, result);
    await splitOnFailure(batch.slice(middle), call, options, result);
  }
}
