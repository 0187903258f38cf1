import type { ActionOutcome } from '../core/ports.js';
import type { RefusedItem } from './batch-split.js';

// Throttling that outlasted the SDK's retries: splitting the batch would only add calls.
const THROTTLING = new Set(['RequestLimitExceeded', 'Throttling', 'ThrottlingException']);

export function errorCode(error: unknown): string {
  if (error instanceof Error) return error.name;
  return 'UnknownError';
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

export function worthSplitting(error: unknown): boolean {
  return !THROTTLING.has(errorCode(error));
}

/** One outcome per instance, in the order asked, failures carrying the SDK error's name. */
export function outcomes(
  instanceIds: readonly string[],
  refused: readonly RefusedItem<string>[],
): ActionOutcome[] {
  const failures = new Map(refused.map(({ item, error }) => [item, error]));
  return instanceIds.map((instanceId) => {
    if (!failures.has(instanceId)) return { instanceId, ok: true };
    const error = failures.get(instanceId);
    return { instanceId, ok: false, code: errorCode(error), message: errorMessage(error) };
  });
}
