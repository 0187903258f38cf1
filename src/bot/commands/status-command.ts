import type { Command } from '../../core/command.js';
import { fleetOutlook } from '../../core/outlook.js';
import { ALL, describeSelector, parseSelector } from '../../core/selector.js';
import { errorMessage, usageMessage } from '../../slack/command-replies.js';
import { statusMessage } from '../../slack/status-message.js';
import type { BotDeps, CommandReply, CommandRequest } from '../bot-deps.js';
import { beforeDeadline, DeadlineError } from '../deadline.js';
import { recordIncident } from '../incident.js';
import { listFleet, matching } from './fleet-view.js';

/** `/stopinator status [target]`: EC2 and the snoozes read in parallel, then one message. */
export async function statusCommand(
  deps: BotDeps,
  command: Extract<Command, { kind: 'status' }>,
  request: CommandRequest,
): Promise<CommandReply> {
  const { config } = deps;
  const parsed = command.target
    ? parseSelector(command.target, config.schedules.keys())
    : { ok: true as const, selector: ALL };
  if (!parsed.ok) return { reply: usageMessage(parsed.error) };
  const now = deps.clock();
  try {
    const [instances, snoozes] = await Promise.all([
      beforeDeadline(
        deps.fleet().then((fleet) => listFleet(fleet, config)),
        request.deadline,
        'EC2',
      ),
      beforeDeadline(deps.snoozes.activeSnoozes(now), request.deadline, 'DynamoDB'),
    ]);
    const shown = matching(instances, parsed.selector, config);
    const outlooks = fleetOutlook(shown, config, snoozes, now);
    return {
      reply: statusMessage({
        outlooks,
        snoozes,
        config,
        now,
        target: describeSelector(parsed.selector),
      }),
    };
  } catch (error) {
    const incident = recordIncident(deps.log, 'status failed', error);
    const slow = error instanceof DeadlineError;
    return {
      reply: errorMessage(
        slow
          ? `${error.what} did not answer in time, so there is no status to show. Try again in a moment.`
          : 'Could not read the fleet or the snoozes, so there is no status to show.',
        incident.note,
      ),
    };
  }
}
