import type { StopinatorConfig } from './config.js';
import { desiredLevel } from './desired-level.js';
import { type FleetInstance, participation, resourceKey } from './instance.js';
import type { Decision, DecisionCode } from './plan-run.js';
import { ScheduleMemo } from './schedule-memo.js';
import { coveringEnds, type Snooze } from './snooze.js';

/** How many runs a failed stop or start is tried in all before the stopinator gives up on it. */
export const MAX_ATTEMPTS = 12;

/**
 * A stop or start a run decided and has not seen succeed: written before the run's cursor
 * moves, so a run that is killed, throttled or refused leaves it for the next run to complete.
 */
export interface PendingAction {
  readonly key: string;
  readonly region: string;
  readonly instanceId: string;
  readonly name: string;
  readonly schedule?: string;
  /** `verify-start`: a start that worked; the next run checks the resource came up. */
  readonly action: 'stop' | 'start' | 'verify-start';
  /** The edge it is for (the decision's instant). */
  readonly edge: number;
  readonly code: DecisionCode;
  readonly reason: string;
  /** False for a stop that must leave no stop mark (a wake of a hand-stopped instance ends). */
  readonly mark: boolean;
  /** A stop that ends a snooze or a wake (savings tell them apart). */
  readonly ends?: 'snooze' | 'wake';
  /** The run instant that decided it. */
  readonly decidedAt: number;
  /** Wall clock when it was journalled: a start after this one is a person's. */
  readonly journaledAt: number;
  readonly attempts: number;
  /** Wall clock of the last call that failed. */
  readonly lastAttemptAt?: number;
  readonly lastError?: string;
}

/** What became of a stop or start: the record savings and `why` read later. */
export interface JournalRecord {
  readonly key: string;
  readonly region: string;
  readonly instanceId: string;
  readonly name: string;
  readonly schedule?: string;
  readonly action: 'stop' | 'start' | 'verify-start';
  readonly edge: number;
  /** Wall clock of the outcome. */
  readonly at: number;
  readonly outcome: 'done' | 'gave-up' | 'dropped' | 'start-failed';
  readonly attempts: number;
  readonly reason: string;
  readonly error?: string;
}

export function pendingFrom(
  decision: Decision,
  decidedAt: number,
  journaledAt: number,
): PendingAction {
  if (decision.action !== 'stop' && decision.action !== 'start') {
    throw new TypeError(`only stops and starts are journalled, not ${decision.action}`);
  }
  return {
    key: resourceKey({ region: decision.region, id: decision.instanceId }),
    region: decision.region,
    instanceId: decision.instanceId,
    name: decision.name,
    ...(decision.schedule ? { schedule: decision.schedule } : {}),
    action: decision.action,
    edge: decision.at ?? decidedAt,
    code: decision.code,
    reason: decision.reason,
    mark: decision.mark !== false,
    ...(decision.action === 'stop' && decision.movedBy ? { ends: decision.movedBy.kind } : {}),
    decidedAt,
    journaledAt,
    attempts: 0,
  };
}

export type RetryVerdict =
  | { readonly retry: true }
  | { readonly retry: false; readonly why: string };

/**
 * Whether a pending action still holds at `now`: a stop while the instance has stayed running
 * since it was decided (not started again by a person), the schedule still says off and no
 * snooze covers it; a start while it is still stopped by the stopinator and the schedule says
 * on. Anything else is dropped: people and later edges win over a stale decision.
 */
