import type { StopinatorConfig } from './config.js';
import { type FleetInstance, resourceKey, stopMarkTagKey } from './instance.js';
import { fleetOutlook } from './outlook.js';
import type { Action, DecisionCode, RunPlan } from './plan-run.js';
import type { ActionOutcome } from './ports.js';
import type { Snooze } from './snooze.js';

/** How many past decisions the index keeps per resource, newest first (for `why`). */
export const RECENT_DECISIONS = 5;

export interface IndexedDecision {
  readonly at: number;
  readonly action: Action;
  readonly code: DecisionCode;
  readonly reason: string;
  /** The error code when the stop or start call failed. */
  readonly failed?: string;
}

/** One resource as the last scheduler run left it. */
export interface IndexEntry {
  /** Only the tags the stopinator reads: Name and its own. */
  readonly instance: FleetInstance;
  readonly nextStop?: number;
  readonly nextStart?: number;
  readonly recent: readonly IndexedDecision[];
}

/** One region's part of the index, as the run that listed it left it. */
export interface IndexRegion {
  readonly region: string;
  /** The run instant that listed it: older than the index's own when that run could not. */
  readonly listedAt: number;
  readonly entries: readonly IndexEntry[];
}

/**
 * What the scheduler listed on its last run, with states after its actions, next edges and
 * last decisions: the bot resolves targets and answers `why` from it without calling EC2.
 */
export interface FleetIndex {
  /** The run instant it reflects. */
  readonly runAt: number;
  /** When it was written (wall clock). */
  readonly writtenAt: number;
  readonly regions: readonly IndexRegion[];
}

export interface IndexInput {
  /** The instances as the run left them (see applyPlan, failures undone), per listed region. */
  readonly after: readonly FleetInstance[];
  readonly listedRegions: readonly string[];
  readonly plan: RunPlan;
  readonly failures: readonly ActionOutcome[];
  readonly previous?: FleetIndex;
  readonly snoozes: readonly Snooze[];
  readonly config: StopinatorConfig;
  readonly runAt: number;
  readonly writtenAt: number;
}

/**
 * The index a run writes: this run's decisions on top of the ones the previous run kept.
 * Regions this run could not list keep their previous part, with its older `listedAt`.
 */
export function buildFleetIndex(input: IndexInput): FleetIndex {
  const { config } = input;
  const keep = new Set([config.tagKey, stopMarkTagKey(config.tagKey), 'Name']);
  const previous = new Map(indexEntries(input.previous).map((e) => [resourceKey(e.instance), e]));
  const failed = new Map(
    input.failures.flatMap((f) => (f.ok ? [] : [[f.instanceId, f.code] as const])),
  );
  const decided = new Map<string, IndexedDecision[]>();
  for (const d of input.plan.decisions) {
    if (d.at === undefined) continue;
    const key = resourceKey({ region: d.region, id: d.instanceId });
    const code = d.action === 'stop' || d.action === 'start' ? failed.get(d.instanceId) : undefined;
    const entry: IndexedDecision = {
      at: d.at,
      action: d.action,
      code: d.code,
      reason: d.reason,
      ...(code ? { failed: code } : {}),
    };
    decided.set(key, [entry, ...(decided.get(key) ?? [])]);
  }
  const outlooks = fleetOutlook(input.after, config, input.snoozes, input.runAt);
  const byRegion = new Map<string, IndexEntry[]>(input.listedRegions.map((r) => [r, []]));
  for (const o of outlooks) {
    const key = resourceKey(o.instance);
    const recent = [...(decided.get(key) ?? []), ...(previous.get(key)?.recent ?? [])]
      .sort((a, b) => b.at - a.at)
      .slice(0, RECENT_DECISIONS);
    const tags = Object.fromEntries(Object.entries(o.instance.tags).filter(([k]) => keep.has(k)));
    const entry: IndexEntry = {
      instance: { ...o.instance, tags },
      ...(o.next.kind === 'stop' ? { nextStop: o.next.at } : {}),
      ...(o.next.kind === 'start' ? { nextStart: o.next.at } : {}),
      recent,
    };
    byRegion.get(o.instance.region)?.push(entry);
  }
  const listed: IndexRegion[] = [...byRegion].map(([region, entries]) => ({
    region,
    listedAt: input.runAt,
    entries,
  }));
  const kept = (input.previous?.regions ?? []).filter((r) => !byRegion.has(r.region));
  return { runAt: input.runAt, writtenAt: input.writtenAt, regions: [...listed, ...kept] };
}

export function indexEntries(index: FleetIndex | undefined): IndexEntry[] {
  return (index?.regions ?? []).flatMap((r) => r.entries);
}

/** The instances of an index, for target resolution, the snooze rule and outlooks. */
export function indexedInstances(index: FleetIndex | undefined): FleetInstance[] {
  return indexEntries(index).map((e) => e.instance);
}
