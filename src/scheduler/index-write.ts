import { buildFleetIndex, type FleetIndex } from '../core/fleet-index.js';
import type { PendingAction } from '../core/journal.js';
import { applyPlan, type Decision, type RunPlan } from '../core/plan-run.js';
import type { ActionOutcome } from '../core/ports.js';
import type { Snooze } from '../core/snooze.js';
import type { Listing } from './region-plans.js';
import type { SchedulerDeps } from './run-scheduler.js';

/** The index of what this run listed, as its actions left it; a failure is only logged. */
export async function writeIndex(
  deps: SchedulerDeps,
  run: {
    listing: Listing;
    plan: RunPlan;
    /** The stops and starts that worked (or, before they are made, that will). */
    worked: readonly PendingAction[];
    failures: readonly ActionOutcome[];
    snoozes: readonly Snooze[];
    previousIndex: FleetIndex | undefined;
    now: number;
  },
): Promise<void> {
  const asDecision = (p: PendingAction): Decision => ({
    instanceId: p.instanceId,
    region: p.region,
    name: p.name,
    action: p.action === 'stop' ? 'stop' : 'start',
    code: p.code,
    reason: p.reason,
    at: deps.clock(),
    ...(p.mark ? {} : { mark: false as const }),
  });
  const applied: RunPlan = {
    ...run.plan,
    toStop: run.worked.filter((p) => p.action === 'stop').map(asDecision),
    toStart: run.worked.filter((p) => p.action === 'start').map(asDecision),
  };
  try {
    const index = buildFleetIndex({
      after: applyPlan([...run.listing.listed.values()].flat(), applied),
      listedRegions: [...run.listing.listed.keys()],
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
