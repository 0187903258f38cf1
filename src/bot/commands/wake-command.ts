import { knownAccounts } from '../../core/account.js';
import type { Command } from '../../core/command.js';
import { type FleetInstance, resourceKey } from '../../core/instance.js';
import type { ActionOutcome } from '../../core/ports.js';
import { latestUntil, type Snooze } from '../../core/snooze.js';
import { planWake } from '../../core/wake-plan.js';
import { errorMessage, refusalMessage, usageMessage } from '../../slack/command-replies.js';
import { wakeCapMessage, wakeMessages, wakeNothingMessage } from '../../slack/wake-replies.js';
import type { BotDeps, CommandReply, CommandRequest } from '../bot-deps.js';
import { beforeDeadline, DeadlineError } from '../deadline.js';
import { recordIncident, startFailureLines } from '../incident.js';
import { readFleetView, resolveInView } from './fleet-view.js';
import { mayAct } from './permission.js';
import { accountsCovered, snoozeId } from './snooze-command.js';

/**
 * `/stopinator wake <target> [duration]`: starts the target's stopped instances now and
 * records a wake, so the schedule stops them again when the duration ends, or at its own stop
 * when they were woken inside the running period. States are read from EC2 first: the fleet
 * index may be minutes old, and a wake acts on what is stopped now.
 */
export async function wakeCommand(
  deps: BotDeps,
  command: Extract<Command, { kind: 'wake' }>,
  request: CommandRequest,
): Promise<CommandReply> {
  const { config } = deps;
  const minutes = command.minutes ?? config.wake.defaultMinutes;
  if (minutes > config.snooze.maxMinutes) {
    return { reply: wakeCapMessage(minutes, config.snooze.maxMinutes) };
  }
  const now = deps.clock();
  try {
    // The change check (users.info) and the reads at once; nothing is written before both.
    const [refused, verdict, view] = await Promise.all([
      request.mayChange?.(),
      mayAct(config.permissions.wake, request, 'wake'),
      readFleetView(deps, request, now),
    ]);
    if (refused) return { reply: refused };
    if (!verdict.allowed) return { reply: refusalMessage(verdict.why) };
    const resolved = await resolveInView(deps, view, command.target, request);
    if (!resolved.ok) return { reply: usageMessage(resolved.error) };
    const { target } = resolved;
    const fleet = await beforeDeadline(deps.fleet(), request.deadline, 'EC2');
    const fresh = await currentStates(deps, target.matched, request);
    const plan = planWake({ instances: fresh, selector: target.selector, config, minutes, now });
    if (plan.groups.length === 0) return { reply: wakeNothingMessage(target.label, plan) };

    // Record the wake first: should the start succeed and the reply be lost, the stop is planned.
    const wake: Snooze = {
      id: snoozeId(request.requestKey),
      kind: 'wake',
      selector: target.selector,
      length: { kind: 'for', minutes },
      by: request.actor.userId,
      ...(request.actor.userName ? { byName: request.actor.userName } : {}),
      createdAt: now,
      expiresAt: latestUntil(plan.ends, now),
      ends: plan.ends,
    };
    const { created } = await beforeDeadline(
      deps.snoozes.putSnooze(wake),
      request.deadline,
      'DynamoDB',
    );
    if (!created) return { reply: errorMessage('Already done: this wake was handled before.') };

    const asleep = plan.groups.flatMap((g) => g.instances);
    const byRegion = new Map<string, string[]>();
    for (const i of asleep) byRegion.set(i.region, [...(byRegion.get(i.region) ?? []), i.id]);
    const outcomes = (
      await beforeDeadline(
        Promise.all([...byRegion].map(([region, ids]) => fleet.startInstances(region, ids))),
        request.deadline,
        'EC2',
      )
    ).flat();
    const failed = outcomes.filter((o): o is Extract<ActionOutcome, { ok: false }> => !o.ok);
    const started = asleep.filter((i) => outcomes.some((o) => o.instanceId === i.id && o.ok));
    await beforeDeadline(
      deps.audit.record({
        id: wake.id,
        action: 'wake',
        by: wake.by,
        ...(wake.byName ? { byName: wake.byName } : {}),
        at: now,
        target: target.label,
        until: wake.expiresAt,
        covers: plan.groups.map((g) => ({
          schedule: g.schedule.name,
          stop: g.stop,
          until: g.until,
          names: g.instances.map((i) => i.tags.Name ?? i.id).slice(0, 10),
          count: g.instances.length,
        })),
        detail: `${started.length} started`,
        ...accountsCovered(asleep),
      }),
      request.deadline,
      'DynamoDB',
    ).catch((error) => deps.log.warn('audit record failed', { error }));
    return wakeMessages({
      label: target.label,
      plan,
      started,
      failureLines: startFailureLines(deps.log, failed),
      now,
      by: wake.by,
      accounts: knownAccounts(config, new Set(target.matched.map((i) => i.region))),
    });
  } catch (error) {
    const incident = recordIncident(deps.log, 'wake failed', error);
    const slow = error instanceof DeadlineError;
    return {
      reply: errorMessage(
        slow
          ? `${error.what} did not answer in time. The start may still happen: check with \`/stopinator status\` in a minute.`
          : 'Could not wake the instances: AWS refused or did not answer. The logs have the details.',
        incident.note,
      ),
    };
  }
}

/** The matched instances as EC2 has them now (their regions listed again, in parallel). */
async function currentStates(
  deps: BotDeps,
  matched: readonly FleetInstance[],
  request: CommandRequest,
): Promise<FleetInstance[]> {
  const regions = [...new Set(matched.map((i) => i.region))];
  const fleet = await deps.fleet();
  const listed = await beforeDeadline(
    Promise.all(
      regions.map((region) =>
        fleet.lookUp(region, { ids: matched.filter((i) => i.region === region).map((i) => i.id) }),
      ),
    ),
    request.deadline,
    'EC2',
  );
  const fresh = new Map(listed.flat().map((i) => [resourceKey(i), i]));
  return matched.flatMap((i) => {
    const now = fresh.get(resourceKey(i));
    return now ? [now] : [];
  });
}
