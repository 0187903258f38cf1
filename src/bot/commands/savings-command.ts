import { knownAccounts } from '../../core/account.js';
import type { Command } from '../../core/command.js';
import type { FleetIndex } from '../../core/fleet-index.js';
import { resourceKey } from '../../core/instance.js';
import { historyFrom, periodSavings } from '../../core/period-savings.js';
import { savingsPeriod } from '../../core/savings-period.js';
import { errorMessage, usageMessage } from '../../slack/command-replies.js';
import { savingsMessage } from '../../slack/savings-message.js';
import type { BotDeps, CommandReply, CommandRequest } from '../bot-deps.js';
import { beforeDeadline } from '../deadline.js';
import { recordIncident } from '../incident.js';
import { readFleetView, resolveInView } from './fleet-view.js';

/**
 * `/stopinator savings [week | month | last-month] [target]`: hours off and money saved in the
 * default schedule's calendar, by schedule and resource, and what snoozes and wakes cost. Reads
 * the fleet index and snoozes, the stopped-hours history and the cached prices at once.
 */
export async function savingsCommand(
  deps: BotDeps,
  command: Extract<Command, { kind: 'savings' }>,
  request: CommandRequest,
): Promise<CommandReply> {
  const now = deps.clock();
  const zone = deps.config.schedules.get(deps.config.defaultSchedule)?.timezone ?? 'UTC';
  const period = savingsPeriod(command.period, now, zone);
  try {
    const reads = beforeDeadline(
      Promise.all([deps.history.read(historyFrom(period), now), deps.prices.read()]),
      request.deadline,
      'DynamoDB',
    );
    reads.catch(() => {});
    const view = await readFleetView(deps, request, now);
    const target = command.target ?? 'all';
    const resolved =
      target === 'all' ? undefined : await resolveInView(deps, view, target, request);
    if (resolved && !resolved.ok) return { reply: usageMessage(resolved.error) };
    const keys = resolved ? new Set(resolved.target.matched.map(resourceKey)) : undefined;
    const [events, cached] = await reads;
    const report = periodSavings({
      period,
      events,
      index: view.index,
      cached,
      config: deps.config,
      now,
      ...(keys ? { includes: (key: string) => keys.has(key) } : {}),
    });
    const accounts = knownAccounts(deps.config, placesOf(view.index));
    return {
      reply: savingsMessage(report, resolved ? resolved.target.label : 'all', accounts),
    };
  } catch (error) {
    const incident = recordIncident(deps.log, 'savings failed', error);
    return {
      reply: errorMessage(
        'Could not read the stopped hours in time. Try again in a moment.',
        incident.note,
      ),
    };
  }
}

function placesOf(index: FleetIndex | undefined): string[] {
  return (index?.regions ?? []).map((r) => r.region);
}
