import type { Command } from '../../core/command.js';
import { displayName, participation } from '../../core/instance.js';
import type { ActionOutcome } from '../../core/ports.js';
import { describeSelector } from '../../core/selector.js';
import { type Snooze, snoozeEnd, snoozeExpiry } from '../../core/snooze.js';
import { whenText } from '../../slack/clock-text.js';
import { errorMessage, plainMessage } from '../../slack/command-replies.js';
import { codeName, count, mention, oneLine } from '../../slack/slack-text.js';
import type { BotDeps, CommandReply, CommandRequest } from '../bot-deps.js';
import { beforeDeadline, DeadlineError } from '../deadline.js';
import { recordIncident, startFailureLines } from '../incident.js';
import { listFleet, matching } from './fleet-view.js';
import { allowedTarget } from './permission.js';
import { snoozeId } from './snooze-command.js';

/**
 * `/stopinator wake <target> [duration]`: starts the target's stopped instances now and
 * records a wake, so the schedule stops them again when the duration ends; a wake during
 * working hours changes nothing about tonight's stop (it only ever extends).
 */
export async function wakeCommand(
  deps: BotDeps,
  command: Extract<Command, { kind: 'wake' }>,
  request: CommandRequest,
): Promise<CommandReply> {
  const { config } = deps;
  const allowed = await allowedTarget(deps, command.target, 'wake', request);
  if ('refused' in allowed) return allowed.refused;
  const parsed = allowed;

  const now = deps.clock();
  const target = describeSelector(parsed.selector);
  const minutes = Math.min(command.minutes ?? config.wake.defaultMinutes, config.snooze.maxMinutes);
  try {
    const fleet = await beforeDeadline(deps.fleet(), request.deadline, 'EC2');
    const instances = await beforeDeadline(listFleet(fleet, config), request.deadline, 'EC2');
    const chosen = matching(instances, parsed.selector, config).filter(
      (i) => participation(i, config).kind === 'scheduled',
    );
    const asleep = chosen.filter((i) => i.state === 'stopped');
    if (asleep.length === 0) {
      const why =
        chosen.length === 0
          ? `no instance taking part matches ${codeName(target)}`
          : `nothing to wake: ${chosen.map((i) => `${codeName(displayName(i))} is ${i.state}`).join(', ')}`;
      return { reply: plainMessage(`:sunny: ${why}.`, why.replace(/\*/g, '')) };
    }

    // Record the wake first: should the start succeed and the reply be lost, the stop is still planned.
    const length = { kind: 'for' as const, minutes };
    const wake: Snooze = {
      id: snoozeId(request.requestKey),
      kind: 'wake',
      selector: parsed.selector,
      length,
      by: request.actor.userId,
      ...(request.actor.userName ? { byName: request.actor.userName } : {}),
      createdAt: now,
      expiresAt: snoozeExpiry(
        { kind: 'wake', length, createdAt: now },
        config.schedules.values(),
        config.snooze.maxMinutes,
      ),
    };
    const { created } = await beforeDeadline(
      deps.snoozes.putSnooze(wake),
      request.deadline,
      'DynamoDB',
    );
    if (!created)
      return {
        reply: plainMessage(
          `:sunny: Already woken: this request was handled before.`,
          'Already woken',
        ),
      };

    const byRegion = new Map<string, string[]>();
    for (const i of asleep) byRegion.set(i.region, [...(byRegion.get(i.region) ?? []), i.id]);
    const outcomes = (
      await beforeDeadline(
        Promise.all([...byRegion].map(([region, ids]) => fleet.startInstances(region, ids))),
        request.deadline,
        'EC2',
      )
    ).flat();
    const started = asleep.filter((i) => outcomes.some((o) => o.instanceId === i.id && o.ok));
    const failed = outcomes.filter((o): o is Extract<ActionOutcome, { ok: false }> => !o.ok);
    await beforeDeadline(
      deps.audit.record({
        id: wake.id,
        action: 'wake',
        by: wake.by,
        ...(wake.byName ? { byName: wake.byName } : {}),
        at: now,
        target,
        until: now + minutes * 60_000,
        detail: `${started.length} started`,
      }),
      request.deadline,
      'DynamoDB',
    ).catch((error) => deps.log.warn('audit record failed', { error }));

    const until = describeWakeEnd(
      wake,
      started.map((i) => participation(i, config)),
      deps,
      now,
    );
    const names = started.map((i) => codeName(displayName(i))).join(', ');
    const failures = startFailureLines(deps.log, failed).join('\n');
    const text =
      started.length > 0 ? `:sunny: Started ${names}. ${until}` : ':x: Nothing could be started.';
    return {
      reply: plainMessage(
        failures ? `${text}\n${failures}` : text,
        `Started ${count(started.length, 'instance')}`,
      ),
      ...(started.length > 0
        ? {
            announce: plainMessage(
              `:sunny: ${mention(wake.by)} woke ${names}. ${until}`,
              `${oneLine(target)} woken`,
            ),
          }
        : {}),
    };
  } catch (error) {
    const incident = recordIncident(deps.log, 'wake failed', error);
    const slow = error instanceof DeadlineError;
    return {
      reply: errorMessage(
        slow
          ? `${error.what} did not answer in time. The start may still happen: check with \`/stopinator status\` in a minute.`
          : 'Could not wake the instances: AWS refused or did not answer.',
        incident.note,
      ),
    };
  }
}

function describeWakeEnd(
  wake: Snooze,
  takings: ReturnType<typeof participation>[],
  deps: BotDeps,
  now: number,
): string {
  const schedules = new Map(
    takings.flatMap((t) =>
      t.kind === 'scheduled' ? [[t.schedule.name, t.schedule] as const] : [],
    ),
  );
  const one = takings.length === 1;
  const parts = [...schedules.values()].map((schedule) => {
    const end = snoozeEnd(wake, schedule, deps.config.snooze.maxMinutes);
    const at = Math.max(end.until, end.stop);
    const label = schedules.size > 1 ? `On ${codeName(schedule.name)}, ` : '';
    return end.until > end.stop
      ? `${label}the stopinator stops ${one ? 'it' : 'them'} again at ${whenText(at, schedule.timezone, now)}`
      : `${label}${one ? 'it runs' : 'they run'} until the scheduled stop at ${whenText(end.stop, schedule.timezone, now)}`;
  });
  const text = `${parts.join('; ')}.`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}
