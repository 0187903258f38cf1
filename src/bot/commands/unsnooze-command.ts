import type { Command } from '../../core/command.js';
import { describeSelector } from '../../core/selector.js';
import { type Snooze, snoozeEnd } from '../../core/snooze.js';
import { errorMessage, plainMessage } from '../../slack/command-replies.js';
import { codeName, mention, oneLine } from '../../slack/slack-text.js';
import type { BotDeps, CommandReply, CommandRequest } from '../bot-deps.js';
import { beforeDeadline } from '../deadline.js';
import { allowedTarget } from './permission.js';
import { snoozeId } from './snooze-command.js';

/**
 * `/stopinator unsnooze [target]`: cancels the snoozes made for exactly that target (all of
 * them for `all`). When a cancelled snooze was keeping instances up past their stop, an
 * ending marker (a zero-length snooze from now) makes the next run stop them, rather than
 * leaving them up all night.
 */
export async function unsnoozeCommand(
  deps: BotDeps,
  command: Extract<Command, { kind: 'unsnooze' }>,
  request: CommandRequest,
): Promise<CommandReply> {
  const allowed = await allowedTarget(deps, command.target ?? 'all', 'unsnooze', request);
  if ('refused' in allowed) return allowed.refused;
  const parsed = allowed;

  const now = deps.clock();
  const target = describeSelector(parsed.selector);
  try {
    const removed = await beforeDeadline(
      deps.snoozes.deleteSnoozes(parsed.selector, now),
      request.deadline,
      'DynamoDB',
    );
    if (removed.length === 0) {
      return {
        reply: plainMessage(
          `No active snooze on ${codeName(target)}.`,
          `No active snooze on ${oneLine(target)}`,
          'See them all with `/stopinator status`.',
        ),
      };
    }
    const pastStop = removed.some((s) => wasPastItsStop(s, deps, now));
    if (pastStop) {
      const ending: Snooze = {
        id: snoozeId(`${request.requestKey}:ending`),
        kind: 'snooze',
        selector: parsed.selector,
        length: { kind: 'for', minutes: 0 },
        by: request.actor.userId,
        ...(request.actor.userName ? { byName: request.actor.userName } : {}),
        createdAt: now,
        expiresAt: now + 60 * 60_000,
      };
      await beforeDeadline(deps.snoozes.putSnooze(ending), request.deadline, 'DynamoDB');
    }
    await beforeDeadline(
      deps.audit.record({
        id: snoozeId(request.requestKey),
        action: 'unsnooze',
        by: request.actor.userId,
        at: now,
        target,
        detail: `${removed.length} cancelled`,
      }),
      request.deadline,
      'DynamoDB',
    ).catch((error) => deps.log.warn('audit record failed', { error }));
    const effect = pastStop
      ? 'Instances past their stop time stop on the next run (within 5 minutes).'
      : 'The scheduled stop applies again.';
    const list = removed
      .map((s) => `• ${codeName(describeSelector(s.selector))} by ${mention(s.by)}`)
      .join('\n');
    return {
      reply: plainMessage(
        `:alarm_clock: Cancelled ${removed.length} snooze${removed.length === 1 ? '' : 's'}\n${list}`,
        `Cancelled snoozes on ${oneLine(target)}`,
        effect,
      ),
      announce: plainMessage(
        `:alarm_clock: ${mention(request.actor.userId)} cancelled the snoozes on ${codeName(target)}. ${effect}`,
        `${oneLine(target)} unsnoozed`,
      ),
    };
  } catch (error) {
    deps.log.error('unsnooze failed', { error });
    return {
      reply: errorMessage(
        'Could not cancel: the stopinator’s table did not answer. Nothing changed; please try again.',
      ),
    };
  }
}

function wasPastItsStop(snooze: Snooze, deps: BotDeps, now: number): boolean {
  return [...deps.config.schedules.values()].some((schedule) => {
    const end = snoozeEnd(snooze, schedule, deps.config.snooze.maxMinutes);
    return end.stop < now && end.until > now;
  });
}
