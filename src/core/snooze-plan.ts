import { compareText } from './compare-text.js';
import type { StopinatorConfig } from './config.js';
import { type FleetInstance, participation, resourceKey } from './instance.js';
import type { Schedule } from './schedule.js';
import { ScheduleMemo } from './schedule-memo.js';
import {
  type CoveringEnd,
  coveringEnds,
  type Snooze,
  type SnoozeEnd,
  type SnoozeLength,
} from './snooze.js';
import { nextStopOf, snoozeEffect } from './snooze-rule.js';

/** Resources whose next stop a snooze moves the same way. */
export interface SnoozeGroup {
  readonly schedule: Schedule;
  readonly stop: number;
  readonly until: number;
  /** What held before: the stop itself, or a snooze already keeping them up longer. */
  readonly previous: number;
  readonly previousBy?: Snooze;
  /** True when the new snooze extends; false when something already covers longer. */
  readonly extends: boolean;
  readonly instances: readonly FleetInstance[];
}

export interface SnoozePlan {
  readonly groups: readonly SnoozeGroup[];
  /** What the snooze stores: one end per (schedule, stop, until). */
  readonly ends: readonly SnoozeEnd[];
  readonly stopped: readonly {
    readonly instance: FleetInstance;
    readonly byHand: boolean;
    readonly stoppedAt?: number;
  }[];
  readonly beforeStop: readonly {
    readonly instance: FleetInstance;
    readonly schedule: Schedule;
    readonly stop: number;
    readonly until: number;
  }[];
  readonly overCap: readonly {
    readonly instance: FleetInstance;
    readonly from: number;
    readonly until: number;
    readonly schedule: Schedule;
  }[];
  /** Not snoozable, and why: excluded, unknown schedule, no stop ahead. */
  readonly other: readonly { readonly instance: FleetInstance; readonly why: string }[];
}

export interface SnoozePlanInput {
  readonly instances: readonly FleetInstance[];
  readonly snoozes: readonly Snooze[];
  readonly config: StopinatorConfig;
  readonly length: SnoozeLength;
  readonly now: number;
  /** A warning's button: only the stop it announced moves, and durations count from it. */
  readonly announced?: { readonly schedule: string; readonly stop: number; readonly at: number };
}

/** What a snooze request does to each resource it names (see snooze-rule.ts for the rule). */
export function planSnooze(input: SnoozePlanInput): SnoozePlan {
  const { config, now, length } = input;
  const memo = new ScheduleMemo();
  const covers = coveringEnds(input.snoozes.filter((s) => s.expiresAt > now));
  const groups = new Map<string, SnoozeGroup & { instances: FleetInstance[] }>();
  const plan = {
    stopped: [] as SnoozePlan['stopped'][number][],
    beforeStop: [] as SnoozePlan['beforeStop'][number][],
    overCap: [] as SnoozePlan['overCap'][number][],
    other: [] as SnoozePlan['other'][number][],
  };
  for (const instance of input.instances) {
    const taking = participation(instance, config);
    if (taking.kind === 'excluded') {
      plan.other.push({ instance, why: `excluded (${config.tagKey}=${taking.value})` });
      continue;
    }
    if (taking.kind !== 'scheduled') {
      plan.other.push({
        instance,
        why:
          taking.kind === 'unknown-schedule'
            ? `unknown schedule "${taking.value}"`
            : taking.kind === 'left-alone'
              ? taking.why
              : `no ${config.tagKey} tag`,
      });
      continue;
    }
    const schedule = taking.schedule;
    if (input.announced && input.announced.schedule !== schedule.name) continue;
    const covering: CoveringEnd[] = covers.get(resourceKey(instance)) ?? [];
    const next = nextStopOf(instance, schedule, covering, now, memo);
    if ('kind' in next) {
      // A warning's button names what it listed: instances already off were not on it.
      if (input.announced && now < input.announced.at) continue;
      if (next.kind === 'stopped')
        plan.stopped.push({
          instance,
          byHand: next.byHand,
          ...(next.stoppedAt !== undefined ? { stoppedAt: next.stoppedAt } : {}),
        });
      else plan.other.push({ instance, why: next.why });
      continue;
    }
    if (input.announced && next.scheduled !== input.announced.stop) continue;
    const effect = snoozeEffect(
      next,
      length,
      schedule,
      now,
      config.snooze.maxMinutes,
      memo,
      input.announced?.at,
    );
    switch (effect.kind) {
      case 'over-cap':
        plan.overCap.push({ instance, from: effect.from, until: effect.until, schedule });
        break;
      case 'before-stop':
        plan.beforeStop.push({ instance, schedule, stop: effect.stop, until: effect.until });
        break;
      case 'never-starts':
        plan.other.push({ instance, why: `schedule ${schedule.name} never starts: give a length` });
        break;
      case 'moves':
      case 'already': {
        const by = effect.kind === 'already' ? effect.previousBy : effect.previousBy;
        const key = [
          schedule.name,
          effect.stop,
          effect.until,
          effect.kind,
          effect.previous,
          by?.id ?? '',
        ].join('\u0000');
        const group = groups.get(key) ?? {
          schedule,
          stop: effect.stop,
          until: effect.until,
          previous: effect.previous,
          ...(by ? { previousBy: by } : {}),
          extends: effect.kind === 'moves',
          instances: [],
        };
        group.instances.push(instance);
        groups.set(key, group);
        break;
      }
    }
  }
  const all = [...groups.values()].sort(
    (a, b) => a.until - b.until || compareText(a.schedule.name, b.schedule.name),
  );
  return { groups: all, ends: endsOf(all), ...plan };
}

/** One stored end per (schedule, stop, until): what the scheduler applies. */
export function endsOf(groups: readonly SnoozeGroup[]): SnoozeEnd[] {
  const ends = new Map<
    string,
    { schedule: string; stop: number; until: number; resources: string[] }
  >();
  for (const group of groups) {
    const key = `${group.schedule.name}\u0000${group.stop}\u0000${group.until}`;
    const end = ends.get(key) ?? {
      schedule: group.schedule.name,
      stop: group.stop,
      until: group.until,
      resources: [],
    };
    end.resources.push(...group.instances.map(resourceKey));
    ends.set(key, end);
  }
  return [...ends.values()];
}
