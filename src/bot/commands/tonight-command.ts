import { knownAccounts } from '../../core/account.js';
import type { Command } from '../../core/command.js';
import { simulate } from '../../core/simulate.js';
import { errorMessage, usageMessage } from '../../slack/command-replies.js';
import { tonightMessage } from '../../slack/tonight-message.js';
import type { BotDeps, CommandReply, CommandRequest } from '../bot-deps.js';
import { recordIncident } from '../incident.js';
import { readFleetView, resolveInView } from './fleet-view.js';

/** How far `tonight` looks ahead. */
const HOURS = 24;

/**
 * `/stopinator tonight [target]`: the next 24 hours of warnings, stops and starts, in time
 * order, simulated from the fleet index and the snoozes exactly as `npm run plan` does.
 */
export async function tonightCommand(
  deps: BotDeps,
  command: Extract<Command, { kind: 'tonight' }>,
  request: CommandRequest,
): Promise<CommandReply> {
  const now = deps.clock();
  try {
    const view = await readFleetView(deps, request, now);
    const resolved = await resolveInView(deps, view, command.target ?? 'all', request);
    if (!resolved.ok) return { reply: usageMessage(resolved.error) };
    const simulation = simulate({
      instances: resolved.target.matched,
      config: deps.config,
      snoozes: view.snoozes,
      from: now,
      hours: HOURS,
    });
    return {
      reply: tonightMessage({
        label: resolved.target.label,
        simulation,
        hours: HOURS,
        zoneOf: (schedule) => deps.config.schedules.get(schedule)?.timezone ?? 'UTC',
        now,
        accounts: knownAccounts(deps.config, new Set(resolved.target.matched.map((i) => i.region))),
      }),
    };
  } catch (error) {
    const incident = recordIncident(deps.log, 'tonight failed', error);
    return {
      reply: errorMessage(
        'Could not read the fleet index or the snoozes in time. Try again in a moment.',
        incident.note,
      ),
    };
  }
}
