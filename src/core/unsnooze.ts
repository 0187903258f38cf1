import type { StopinatorConfig } from './config.js';
import { type FleetInstance, participation, resourceKey } from './instance.js';
import { ScheduleMemo } from './schedule-memo.js';
import { coveringEnds, type Snooze, type SnoozeEnd } from './snooze.js';
import { nextStopOf } from './snooze-rule.js';

/** Who cancels, and when. */
export interface Canceller {
  readonly by: string;
  readonly byName?: string;
  readonly at: number;
}

/**
 * Cancels what `snooze` does for the resources in `keys` (all of them when `keys` is
 * undefined): their ends are cut to just after `at`, so a stop they were holding back happens
 * at the next run (a window never contains its own start, hence the millisecond), and a stop
 * still ahead happens as scheduled. Ends already over are left as they are. Undefined when
 * nothing changes.
 */
export function cancelSnooze(
  snooze: Snooze,
  keys: ReadonlySet<string> | undefined,
  canceller: Canceller,
): Snooze | undefined {
  const cut = canceller.at + 1;
  const cancelled = {
    by: canceller.by,
    ...(canceller.byName ? { byName: canceller.byName } : {}),
    at: canceller.at,
  };
  let changed = false;
  const ends: SnoozeEnd[] = [];
  for (const end of snooze.ends) {
    const live = end.until > canceller.at && !end.cancelled;
    const hit = live ? end.resources.filter((r) => !keys || keys.has(r)) : [];
    if (hit.length === 0) {
      ends.push(end);
      continue;
    }
    changed = true;
    const rest = end.resources.filter((r) => keys && !keys.has(r));
    if (rest.length > 0) ends.push({ ...end, resources: rest });
    const until = end.own ? Math.min(end.until, cut) : Math.max(end.stop, Math.min(end.until, cut));
    const stop = end.own ? until : end.stop;
    ends.push({ ...end, stop, until, resources: hit, cancelled });
  }
  return changed ? { ...snooze, ends } : undefined;
}

/** The resources a snooze still holds up after `at` (ends not over, not cancelled). */
export function liveResources(snooze: Snooze, at: number): Set<string> {
  const keys = new Set<string>();
  for (const end of snooze.ends) {
    if (end.until > at && !end.cancelled) for (const key of end.resources) keys.add(key);
  }
  return keys;
}

/** What happens next to each resource an unsnooze touched. */
export interface CancelEffects {
  /** Stops at the next run: the stop a cancelled snooze held back is due. */
  readonly nextRun: readonly FleetInstance[];
  /** Stops when its schedule says (the cancelled snooze had not begun to hold it). */
  readonly later: readonly {
    readonly instance: FleetInstance;
    readonly at: number;
    readonly zone: string;
  }[];
  /** Another snooze still keeps it up. */
  readonly stillCovered: readonly {
    readonly instance: FleetInstance;
    readonly at: number;
    readonly zone: string;
    readonly by: Snooze;
  }[];
}

export function cancelEffects(input: {
  readonly instances: readonly FleetInstance[];
  readonly keys: ReadonlySet<string>;
  /** All active snoozes as they are after the cancellation. */
  readonly snoozes: readonly Snooze[];
  readonly config: StopinatorConfig;
  readonly now: number;
}): CancelEffects {
  const { config, now } = input;
  const covers = coveringEnds(input.snoozes);
  const memo = new ScheduleMemo();
  const nextRun: FleetInstance[] = [];
  const later: { instance: FleetInstance; at: number; zone: string }[] = [];
  const stillCovered: { instance: FleetInstance; at: number; zone: string; by: Snooze }[] = [];
  for (const instance of input.instances) {
    if (!input.keys.has(resourceKey(instance))) continue;
    const taking = participation(instance, config);
    if (taking.kind !== 'scheduled') continue;
    const next = nextStopOf(
      instance,
      taking.schedule,
      covers.get(resourceKey(instance)) ?? [],
      now,
      memo,
    );
    if ('kind' in next) continue;
    const zone = taking.schedule.timezone;
    if (next.at <= now + 1) nextRun.push(instance);
    else if (next.by && !next.by.ends.some((e) => e.cancelled?.at === now))
      stillCovered.push({ instance, at: next.at, zone, by: next.by });
    else later.push({ instance, at: next.at, zone });
  }
  return { nextRun, later, stillCovered };
}
