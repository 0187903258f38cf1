import {
  isWithinHours,
  lastEdge,
  nextEdge,
  type Schedule,
  type ScheduleEdge,
  scheduleEdges,
} from './schedule.js';
import { type Snooze, type SnoozeEnd, snoozeEnd } from './snooze.js';

/**
 * What planning and status work out per schedule or per (snooze, schedule), once: fleets
 * share a few schedules, and zone arithmetic is the cost of both. One memo per run or request.
 */
export class ScheduleMemo {
  private readonly cache = new Map<string, unknown>();
  constructor(private readonly maxSnoozeMinutes: number) {}

  snoozeEnd(snooze: Snooze, schedule: Schedule): SnoozeEnd {
    return this.memo(`end\u0000${snooze.id}\u0000${schedule.name}`, () =>
      snoozeEnd(snooze, schedule, this.maxSnoozeMinutes),
    );
  }

  edges(schedule: Schedule, from: number, to: number): ScheduleEdge[] {
    return this.memo(`edges\u0000${schedule.name}\u0000${from}\u0000${to}`, () =>
      scheduleEdges(schedule, from, to),
    );
  }

  nextStart(schedule: Schedule, after: number): number | undefined {
    return this.memo(
      `start\u0000${schedule.name}\u0000${after}`,
      () => nextEdge(schedule, 'start', after)?.at,
    );
  }

  nextStop(schedule: Schedule, after: number): number | undefined {
    return this.memo(
      `stop\u0000${schedule.name}\u0000${after}`,
      () => nextEdge(schedule, 'stop', after)?.at,
    );
  }

  withinHours(schedule: Schedule, at: number): boolean {
    return this.memo(`hours\u0000${schedule.name}\u0000${at}`, () => isWithinHours(schedule, at));
  }

  lastStop(schedule: Schedule, at: number): number | undefined {
    return this.memo(
      `last\u0000${schedule.name}\u0000${at}`,
      () => lastEdge(schedule, 'stop', at)?.at,
    );
  }

  private memo<T>(key: string, work: () => T): T {
    if (!this.cache.has(key)) this.cache.set(key, work());
    return this.cache.get(key) as T;
  }
}

/** The scheduled stop pushed back by the snoozes made for it: the latest end wins. */
export function effectiveStop(
  scheduled: number,
  schedule: Schedule,
  snoozes: readonly Snooze[],
  memo: ScheduleMemo,
): { at: number; by?: Snooze } {
  let at = scheduled;
  let by: Snooze | undefined;
  for (const snooze of snoozes) {
    const end = memo.snoozeEnd(snooze, schedule);
    if (end.stop === scheduled && end.until > at) {
      at = end.until;
      by = snooze;
    }
  }
  return by ? { at, by } : { at };
}
