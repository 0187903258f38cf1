import type { StopinatorConfig } from '../../core/config.js';
import type { Schedule } from '../../core/schedule.js';
import { reachableSchedules, type Selector } from '../../core/selector.js';
import { type Snooze, snoozeEnd } from '../../core/snooze.js';
import { clockText, whenText } from '../../slack/clock-text.js';
import { codeName } from '../../slack/slack-text.js';

export interface ScheduleEnd {
  readonly schedule: Schedule;
  readonly stop: number;
  readonly until: number;
  readonly capped: boolean;
}

export function endsBySchedule(
  snooze: Pick<Snooze, 'kind' | 'length' | 'createdAt'>,
  selector: Selector,
  config: StopinatorConfig,
): ScheduleEnd[] {
  return reachableSchedules(selector, config.schedules.values()).map((schedule) => ({
    schedule,
    ...snoozeEnd(snooze, schedule, config.snooze.maxMinutes),
  }));
}

/** "until 22:00 CET, in 2 h (stop was 20:00 CET)" per schedule, one line each when they differ. */
export function describeEnds(ends: readonly ScheduleEnd[], now: number): string {
  const parts = ends.map((e) => {
    const cap = e.capped ? ' (capped by snooze.max)' : '';
    const label = ends.length > 1 ? `${codeName(e.schedule.name)}: ` : '';
    return `${label}until ${whenText(e.until, e.schedule.timezone, now)}, instead of ${clockText(e.stop, e.schedule.timezone, now)}${cap}`;
  });
  return parts.join('\n');
}
