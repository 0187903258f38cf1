import type { Command } from '../../core/command.js';
import { indexEntries } from '../../core/fleet-index.js';
import { resourceKey } from '../../core/instance.js';
import { fleetOutlook } from '../../core/outlook.js';
import { errorMessage, usageMessage } from '../../slack/command-replies.js';
import { whyMessage } from '../../slack/why-message.js';
import type { BotDeps, CommandReply, CommandRequest } from '../bot-deps.js';
import { recordIncident } from '../incident.js';
import { readFleetView, resolveInView } from './fleet-view.js';

/**
 * `/stopinator why <target>`: for each resource, its state, its next action and when, the
 * last runs' decisions with their reasons, and the snoozes that cover it. From the fleet index
 * and the snoozes: one DynamoDB round trip, no EC2 client.
 */
export async function whyCommand(
  deps: BotDeps,
  command: Extract<Command, { kind: 'why' }>,
  request: CommandRequest,
): Promise<CommandReply> {
  const now = deps.clock();
  try {
    const view = await readFleetView(deps, request, now);
    const resolved = await resolveInView(deps, view, command.target, request);
    if (!resolved.ok) return { reply: usageMessage(resolved.error) };
    const { target } = resolved;
    const entries = new Map(indexEntries(view.index).map((e) => [resourceKey(e.instance), e]));
    const outlooks = fleetOutlook(target.matched, deps.config, view.snoozes, now);
    return {
      reply: whyMessage({
        label: target.label,
        outlooks,
        entryOf: (key) => entries.get(key),
        snoozes: view.snoozes,
        config: deps.config,
        now,
        ...(view.index ? { indexAt: view.index.runAt } : {}),
      }),
    };
  } catch (error) {
    const incident = recordIncident(deps.log, 'why failed', error);
    return {
      reply: errorMessage(
        'Could not read the fleet index or the snoozes in time. Try again in a moment.',
        incident.note,
      ),
    };
  }
}
