import type { StopinatorConfig } from '../core/config.js';
import { desiredLevel } from '../core/desired-level.js';
import type { FleetInstance } from '../core/instance.js';
import { checkStart, type JournalRecord, type PendingAction, stillHolds } from '../core/journal.js';
import type { ScheduleMemo } from '../core/schedule-memo.js';
import { coveringEnds, type Snooze } from '../core/snooze.js';
import { record } from './carry-out.js';

/** Key of the outage-log entry that holds a resource AWS refused to stop or start for good. */
export function refusedKey(resourceKey: string): string {
  return `refused#${resourceKey}`;
}

export interface Attempts {
  /** Stops and starts to make now. */
  readonly attempt: readonly PendingAction[];
  /** No longer holding: recorded as dropped. */
  readonly dropped: readonly JournalRecord[];
  /** Starts that did not come up: recorded, and told with the fix when there is one. */
  readonly failedStarts: readonly {
    readonly pending: PendingAction;
    readonly why: string;
    readonly fix?: string;
  }[];
  /** Settled without a record: starts verified up. */
  readonly resolved: readonly PendingAction[];
}

/**
 * This run's decisions and the earlier pending actions that still hold.
 * - A stop of this run is dropped when a snooze read just now covers it (saved while the run
 *   was deciding); when the snoozes could not be read again, stops wait for the next run.
 * - Earlier stops and starts are tried again only while they still hold (stillHolds).
 * - Earlier starts that worked are checked: up, still starting, back in stopped (started
 *   again; left alone when someone stopped it since), or failed for good (a KMS key, told
 *   with the fix).
 * - Resources AWS refused for good (`refused`) are not tried until that entry expires.
 * - Whatever belongs to a region this run could not list waits.
 */
export function whatToAttempt(input: {
  readonly decided: readonly PendingAction[];
  readonly earlier: readonly PendingAction[];
  readonly listedRegions: ReadonlySet<string>;
  readonly instances: ReadonlyMap<string, FleetInstance>;
  readonly snoozes: readonly Snooze[] | undefined;
  readonly refused: ReadonlySet<string>;
  readonly config: StopinatorConfig;
  readonly now: number;
  readonly memo: ScheduleMemo;
}): Attempts {
  const { config, now, memo } = input;
  const attempt: PendingAction[] = [];
  const dropped: JournalRecord[] = [];
  const failedStarts: { pending: PendingAction; why: string; fix?: string }[] = [];
  const resolved: PendingAction[] = [];
  const covers = coveringEnds(input.snoozes ?? []);
  const refusedBefore = (p: PendingAction) => input.refused.has(refusedKey(p.key));
  for (const pending of input.decided) {
    if (refusedBefore(pending)) {
      dropped.push(
        record(pending, now, 'dropped', 0, 'AWS refused it before; left alone for a while'),
      );
      continue;
    }
    if (pending.action !== 'stop') {
      attempt.push(pending);
      continue;
    }
    if (input.snoozes === undefined) continue;
    const schedule = config.schedules.get(pending.schedule ?? '');
    const level = schedule
      ? desiredLevel(schedule, covers.get(pending.key) ?? [], Math.max(pending.edge, now), memo)
      : undefined;
    if (level?.wanted === 'up') {
      dropped.push(record(pending, now, 'dropped', 0, `snoozed since: ${level.because}`));
    } else {
      attempt.push(pending);
    }
  }
  for (const pending of input.earlier) {
    if (!input.listedRegions.has(pending.region)) continue;
    const instance = input.instances.get(pending.key);
    if (pending.action === 'verify-start') {
      const check = checkStart(pending, instance);
      if (check.kind === 'up') resolved.push(pending);
      else if (check.kind === 'retry') attempt.push({ ...pending, action: 'start' });
      else if (check.kind === 'dropped')
        dropped.push(record(pending, now, 'dropped', pending.attempts, check.why));
      else if (check.kind === 'failed') failedStarts.push({ pending, ...check });
      continue;
    }
    if (refusedBefore(pending)) {
      dropped.push(record(pending, now, 'dropped', pending.attempts, 'AWS refused it before'));
      continue;
    }
    if (input.snoozes === undefined && pending.action === 'stop') continue;
    const verdict = stillHolds(pending, instance, input.snoozes ?? [], config, now, memo);
    if (verdict.retry) attempt.push(pending);
    else dropped.push(record(pending, now, 'dropped', pending.attempts, verdict.why));
  }
  return { attempt, dropped, failedStarts, resolved };
}
