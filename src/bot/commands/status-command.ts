import type { Command } from '../../core/command.js';
import { indexedInstances } from '../../core/fleet-index.js';
import type { FleetInstance } from '../../core/instance.js';
import { fleetOutlook } from '../../core/outlook.js';
import { resolveTarget } from '../../core/target.js';
import { errorMessage, usageMessage } from '../../slack/command-replies.js';
import { statusMessage } from '../../slack/status-message.js';
import type { BotDeps, CommandReply, CommandRequest } from '../bot-deps.js';
import { beforeDeadline, DeadlineError } from '../deadline.js';
import { recordIncident } from '../incident.js';
import { listFleet } from './fleet-view.js';

/**
 * `/stopinator status [target]`: EC2 listed live (status shows states as they are now) with
 * the snoozes, in parallel. When EC2 does not answer in time, the fleet index answers instead,
 * and the message says how old it is.
 */
export async function statusCommand(
  deps: BotDeps,
  command: Extract<Command, { kind: 'status' }>,
  request: CommandRequest,
): Promise<CommandReply> {
  const { config } = deps;
  const now = deps.clock();
  try {
    // The organization's accounts are known by the index's places: read it first then.
    const places = config.organization
      ? deps.fleetIndex.readIndex().catch(() => undefined)
      : Promise.resolve(undefined);
    const live = beforeDeadline(
      Promise.all([deps.fleet(), places]).then(([fleet, index]) => listFleet(fleet, config, index)),
      request.deadline,
      'EC2',
    );
    const [snoozes, listed] = await Promise.all([
      beforeDeadline(deps.snoozes.activeSnoozes(now), request.deadline, 'DynamoDB'),
      live.then(
        (instances) => ({ instances, asOf: undefined as number | undefined }),
        async (error: unknown) => {
          const index = await deps.fleetIndex.readIndex().catch(() => undefined);
          if (!index) throw error;
          deps.log.warn('status from the fleet index: EC2 did not answer', { error });
          return { instances: indexedInstances(index) as FleetInstance[], asOf: index.runAt };
        },
      ),
    ]);
    let shown = listed.instances;
    let label = 'all instances';
    if (command.target) {
      const resolved = resolveTarget(command.target, listed.instances, config);
      if (!resolved.ok) return { reply: usageMessage(resolved.error) };
      shown = [...resolved.target.matched];
      label = resolved.target.label;
    }
    const outlooks = fleetOutlook(shown, config, snoozes, now);
    return {
      reply: statusMessage({
        outlooks,
        snoozes,
        config,
        now,
        target: label,
        ...(listed.asOf !== undefined ? { asOf: listed.asOf } : {}),
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
