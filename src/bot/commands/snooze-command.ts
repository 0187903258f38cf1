import { createHash } from 'node:crypto';
import type { Command } from '../../core/command.js';
import { describeSelector, selectorKey } from '../../core/selector.js';
import { describeLength, type Snooze, snoozeEnd } from '../../core/snooze.js';
import { errorMessage, plainMessage } from '../../slack/command-replies.js';
import { codeName, mention, oneLine } from '../../slack/slack-text.js';
import type { BotDeps, CommandReply, CommandRequest } from '../bot-deps.js';
import { beforeDeadline } from '../deadline.js';
import { recordIncident } from '../incident.js';
import { allowedTarget } from './permission.js';
import { describeEnds, endsBySchedule } from './snooze-ends.js';

/** `/stopinator snooze [target] [length]`, and the warning's Snooze buttons. */
export async function snoozeCommand(
  deps: BotDeps,
  command: Extract<Command, { kind: 'snooze' }>,
  request: CommandRequest,
): Promise<CommandReply> {
  const { config } = deps;
  const allowed = await allowedTarget(deps, command.target ?? 'all', 'snooze', request);
  if ('refused' in allowed) return allowed.refused;
  const parsed = allowed;

  const now = deps.clock();
  const length = command.length ?? { kind: 'for' as const, minutes: config.snooze.defaultMinutes };
  const draft = { kind: 'snooze' as const, length, createdAt: now };
  const ends = endsBySchedule(draft, parsed.selector, config);
  if (ends.length > 0 && ends.every((e) => e.until <= e.stop)) {
    return {
      reply: errorMessage(
        `Nothing to postpone: that ends before the scheduled stop.`,
        describeEnds(ends, now),
      ),
    };
  }
  const snooze: Snooze = {
    id: snoozeId(request.requestKey),
    kind: 'snooze',
    selector: parsed.selector,
    length,
    by: request.actor.userId,
    ...(request.actor.userName ? { byName: request.actor.userName } : {}),
    createdAt: now,
    // The latest end over the schedules it can reach: the ends just worked out.
    expiresAt: Math.max(now, ...ends.map((e) => e.until)),
  };

  const target = describeSelector(parsed.selector);
  try {
    const audit = {
      id: snooze.id,
      action: 'snooze' as const,
      by: snooze.by,
      ...(snooze.byName ? { byName: snooze.byName } : {}),
      at: now,
      target,
      until: Math.max(...ends.map((e) => e.until)),
    };
    // Both in parallel: the reply waits for one DynamoDB round trip, not three.
    const [existing, { created }] = await beforeDeadline(
      Promise.all([deps.snoozes.activeSnoozes(now), deps.snoozes.putSnooze(snooze, audit)]),
      request.deadline,
      'DynamoDB',
    );
    const longer = longerSnoozes(existing, snooze, ends, deps);
    const detail = describeEnds(ends, now);
    const note = longer
      ? `Already snoozed longer by ${longer}; snoozes only ever extend, so that one stays.`
      : undefined;
    return {
      outcome: longer
        ? `asked to snooze; already snoozed longer by ${longer}`
        : `snoozed ${describeLength(length)}: ${detail}`,
      reply: plainMessage(
        `:zzz: Snoozed ${codeName(target)}\n${detail}`,
        `Snoozed ${oneLine(target)}`,
        note,
      ),
      ...(created
        ? {
            announce: plainMessage(
              `:zzz: ${mention(snooze.by)} snoozed ${codeName(target)}\n${detail}`,
              `${oneLine(target)} snoozed`,
            ),
          }
        : {}),
    };
  } catch (error) {
    const incident = recordIncident(deps.log, 'snooze failed', error, {
      selector: selectorKey(parsed.selector),
    });
    return {
      reply: errorMessage(
        'Could not save the snooze: the stopinator’s table did not answer. Nothing changed; please try again.',
        incident.note,
      ),
    };
  }
}

/** Snooze ids derive from Slack's request, so a retried or double-sent request writes once. */
export function snoozeId(requestKey: string): string {
  return createHash('sha256').update(requestKey).digest('hex').slice(0, 24);
}

function longerSnoozes(
  existing: readonly Snooze[],
  snooze: Snooze,
  ends: ReturnType<typeof endsBySchedule>,
  deps: BotDeps,
): string | undefined {
  const key = selectorKey(snooze.selector);
  for (const other of existing) {
    if (
      other.id === snooze.id ||
      (selectorKey(other.selector) !== key && other.selector.kind !== 'all')
    )
      continue;
    for (const end of ends) {
      const theirs = snoozeEnd(other, end.schedule, deps.config.snooze.maxMinutes);
      if (theirs.stop === end.stop && theirs.until > end.until) return mention(other.by);
    }
  }
  return undefined;
}
