import type { Schedule } from './schedule.js';
import type { ScheduleMemo } from './schedule-memo.js';
import { type CoveringEnd, effectiveStop } from './snooze.js';
import { formatTimeOfDay, instantToLocal } from './zone-time.js';

export interface DesiredLevel {
  readonly wanted: 'up' | 'down';
  /** "within running hours", "outside running hours", "snoozed by @alice until 22:00 …". */
  readonly because: string;
}

/**
 * What the schedule wants of a resource at `at`, snoozes applied: up within running hours or
 * while a snooze holds the last stop back, down otherwise. Used by `enforce` schedules, and to
 * decide whether a stop or start that failed still holds on a later run.
 */
export function desiredLevel(
  schedule: Schedule,
  covering: readonly CoveringEnd[],
  at: number,
  memo: ScheduleMemo,
): DesiredLevel {
  if (memo.withinHours(schedule, at)) return { wanted: 'up', because: 'within running hours' };
  const previousStop = memo.lastStop(schedule, at);
  if (previousStop !== undefined) {
    const effective = effectiveStop(previousStop, schedule.name, covering);
    if (effective.by && at < effective.at) {
      const until = `${formatTimeOfDay(instantToLocal(effective.at, schedule.timezone))} ${schedule.timezone}`;
      return {
        wanted: 'up',
        because: `snoozed by @${effective.by.byName ?? effective.by.by} until ${until}`,
      };
    }
  }
  // A wake's own stop still ahead keeps it up too.
  for (const { end } of covering) {
    if (end.own && end.schedule === schedule.name && end.stop > at && !end.cancelled) {
      return { wanted: 'up', because: 'woken' };
    }
  }
  return { wanted: 'down', because: 'outside running hours' };
}
