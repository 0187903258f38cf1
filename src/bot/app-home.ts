import { displayName, type FleetInstance, resourceKey } from '../core/instance.js';
import { historyFrom, periodSavings } from '../core/period-savings.js';
import { savingsPeriod } from '../core/savings-period.js';
import { simulate } from '../core/simulate.js';
import { liveResources } from '../core/unsnooze.js';
import { appHomeView, type HomeView } from '../slack/app-home-view.js';
import type { BotDeps, CommandRequest } from './bot-deps.js';
import { readFleetView } from './commands/fleet-view.js';
import { beforeDeadline } from './deadline.js';

/**
 * The App Home tab of one person, from one round of reads: the fleet index and snoozes, this
 * month's stopped hours and the cached prices (the same reads as `tonight` and `savings`).
 */
export async function homeView(
  deps: BotDeps,
  userId: string,
  request: Pick<CommandRequest, 'deadline'> & Partial<CommandRequest>,
): Promise<HomeView> {
  const now = deps.clock();
  const defaultZone = deps.config.schedules.get(deps.config.defaultSchedule)?.timezone ?? 'UTC';
  const zoneOf = (schedule: string) => deps.config.schedules.get(schedule)?.timezone ?? defaultZone;
  const period = savingsPeriod('month', now, defaultZone);
  const reads = beforeDeadline(
    Promise.all([deps.history.read(historyFrom(period), now), deps.prices.read()]),
    request.deadline,
    'DynamoDB',
  );
  reads.catch(() => {});
  const view = await readFleetView(deps, request as CommandRequest, now);
  const [events, cached] = await reads;
  const names = new Map<string, FleetInstance>(view.instances.map((i) => [resourceKey(i), i]));
  const savings = periodSavings({
    period,
    events,
    index: view.index,
    cached,
    config: deps.config,
    now,
  });
  const simulation = simulate({
    instances: view.instances,
    config: deps.config,
    snoozes: view.snoozes,
    from: now,
    hours: 24,
  });
  const mine = view.snoozes.filter((s) => s.by === userId && liveResources(s, now).size > 0);
  return appHomeView({
    userId,
    now,
    instances: view.instances,
    simulation,
    snoozes: mine,
    savings,
    zoneOf,
    nameOf: (key) => {
      const found = names.get(key);
      return found ? displayName(found) : undefined;
    },
    defaultZone,
  });
}
