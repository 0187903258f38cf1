import {
  isWithinHours,
  lastEdge,
  nextEdge,
  type Schedule,
  type ScheduleEdge,
  scheduleEdges,
} from './schedule.js';

/**
 * What planning, status and snoozes work out per schedule, once: fleets share a few
 * schedules, and zone arithmetic is the cost of all three. One memo per run or request.
 */
export class ScheduleMemo {
  private readonly cache = new Map<string, unknown>();

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

  lastStart(schedule: Schedule, at: number): number | undefined {
    return this.memo(
      `laststart\u0000${schedule.name}\u0000${at}`,
      () => lastEdge(schedule, 'start', at)?.at,
    );
  }

  private memo<T>(key: string, work: () => T): T {
    if (!this.cache.has(key)) this.cache.set(key, work());
    return this.cache.get(key) as T;
  }
}
