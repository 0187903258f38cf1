import type { StopinatorConfig } from '../core/config.js';
import { resourceKey } from '../core/instance.js';
import { pendingFrom } from '../core/journal.js';
import type { Decision, RunPlan } from '../core/plan-run.js';
import type {
  ActionJournal,
  DigestLog,
  Fleet,
  FleetIndexStore,
  Notifier,
  OutageLog,
  PriceCache,
  PriceList,
  RunCursor,
  RunSummary,
  SnoozeStore,
  StopHistoryStore,
} from '../core/ports.js';
import { isEmptyWindow, runWindow } from '../core/run-window.js';
import { ScheduleMemo } from '../core/schedule-memo.js';
import { runHistory } from '../core/stop-history.js';
import type { Logger } from '../runtime/logger.js';
import { whatToAttempt } from './attempts.js';
import { carryOut, record } from './carry-out.js';
import { writeIndex } from './index-write.js';
import { listRegions, planRegions } from './region-plans.js';
import { quietly, reportRegions, soft, tellFailures } from './run-alerts.js';
import { RunFailedError } from './run-errors.js';
import { emptySummary } from './run-summary.js';
import { keepSavings } from './savings-upkeep.js';

/** What savings need of a run: where the stopped hours go, prices, the weekly digest. */
export interface SchedulerSavings {
  readonly history: StopHistoryStore;
  readonly prices: PriceCache;
  /** AWS's Price List; without it, only the configuration's prices are known. */
  readonly priceList?: PriceList;
  readonly digests: DigestLog;
  /** The account the resources are in, or "default" (issue 12 fills it in). */
  readonly account?: string;
}

export interface SchedulerDeps {
  readonly config: StopinatorConfig;
  readonly fleet: Fleet;
  readonly snoozes: SnoozeStore;
  readonly cursor: RunCursor;
  /** Where the run leaves what it listed, for the bot (see fleet-index.ts). */
  readonly fleetIndex: FleetIndexStore;
  /** Stops and starts decided and not yet seen to succeed (at-least-once). */
  readonly journal: ActionJournal;
  /** Outages already reported, so each alerts once. */
  readonly outages: OutageLog;
  readonly notifier: Notifier;
  readonly log: Logger;
  /**
   * The wall clock, for the stop mark: it must match EC2's own stop time, even when a retry
   * runs long after the scheduled time the run is for.
   */
  readonly clock: () => number;
  /** Milliseconds the invocation has left (Lambda's context); unlimited when absent. */
  readonly remainingMs?: () => number;
  /** Stopped hours, prices and the weekly digest; without it, a run records none of them. */
  readonly savings?: SchedulerSavings;
}

/** Time kept back for acting, the journal and the index once planning stops. */
export const ACTING_RESERVE_MS = 30_000;

/**
 * One scheduler run for the instant `now`:
 * 1. read the cursor and the window since the last run;
 * 2. read the snoozes (unreadable: stop nothing, fail), list each region (one that fails is
 *    skipped and alerted once per outage), read the pending actions of earlier runs;
 * 3. plan each region over its own window, while there is time;
 * 4. journal the decisions, then claim the window (the loser of two overlapping runs stops);
 * 5. read the snoozes again and drop stops a snooze made since now covers;
 * 6. act on this run's decisions and on earlier ones that still hold; journal the outcomes;
 * 7. write the fleet index, warn, summarise.
 */