export function stillHolds(
  pending: PendingAction,
  instance: FleetInstance | undefined,
  snoozes: readonly Snooze[],
  config: StopinatorConfig,
  now: number,
  memo = new ScheduleMemo(),
): RetryVerdict {
  if (!instance) return { retry: false, why: 'it is no longer listed' };
  const taking = participation(instance, config);
  if (taking.kind !== 'scheduled' || taking.schedule.name !== pending.schedule) {
    return { retry: false, why: 'its tag changed' };
  }
  const covering = coveringEnds(snoozes).get(resourceKey(instance)) ?? [];
  const level = desiredLevel(taking.schedule, covering, now, memo);
  const up = instance.state === 'running' || instance.state === 'pending';
  if (pending.action === 'stop') {
    if (!up) return { retry: false, why: `it is ${instance.state}` };
    const since = pending.lastAttemptAt ?? pending.journaledAt;
    if (instance.startedAt !== undefined && instance.startedAt > since) {
      return { retry: false, why: 'it was started again since' };
    }
    if (level.wanted === 'up')
      return { retry: false, why: `the schedule now keeps it up (${level.because})` };
    return { retry: true };
  }
  if (up) return { retry: false, why: `it is ${instance.state}` };
  if (instance.stoppedByStopinatorAt === undefined)
    return { retry: false, why: 'it was stopped by hand since' };
  if (level.wanted === 'down') return { retry: false, why: 'the schedule now keeps it stopped' };
  return { retry: true };
}

/**
 * Errors a retry cannot fix: the stopinator gives up at once (one alert) and leaves the
 * resource alone for a while (see the scheduler's refused list), instead of trying every run.
 */
const PERMANENT = new Set([
  'InvalidParameterCombination',
  'UnsupportedOperation',
  'Unsupported',
  'ResizedByHand',
  'NoSavedCapacity',
  'KindNotManaged',
  'InvalidDBClusterStateFault.ReadReplica',
]);

export function isPermanent(code: string): boolean {
  return PERMANENT.has(code);
}

export type StartCheck =
  | { readonly kind: 'up' }
  | { readonly kind: 'wait' }
  | { readonly kind: 'retry'; readonly why: string }
  | { readonly kind: 'dropped'; readonly why: string }
  | { readonly kind: 'failed'; readonly why: string; readonly fix?: string };

/** EC2's state reason when a start fell back to stopped because KMS refused the EBS key. */
const KMS_REFUSED = 'Client.InternalError';
/** EC2's state reason for a stop someone asked for (the console, the API): not a failed start. */
const STOPPED_BY_SOMEONE = 'Client.UserInitiatedShutdown';

/**
 * Whether a started resource came up, the run after its start. EC2 answers StartInstances
 * and then falls back to stopped when the EBS volume's KMS key refuses a grant: that is
 * reported with the fix, never retried blindly. Back in stopped for another reason EC2 gives
 * (a failed start), it is started again; stopped by someone since (EC2 says so; RDS and Auto
 * Scaling never fall back to stopped on their own), it stays stopped: people win. Still
 * starting (RDS takes minutes), it is checked again at the next run.
 */
export function checkStart(
  pending: PendingAction,
  instance: FleetInstance | undefined,
): StartCheck {
  if (!instance) return { kind: 'failed', why: 'it is no longer listed' };
  if (instance.state === 'running') return { kind: 'up' };
  if (instance.state === 'pending') return { kind: 'wait' };
  if (instance.leftAlone) return { kind: 'failed', why: instance.leftAlone };
  if (instance.state === 'stopped' && instance.stateReason === KMS_REFUSED) {
    return {
      kind: 'failed',
      why: `${pending.name} fell back to stopped after its start (${KMS_REFUSED}): the KMS key of one of its EBS volumes did not let EC2 use it`,
      fix: "let the key policy allow kms:CreateGrant (with the condition kms:GrantIsForAWSResource: true) to the instance's role and to the stopinator's scheduler and bot roles, or use the AWS managed key (README, Deploy, step 8)",
    };
  }
  if (instance.state === 'stopped' || instance.state === 'stopping') {
    if (instance.stateReason === undefined || instance.stateReason === STOPPED_BY_SOMEONE)
      return { kind: 'dropped', why: 'it was stopped by hand since its start' };
    return {
      kind: 'retry',
      why: `it is ${instance.state} again${instance.stateReason ? ` (${instance.stateReason})` : ''}`,
    };
  }
  return { kind: 'failed', why: `it is ${instance.state}` };
}
