import type { StopinatorConfig } from './config.js';
import { isGlob } from './glob.js';
import { type FleetInstance, participation, resourceKey } from './instance.js';
import type { Schedule } from './schedule.js';
import { ScheduleMemo } from './schedule-memo.js';
import type { Selector } from './selector.js';
import type { SnoozeEnd } from './snooze.js';
import { wakeEnd } from './snooze-rule.js';

/** Resources a wake starts, ending the same way. */
export interface WakeGroup {
  readonly schedule: Schedule;
  readonly stop: number;
  readonly until: number;
  /** The schedule's own stop ends the wake (woken inside the running period). */
  readonly bySchedule: boolean;
  readonly instances: readonly FleetInstance[];
}

export interface WakePlan {
  readonly groups: readonly WakeGroup[];
  readonly ends: readonly SnoozeEnd[];
  readonly running: readonly FleetInstance[];
  /** Stopped by hand and not named exactly: `wake all` and globs leave them alone. */
  readonly leftStopped: readonly FleetInstance[];
  readonly other: readonly { readonly instance: FleetInstance; readonly why: string }[];
}

/**
 * What `wake <target> <minutes>` at `now` does: which stopped resources it starts and how each
 * wake ends (see wakeEnd). A resource stopped by hand is woken only when named by id or exact
 * name, and its end leaves it unmarked, so it goes back to being stopped by hand.
 */
export function planWake(input: {
  readonly instances: readonly FleetInstance[];
  readonly selector: Selector;
  readonly config: StopinatorConfig;
  readonly minutes: number;
  readonly now: number;
}): WakePlan {
  const { config, now } = input;
  const memo = new ScheduleMemo();
  const named =
    input.selector.kind === 'instance' ||
    (input.selector.kind === 'name' && !isGlob(input.selector.pattern));
  const groups = new Map<string, WakeGroup & { instances: FleetInstance[]; unmarked: boolean }>();
  const running: FleetInstance[] = [];
  const leftStopped: FleetInstance[] = [];
  const other: { instance: FleetInstance; why: string }[] = [];
  for (const instance of input.instances) {
    const taking = participation(instance, config);
    if (taking.kind !== 'scheduled') {
      other.push({
        instance,
        why:
          taking.kind === 'excluded'
            ? `excluded (${config.tagKey}=${taking.value})`
            : 'not on a known schedule',
      });
      continue;
    }
    if (instance.state !== 'stopped') {
      if (instance.state === 'running' || instance.state === 'pending') running.push(instance);
      else other.push({ instance, why: `${instance.state}: try again in a minute` });
      continue;
    }
    const byHand = instance.stoppedByStopinatorAt === undefined;
    if (byHand && !named) {
      leftStopped.push(instance);
      continue;
    }
    const end = wakeEnd(taking.schedule, input.minutes, now, memo);
    const key = [taking.schedule.name, end.stop, end.until, end.bySchedule, byHand].join('\u0000');
    const group = groups.get(key) ?? {
      schedule: taking.schedule,
      ...end,
      unmarked: byHand,
      instances: [],
    };
    group.instances.push(instance);
    groups.set(key, group);
  }
  const all = [...groups.values()];
  const ends: SnoozeEnd[] = all.map((g) => ({
    schedule: g.schedule.name,
    stop: g.stop,
    until: g.until,
    resources: g.instances.map(resourceKey),
    ...(g.unmarked ? { unmarked: true } : {}),
    ...(!g.bySchedule && g.stop === g.until ? { own: true } : {}),
  }));
  return { groups: all, ends, running, leftStopped, other };
}
