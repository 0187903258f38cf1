import type { StopinatorConfig } from '../core/config.js';
import type { FleetInstance } from '../core/instance.js';
import { applyPlan, type Decision, planRun } from '../core/plan-run.js';
import type { Snooze } from '../core/snooze.js';

/** What the timeline shows: the edges that act or explain why nothing acts. */
const SHOWN = new Set<Decision['code']>([
  'scheduled-stop',
  'snooze-ended',
  'postponed',
  'kept-running-tonight',
  'scheduled-start',
  'stopped-by-hand',
  'stop-ahead',
  'enforce-stop',
  'enforce-start',
]);

export interface Simulation {
  /** Decisions on edges, in time order. */
  readonly timeline: readonly Decision[];
  /** Instances the stopinator leaves alone, and why (excluded, unknown schedule...). */
  readonly leftAlone: readonly Decision[];
}

/**
 * The coming hours as the scheduler would live them: one planned run per interval from
 * `from`, each seeing the instances as the previous runs left them (pure: nothing is called).
 */
export function simulate(input: {
  readonly instances: readonly FleetInstance[];
  readonly config: StopinatorConfig;
  readonly snoozes: readonly Snooze[];
  readonly from: number;
  readonly hours: number;
}): Simulation {
  const { config, snoozes } = input;
  const interval = config.scheduler.intervalMinutes * 60_000;
  const end = input.from + input.hours * 3_600_000;
  let instances = [...input.instances];
  const timeline: Decision[] = [];
  let leftAlone: Decision[] = [];
  for (let from = input.from; from < end; from += interval) {
    const window = { from, to: Math.min(from + interval, end), truncated: false };
    const plan = planRun({ instances, config, snoozes, window });
    if (from === input.from) leftAlone = plan.decisions.filter((d) => d.at === undefined);
    timeline.push(...plan.decisions.filter((d) => d.at !== undefined && SHOWN.has(d.code)));
    instances = applyPlan(instances, plan);
  }
  return { timeline: timeline.sort((a, b) => (a.at ?? 0) - (b.at ?? 0)), leftAlone };
}
