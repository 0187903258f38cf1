import type { StopinatorConfig } from '../core/config.js';
import type { FleetInstance } from '../core/instance.js';
import { type Decision, planRun, type RunPlan } from '../core/plan-run.js';
import type { Fleet } from '../core/ports.js';
import { type RunWindow, regionFrom } from '../core/run-window.js';
import type { Snooze } from '../core/snooze.js';

/** Each region listed on its own: one that fails does not stop the others. */
export interface Listing {
  readonly listed: ReadonlyMap<string, readonly FleetInstance[]>;
  readonly failed: ReadonlyMap<string, unknown>;
}

export async function listRegions(fleet: Fleet, regions: readonly string[]): Promise<Listing> {
  const results = await Promise.allSettled(regions.map((region) => fleet.listInstances(region)));
  const listed = new Map<string, FleetInstance[]>();
  const failed = new Map<string, unknown>();
  results.forEach((result, i) => {
    const region = regions[i] as string;
    if (result.status === 'fulfilled') listed.set(region, result.value);
    else failed.set(region, result.reason);
  });
  return { listed, failed };
}

export interface RegionPlans {
  /** The plans, merged: decisions, stops, starts and warnings of every planned region. */
  readonly plan: RunPlan;
  /** Regions planned up to the run's instant (their cursors move). */
  readonly planned: readonly string[];
  /** Listed regions left unplanned because the run ran out of time. */
  readonly unplanned: readonly string[];
}

/**
 * Plans each listed region over its own window (a region that lagged catches up from its own
 * position), regions sharing a window in one go. Before each, `haveTime()` says whether there
 * is time left to act on one more; when not, the rest waits for the next run.
 */
export function planRegions(input: {
  readonly listing: Listing;
  readonly config: StopinatorConfig;
  readonly snoozes: readonly Snooze[];
  readonly window: RunWindow;
  readonly regionCursors: Readonly<Record<string, number>>;
  readonly haveTime: () => boolean;
}): RegionPlans {
  const { config, window } = input;
  const groups = new Map<number, string[]>();
  for (const region of input.listing.listed.keys()) {
    const from = regionFrom(window, input.regionCursors[region], config.scheduler);
    groups.set(from, [...(groups.get(from) ?? []), region]);
  }
  const plans: RunPlan[] = [];
  const planned: string[] = [];
  const unplanned: string[] = [];
  for (const [from, regions] of [...groups].sort((a, b) => a[0] - b[0])) {
    if (!input.haveTime()) {
      unplanned.push(...regions);
      continue;
    }
    const instances = regions.flatMap((r) => input.listing.listed.get(r) ?? []);
    plans.push(
      planRun({
        instances,
        config,
        snoozes: input.snoozes,
        window: { from, to: window.to, truncated: window.truncated || from > window.from },
      }),
    );
    planned.push(...regions);
  }
  return { plan: mergePlans(plans, window), planned, unplanned };
}

function mergePlans(plans: readonly RunPlan[], window: RunWindow): RunPlan {
  const all = <K extends 'decisions' | 'toStop' | 'toStart' | 'warnings'>(key: K): Decision[] =>
    plans.flatMap((p) => p[key]);
  return {
    window,
    decisions: all('decisions'),
    toStop: all('toStop'),
    toStart: all('toStart'),
    warnings: all('warnings'),
  };
}
