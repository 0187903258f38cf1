import {
  isPermanent,
  type JournalRecord,
  MAX_ATTEMPTS,
  type PendingAction,
} from '../core/journal.js';
import type { ActionOutcome, Fleet } from '../core/ports.js';

/** What became of the stops and starts one run attempted. */
export interface CarriedOut {
  /** Per pending action (by resource key and action), its outcome. */
  readonly outcomes: readonly {
    readonly pending: PendingAction;
    readonly outcome: ActionOutcome;
  }[];
  /** Journal records to settle: done, or given up after the last attempt. */
  readonly settled: readonly JournalRecord[];
  /** Failed, to try again at the next run (attempts counted). */
  readonly retryLater: readonly PendingAction[];
  readonly gaveUp: readonly PendingAction[];
  /** Started: the next run checks they came up (see checkStart). */
  readonly toVerify: readonly PendingAction[];
}

/**
 * Makes the calls: one per region, action and marking (a stop ending a wake of a hand-stopped
 * instance goes without the mark), in parallel; a call that throws fails its instances alone.
 */
export async function carryOut(
  fleet: Fleet,
  actions: readonly PendingAction[],
  clock: () => number,
): Promise<CarriedOut> {
  const groups = new Map<string, PendingAction[]>();
  for (const a of actions) {
    const key = `${a.region}\u0000${a.action}\u0000${a.mark}`;
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  const results = await Promise.all(
    [...groups.values()].map(async (group) => {
      const first = group[0] as PendingAction;
      const ids = group.map((a) => a.instanceId);
      let outcomes: ActionOutcome[];
      try {
        outcomes =
          first.action === 'stop'
            ? await fleet.stopInstances(first.region, ids, clock(), { mark: first.mark })
            : await fleet.startInstances(first.region, ids);
      } catch (error) {
        const code = error instanceof Error ? error.name : 'Error';
        const message = error instanceof Error ? error.message : String(error);
        outcomes = ids.map((instanceId) => ({ instanceId, ok: false, code, message }));
      }
      const byId = new Map(outcomes.map((o) => [o.instanceId, o]));
      return group.map((pending) => ({
        pending,
        outcome: byId.get(pending.instanceId) ?? {
          instanceId: pending.instanceId,
          ok: false as const,
          code: 'NoOutcome',
          message: 'the call returned no outcome for this instance',
        },
      }));
    }),
  );
  const outcomes = results.flat();
  const at = clock();
  const settled: JournalRecord[] = [];
  const retryLater: PendingAction[] = [];
  const gaveUp: PendingAction[] = [];
  const toVerify: PendingAction[] = [];
  for (const { pending, outcome } of outcomes) {
    const attempts = pending.attempts + 1;
    if (outcome.ok) {
      settled.push(record(pending, at, 'done', attempts));
      if (pending.action === 'start') {
        toVerify.push({ ...pending, action: 'verify-start', attempts, lastAttemptAt: at });
      }
      continue;
    }
    const failed: PendingAction = {
      ...pending,
      attempts,
      lastAttemptAt: at,
      lastError: outcome.code,
    };
    if (attempts >= MAX_ATTEMPTS || isPermanent(outcome.code)) {
      gaveUp.push(failed);
      settled.push(record(failed, at, 'gave-up', attempts, outcome.code));
    } else {
      retryLater.push(failed);
    }
  }
  return { outcomes, settled, retryLater, gaveUp, toVerify };
}

export function record(
  pending: PendingAction,
  at: number,
  outcome: JournalRecord['outcome'],
  attempts = pending.attempts,
  error?: string,
): JournalRecord {
  return {
    key: pending.key,
    region: pending.region,
    instanceId: pending.instanceId,
    name: pending.name,
    ...(pending.schedule ? { schedule: pending.schedule } : {}),
    action: pending.action,
    edge: pending.edge,
    at,
    outcome,
    attempts,
    reason: pending.reason,
    ...(error ? { error } : {}),
  };
}
