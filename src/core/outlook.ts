import type { StopinatorConfig } from './config.js';
import { displayName, type FleetInstance, participation, resourceKey } from './instance.js';
import type { Schedule } from './schedule.js';
import { ScheduleMemo } from './schedule-memo.js';
import { coveringEnds, effectiveStop, type Snooze } from './snooze.js';

/** What will happen to one instance next, for `/stopinator status`. */
export interface InstanceOutlook {
  readonly instance: FleetInstance;
  readonly name: string;
  readonly schedule?: string;
  readonly timezone?: string;
  readonly next:
    | {
        readonly kind: 'stop';
        readonly at: number;
        readonly snoozedBy?: Snooze;
        readonly scheduledAt: number;
      }
    | { readonly kind: 'start'; readonly at: number }
    | { readonly kind: 'stays-stopped'; readonly why: string }
    | { readonly kind: 'never'; readonly why: string }
    | { readonly kind: 'problem'; readonly why: string };
}

/**
 * The next action for each instance as of `now`, snoozes applied. Running instances: the
 * coming effective stop (a snooze made for the stop that just passed counts). Stopped ones:
 * the next start when the stopinator stopped them.
 */
export function fleetOutlook(
  instances: readonly FleetInstance[],
  config: StopinatorConfig,
  snoozes: readonly Snooze[],
  now: number,
): InstanceOutlook[] {
  const covers = coveringEnds(snoozes.filter((s) => s.expiresAt > now));
  const memo = new ScheduleMemo();
  // The next two stops: a snooze may keep an instance running through the first.
  const stopsAfter = (schedule: Schedule) => {
    const first = memo.nextStop(schedule, now);
    const second = first === undefined ? undefined : memo.nextStop(schedule, first);
    return [first, second].filter((at): at is number => at !== undefined);
  };
  return instances.map((instance): InstanceOutlook => {
    const name = displayName(instance);
    const taking = participation(instance, config);
    if (taking.kind === 'excluded')
      return {
        instance,
        name,
        next: { kind: 'never', why: `excluded (${config.tagKey}=${taking.value})` },
      };
    if (taking.kind === 'untagged')
      return { instance, name, next: { kind: 'never', why: `no ${config.tagKey} tag` } };
    if (taking.kind === 'left-alone')
      return { instance, name, next: { kind: 'never', why: taking.why } };
    if (taking.kind === 'unknown-schedule') {
      return {
        instance,
        name,
        next: { kind: 'problem', why: `unknown schedule "${taking.value}"` },
      };
    }
    const schedule = taking.schedule;
    const base = { instance, name, schedule: schedule.name, timezone: schedule.timezone };
    const up = instance.state === 'running' || instance.state === 'pending';
    if (!up) {
      if (instance.stoppedByStopinatorAt === undefined) {
        return {
          ...base,
          next: { kind: 'stays-stopped', why: 'stopped by hand; the stopinator leaves it stopped' },
        };
      }
      const start = memo.nextStart(schedule, now);
      return start === undefined
        ? {
            ...base,
            next: {
              kind: 'stays-stopped',
              why: 'stop-only schedule: start it by hand or with wake',
            },
          }
        : { ...base, next: { kind: 'start', at: start } };
    }
    const covering = covers.get(resourceKey(instance)) ?? [];
    // The stops a covering snooze was made for, plus the next scheduled ones; the earliest
    // effective stop still ahead is what happens next.
    const candidates = new Set<number>(stopsAfter(schedule));
    for (const { end } of covering) if (end.schedule === schedule.name) candidates.add(end.stop);
    let best: { at: number; scheduledAt: number; snoozedBy?: Snooze } | undefined;
    for (const scheduledAt of candidates) {
      const { at, by: snoozedBy } = effectiveStop(scheduledAt, schedule.name, covering);
      const nextStart = memo.nextStart(schedule, scheduledAt);
      if (snoozedBy && nextStart !== undefined && at >= nextStart) continue; // kept running through
      if (at <= now) continue;
      if (!best || at < best.at) best = { at, scheduledAt, ...(snoozedBy ? { snoozedBy } : {}) };
    }
    if (!best) return { ...base, next: { kind: 'never', why: 'no stop ahead' } };
    return { ...base, next: { kind: 'stop', ...best } };
  });
}