export async function runScheduler(deps: SchedulerDeps, now: number): Promise<RunSummary> {
  const { config, log } = deps;
  const cursor = await step('read-cursor', 'could not read the run cursor', () =>
    deps.cursor.readCursor(),
  );
  const window = runWindow(cursor?.at, now, config.scheduler);
  const summaryOf = (counts: Partial<RunSummary> = {}): RunSummary => ({
    ...emptySummary({
      from: new Date(window.from).toISOString(),
      to: new Date(window.to).toISOString(),
    }),
    ...counts,
  });
  if (isEmptyWindow(window)) {
    log.info('nothing to do: this time was already handled (a retried or duplicate invocation)', {
      cursor: cursor === undefined ? undefined : new Date(cursor.at).toISOString(),
    });
    return summaryOf();
  }
  if (window.truncated)
    log.warn('catch-up limited by scheduler.maxCatchUp', {
      from: new Date(window.from).toISOString(),
    });

  // Fail safe: without the snoozes we cannot know what must keep running, so stop nothing.
  const [snoozes, listing, previousIndex, earlier, outages] = await Promise.all([
    step('read-snoozes', 'could not read snoozes; nothing was stopped', () =>
      deps.snoozes.activeSnoozes(window.from),
    ),
    listRegions(deps.fleet, config.regions),
    soft(log, 'could not read the previous fleet index', () => deps.fleetIndex.readIndex()),
    // The journal is rewritten as a whole below: without its pending set, do nothing.
    step('read-journal', 'could not read the action journal; nothing was done', () =>
      deps.journal.pending(),
    ),
    soft(log, 'could not read the open outages', () => deps.outages.list()),
  ]);
  await reportRegions(deps, listing, outages, now);
  if (listing.listed.size === 0) {
    throw new RunFailedError('list-instances', 'no region could be listed; nothing was done');
  }

  const started = deps.clock();
  const haveTime = () => (deps.remainingMs?.() ?? Number.POSITIVE_INFINITY) > ACTING_RESERVE_MS;
  const regionCursors = cursor?.regions ?? {};
  const { plan, planned, unplanned } = planRegions({
    listing,
    config,
    snoozes,
    window,
    regionCursors,
    haveTime,
  });
  logDecisions(plan, log);
  const journaledAt = deps.clock();
  const decided = [...plan.toStop, ...plan.toStart].map((d) => pendingFrom(d, now, journaledAt));
  // A decision of this run replaces an earlier pending action on the same resource.
  const decidedKeys = new Set(decided.map((p) => p.key));
  const kept = earlier.filter((p) => !decidedKeys.has(p.key));
  const nextRegions = { ...regionCursors };
  for (const region of planned) nextRegions[region] = window.to;
  // Journal, claim, and (at the same time) read the snoozes again: a snooze saved while this
  // run was deciding is honoured by the stop calls that follow.
  const [fresh] = await Promise.all([
    soft(log, 'could not read the snoozes again; stops wait for the next run', () =>
      deps.snoozes.activeSnoozes(window.from),
    ),
    step('write-journal', 'could not journal the decisions; nothing was done', () =>
      decided.length + kept.length === 0
        ? Promise.resolve()
        : deps.journal.setPending([...decided, ...kept], journaledAt),
    ),
  ]);
  if (!(await deps.cursor.advanceCursor(cursor?.at, { at: window.to, regions: nextRegions }))) {
    log.warn('another run claimed this window first; not acting');
    return summaryOf();
  }

  const instances = new Map(
    [...listing.listed.values()].flat().map((i) => [resourceKey(i), i] as const),
  );
  const { attempt, dropped, failedStarts, resolved } = whatToAttempt({
    decided,
    earlier: kept,
    listedRegions: new Set(listing.listed.keys()),
    instances,
    snoozes: fresh,
    refused: outages ?? new Set(),
    config,
    now,
    memo: new ScheduleMemo(),
  });
  // The index is written while the calls are made, as they should leave the fleet; written
  // again, after, only when some failed.
  const [done] = await Promise.all([
    carryOut(deps.fleet, attempt, deps.clock),
    writeIndex(deps, {
      listing,
      plan,
      worked: attempt,
      snoozes: fresh ?? snoozes,
      previousIndex,
      now,
      failures: [],
    }),
  ]);
  const failures = done.outcomes.map((o) => o.outcome).filter((o) => !o.ok);
  const settledKeys = new Set([
    ...attempt.map((p) => p.key),
    ...dropped.map((d) => d.key),
    ...failedStarts.map((f) => f.pending.key),
    ...resolved.map((p) => p.key),
  ]);
  const stillPending = [
    ...[...decided, ...kept].filter((p) => !settledKeys.has(p.key)),
    ...done.retryLater,
    ...done.toVerify,
  ];
  const startFailures = failedStarts.map((f) =>
    record(f.pending, deps.clock(), 'start-failed', f.pending.attempts, f.why),
  );
  const worked = done.outcomes.filter((o) => o.outcome.ok).map((o) => o.pending);
  const savings = deps.savings;
  const history = savings
    ? runHistory({
        now,
        ...(savings.account ? { account: savings.account } : {}),
        plan,
        worked,
        listed: listing.listed,
        previous: previousIndex,
        snoozes: fresh ?? snoozes,
        config,
      })
    : [];
  const changed =
    decided.length + kept.length + done.settled.length + dropped.length + startFailures.length > 0;
  await Promise.all([
    changed
      ? soft(log, 'could not journal the outcomes; the next run checks them again', () =>
          deps.journal.settle(
            stillPending,
            [...done.settled, ...dropped, ...startFailures],
            deps.clock(),
          ),
        )
      : Promise.resolve(),
    failures.length > 0
      ? writeIndex(deps, {
          listing,
          plan,
          worked,
          snoozes: fresh ?? snoozes,
          previousIndex,
          now,
          failures,
        })
      : Promise.resolve(),
    savings && history.length > 0
      ? soft(log, 'could not record the stopped hours of this run', () =>
          savings.history.record(history, now),
        )
      : Promise.resolve(),
  ]);
  await tellFailures(deps, done.gaveUp, failedStarts, now);
  const freshFailures = done.outcomes.filter((o) => !o.outcome.ok && o.pending.attempts === 0);
  for (const outcome of failures) log.error('action failed', { ...outcome });
  let warned = 0;
  if (plan.warnings.length > 0) {
    warned = plan.warnings.length;
    await quietly(log, 'warning', () => deps.notifier.warnBeforeStop(plan.warnings));
  }
  const ok = (action: 'stop' | 'start') =>
    done.outcomes.filter((o) => o.pending.action === action && o.outcome.ok).length;
  const summary = summaryOf({
    stopped: ok('stop'),
    started: ok('start'),
    warned,
    skipped: plan.decisions.filter((d) => d.action === 'none').length,
    failed: done.outcomes.filter((o) => !o.outcome.ok).length,
    retried: done.outcomes.filter((o) => o.pending.attempts > 0).length,
    failedRegions: [...listing.failed.keys()],
  });
  // One notice per failure: a stop or start that fails again at a later run is logged only.
  const reported = { ...plan, toStop: withoutDropped(plan.toStop, dropped), toStart: plan.toStart };
  if (reported.toStop.length + reported.toStart.length > 0) {
    await quietly(log, 'summary', () =>
      deps.notifier.runDone(
        reported,
        freshFailures.map((f) => f.outcome),
        summary,
      ),
    );
  }
  if (savings) await keepSavings(deps, savings, { listing, now });
  log.info('run done', { ...summary, planningMs: deps.clock() - started });
  if (unplanned.length > 0) {
    const message = `ran out of time before planning ${unplanned.join(', ')}; they are caught up by the next run`;
    log.error(message, { unplanned });
    await quietly(log, 'alert', () => deps.notifier.alert(`Scheduler run incomplete: ${message}.`));
    throw new RunFailedError('out-of-time', message);
  }
  return summary;

  async function step<T>(
    name: RunFailedError['step'],
    message: string,
    work: () => Promise<T>,
  ): Promise<T> {
    try {
      return await work();
    } catch (cause) {
      const error = new RunFailedError(name, message, { cause });
      log.error(message, { step: name, error: cause });
      await quietly(log, 'alert', () =>
        deps.notifier.alert(`Scheduler run failed: ${message}.`, String(cause)),
      );
      throw error;
    }
  }
}

function withoutDropped(
  decisions: readonly Decision[],
  dropped: readonly { key: string }[],
): Decision[] {
  const gone = new Set(dropped.map((d) => d.key));
  return decisions.filter((d) => !gone.has(resourceKey({ region: d.region, id: d.instanceId })));
}

function logDecisions(plan: RunPlan, log: Logger): void {
  for (const d of plan.decisions) {
    const entry = {
      instanceId: d.instanceId,
      region: d.region,
      name: d.name,
      ...(d.schedule ? { schedule: d.schedule } : {}),
      action: d.action,
      code: d.code,
      reason: d.reason,
    };
    if (d.code === 'unknown-schedule') log.warn('decision', entry);
    else if (d.at === undefined) log.debug('decision', entry);
    else log.info('decision', { ...entry, at: new Date(d.at).toISOString() });
  }
}
