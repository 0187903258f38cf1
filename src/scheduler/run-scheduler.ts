import type { StopinatorConfig } from '../core/config.js';
import { buildFleetIndex, type FleetIndex } from '../core/fleet-index.js';
import type { FleetInstance } from '../core/instance.js';
import { applyPlan, type Decision, planRun, type RunPlan } from '../core/plan-run.js';
import type {
  ActionOutcome,
  Fleet,
  FleetIndexStore,
  Notifier,
  RunCursor,
  RunSummary,
  SnoozeStore,
} from '../core/ports.js';
import { isEmptyWindow, runWindow } from '../core/run-window.js';
import type { Snooze } from '../core/snooze.js';
import type { Logger } from '../runtime/logger.js';
import { RunFailedError } from './run-errors.js';

export interface SchedulerDeps {
  readonly config: StopinatorConfig;
  readonly fleet: Fleet;
  readonly snoozes: SnoozeStore;
  readonly cursor: RunCursor;
  /** Where the run leaves what it listed, for the bot (see fleet-index.ts). */
  readonly fleetIndex: FleetIndexStore;
  readonly notifier: Notifier;
  readonly log: Logger;
  /**
   * The wall clock, for the stop mark: it must match EC2's own stop time, even when a retry
   * runs long after the scheduled time the run is for.
   */
  readonly clock: () => number;
}

/**
 * One scheduler run for the instant `now`: claim the window since the last run, plan it, act,
 * report. Fails without acting when the cursor, the snoozes or any region cannot be read.
 */
export async function runScheduler(deps: SchedulerDeps, now: number): Promise<RunSummary> {
  const { config, log } = deps;
  const cursor = await step('read-cursor', 'could not read the run cursor', () =>
    deps.cursor.readCursor(),
  );
  const window = runWindow(cursor, now, config.scheduler);
  const summaryOf = (counts: Omit<RunSummary, 'window'>): RunSummary => ({
    window: { from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString() },
    ...counts,
  });
  if (isEmptyWindow(window)) {
    log.info('nothing to do: this time was already handled (a retried or duplicate invocation)', {
      cursor: cursor === undefined ? undefined : new Date(cursor).toISOString(),
    });
    return summaryOf({ stopped: 0, started: 0, warned: 0, skipped: 0, failed: 0 });
  }
  if (window.truncated)
    log.warn('catch-up limited by scheduler.maxCatchUp', {
      from: new Date(window.from).toISOString(),
    });

  // Fail safe: without the snoozes we cannot know what must keep running, so stop nothing.
  // Both reads at once; either failing fails the run before anything is done.
  const [snoozes, instances, previousIndex] = await Promise.all([
    step('read-snoozes', 'could not read snoozes; nothing was stopped', () =>
      deps.snoozes.activeSnoozes(window.from),
    ),
    step('list-instances', 'could not list instances', () => listAll(deps)),
    // Only for the decisions it carries forward: a run goes on without it.
    deps.fleetIndex.readIndex().catch((error: unknown) => {
      log.warn('could not read the previous fleet index', { error });
      return undefined;
    }),
  ]);
  const plan = planRun({ instances, config, snoozes, window });
  logDecisions(plan, log);

  if (!(await deps.cursor.advanceCursor(cursor, window.to))) {
    log.warn('another run claimed this window first; not acting');
    return summaryOf({ stopped: 0, started: 0, warned: 0, skipped: 0, failed: 0 });
  }

  const [stopOutcomes, startOutcomes] = await Promise.all([
    act(plan.toStop, (region, ids, mark) =>
      deps.fleet.stopInstances(region, ids, deps.clock(), { mark }),
    ),
    act(plan.toStart, (region, ids) => deps.fleet.startInstances(region, ids)),
  ]);
  const failures = [...stopOutcomes, ...startOutcomes].filter((o) => !o.ok);
  for (const failure of failures) log.error('action failed', { ...failure });
  await writeIndex(deps, { instances, plan, failures, snoozes, previousIndex, now });

  let warned = 0;
  if (plan.warnings.length > 0) {
    warned = plan.warnings.length;
    await quietly(log, 'warning', () => deps.notifier.warnBeforeStop(plan.warnings));
  }
  const summary = summaryOf({
    stopped: stopOutcomes.filter((o) => o.ok).length,
    started: startOutcomes.filter((o) => o.ok).length,
    warned,
    skipped: plan.decisions.filter((d) => d.action === 'none').length,
    failed: failures.length,
  });
  if (plan.toStop.length + plan.toStart.length > 0) {
    await quietly(log, 'summary', () => deps.notifier.runDone(plan, failures, summary));
  }
  log.info('run done', { ...summary });
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

/** The index of what this run listed, as its actions left it; a failure is only logged. */
async function writeIndex(
  deps: SchedulerDeps,
  run: {
    instances: readonly FleetInstance[];
    plan: RunPlan;
    failures: readonly ActionOutcome[];
    snoozes: readonly Snooze[];
    previousIndex: FleetIndex | undefined;
    now: number;
  },
): Promise<void> {
  const failed = new Set(run.failures.map((f) => f.instanceId));
  const done = {
    ...run.plan,
    toStop: run.plan.toStop.filter((d) => !failed.has(d.instanceId)),
    toStart: run.plan.toStart.filter((d) => !failed.has(d.instanceId)),
  };
  try {
    const index = buildFleetIndex({
      after: applyPlan(run.instances, done),
      listedRegions: deps.config.regions,
      plan: run.plan,
      failures: run.failures,
      ...(run.previousIndex ? { previous: run.previousIndex } : {}),
      snoozes: run.snoozes,
      config: deps.config,
      runAt: run.now,
      writtenAt: deps.clock(),
    });
    await deps.fleetIndex.writeIndex(index, run.previousIndex);
  } catch (error) {
    deps.log.error('could not write the fleet index; the bot answers from the previous one', {
      error,
    });
  }
}

async function listAll(deps: SchedulerDeps): Promise<FleetInstance[]> {
  const perRegion = await Promise.all(
    deps.config.regions.map((region) => deps.fleet.listInstances(region)),
  );
  return perRegion.flat();
}

/**
 * Calls `call` once per region (and per marking: stops that end a wake of an instance stopped
 * by hand go without the mark) with those instances, in parallel.
 */
async function act(
  decisions: readonly Decision[],
  call: (region: string, ids: string[], mark: boolean) => Promise<ActionOutcome[]>,
): Promise<ActionOutcome[]> {
  const groups = new Map<string, { region: string; mark: boolean; ids: string[] }>();
  for (const d of decisions) {
    const mark = d.mark !== false;
    const key = `${d.region}\u0000${mark}`;
    const group = groups.get(key) ?? { region: d.region, mark, ids: [] };
    group.ids.push(d.instanceId);
    groups.set(key, group);
  }
  const results = await Promise.all(
    [...groups.values()].map(async ({ region, ids, mark }) => {
      try {
        return await call(region, ids, mark);
      } catch (error) {
        const name = error instanceof Error ? error.name : 'Error';
        const message = error instanceof Error ? error.message : String(error);
        return ids.map(
          (instanceId): ActionOutcome => ({ instanceId, ok: false, code: name, message }),
        );
      }
    }),
  );
  return results.flat();
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

/** Notifications must not undo a run that already acted: log their failures and go on. */
async function quietly(log: Logger, what: string, send: () => Promise<void>): Promise<void> {
  try {
    await send();
  } catch (error) {
    log.error(`could not send the ${what}`, { error });
  }
}
