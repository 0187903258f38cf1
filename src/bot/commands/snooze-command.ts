import { createHash } from 'node:crypto';
import { knownAccounts, memberAccountsOf } from '../../core/account.js';
import type { Command } from '../../core/command.js';
import { displayName, type FleetInstance } from '../../core/instance.js';
import type { AuditCover } from '../../core/ports.js';
import { latestUntil, type Snooze } from '../../core/snooze.js';
import { planSnooze, type SnoozeGroup } from '../../core/snooze-plan.js';
import { scheduleOf } from '../../core/target.js';
import { clockText } from '../../slack/clock-text.js';
import { errorMessage, refusalMessage, usageMessage } from '../../slack/command-replies.js';
import {
  alreadyStoredMessage,
  lengthOverCapMessage,
  moveText,
  NAMES_SHOWN,
  nothingSnoozedMessage,
  overCapMessage,
  snoozedMessage,
  stopPassedMessage,
} from '../../slack/snooze-replies.js';
import type { BotDeps, CommandReply, CommandRequest } from '../bot-deps.js';
import { beforeDeadline } from '../deadline.js';
import { recordIncident } from '../incident.js';
import { readFleetView, resolveInView } from './fleet-view.js';
import { mayAct } from './permission.js';

/** A warning's button: the stop it announced, for the schedule it named. */
export interface AnnouncedStop {
  readonly schedule: string;
  /** The scheduled stop. */
  readonly stop: number;
  /** When it was going to happen (snoozes applied), as the warning said. */
  readonly at: number;
}

type SnoozeCommand = Extract<Command, { kind: 'snooze' }> & { readonly announced?: AnnouncedStop };

/**
 * `/stopinator snooze [target] [length]`, and the warning's Snooze buttons. For each resource
 * the target covers, its next stop at or after now moves (see snooze-rule.ts); a target that
 * matches nothing, or a length over the cap, is refused and nothing is written.
 */
export async function snoozeCommand(
  deps: BotDeps,
  command: SnoozeCommand,
  request: CommandRequest,
): Promise<CommandReply> {
  const { config } = deps;
  const length = command.length ?? { kind: 'for' as const, minutes: config.snooze.defaultMinutes };
  if (length.kind === 'for' && length.minutes > config.snooze.maxMinutes) {
    return { reply: lengthOverCapMessage(length.minutes, config.snooze.maxMinutes) };
  }

  const now = deps.clock();
  try {
    // The change check (users.info) and the reads at once; nothing is written before both.
    const [refused, verdict, view] = await Promise.all([
      request.mayChange?.(),
      mayAct(config.permissions.snooze, request, 'snooze'),
      readFleetView(deps, request, now),
    ]);
    if (refused) return { reply: refused };
    if (!verdict.allowed) return { reply: refusalMessage(verdict.why) };
    const resolved = await resolveInView(deps, view, command.target ?? 'all', request);
    if (!resolved.ok) return { reply: usageMessage(resolved.error) };
    const { target } = resolved;
    const plan = planSnooze({
      instances: target.matched,
      snoozes: resolved.view.snoozes,
      config,
      length,
      now,
      ...(command.announced ? { announced: command.announced } : {}),
    });
    const zoneOf = (i: FleetInstance) => zone(deps, scheduleOf(i, config));
    const id = snoozeId(request.requestKey);
    // A second press or a replay: say what was stored the first time, whatever the clock says.
    const stored = resolved.view.snoozes.find((s) => s.id === id);
    if (stored) return repeated(deps, stored, target.label, now);
    const announced = command.announced;
    if (announced && now >= announced.at) {
      return {
        reply: stopPassedMessage(
          { label: target.label, plan, now, zoneOf },
          announced.at,
          zone(deps, announced.schedule),
        ),
        outcome: `pressed after the stop at ${clockText(announced.at, zone(deps, announced.schedule), now)}: nothing snoozed`,
      };
    }
    if (plan.overCap.length > 0) {
      return { reply: overCapMessage(plan, config.snooze.maxMinutes, now) };
    }
    if (plan.groups.length === 0) {
      return {
        reply: nothingSnoozedMessage({ label: target.label, plan, now, zoneOf }),
        outcome: 'nothing to snooze: that stop has no instance left running',
      };
    }
    const snooze: Snooze = {
      id,
      kind: 'snooze',
      selector: target.selector,
      length,
      by: request.actor.userId,
      ...(request.actor.userName ? { byName: request.actor.userName } : {}),
      createdAt: now,
      expiresAt: latestUntil(plan.ends, now),
      ends: plan.ends,
    };
    const audit = {
      id,
      action: 'snooze' as const,
      by: snooze.by,
      ...(snooze.byName ? { byName: snooze.byName } : {}),
      at: now,
      target: target.label,
      until: snooze.expiresAt,
      covers: auditCovers(plan.groups),
      ...accountsCovered(plan.groups.flatMap((g) => g.instances)),
    };
    const { created } = await beforeDeadline(
      deps.snoozes.putSnooze(snooze, audit),
      request.deadline,
      'DynamoDB',
    );
    if (!created) return repeated(deps, snooze, target.label, now);
    const { reply, announce } = snoozedMessage({
      label: target.label,
      plan,
      now,
      zoneOf,
      accounts: knownAccounts(config, new Set(target.matched.map((i) => i.region))),
      by: snooze.by,
    });
    return { reply, announce, outcome: outcomeText(plan.groups, now) };
  } catch (error) {
    const incident = recordIncident(deps.log, 'snooze failed', error);
    return {
      reply: errorMessage(
        'Could not save the snooze: the stopinator’s table did not answer in time. Nothing changed; please try again.',
        incident.note,
      ),
    };
  }
}

/** Snooze ids derive from Slack's request, so a retried or double-sent request writes once. */
export function snoozeId(requestKey: string): string {
  return createHash('sha256').update(requestKey).digest('hex').slice(0, 24);
}

/** What history keeps of a snooze: per group, the move and up to 10 names. */
export function auditCovers(groups: readonly SnoozeGroup[]): AuditCover[] {
  return groups.map((g) => {
    const names = [...new Set(g.instances.map(displayName))].sort();
    return {
      schedule: g.schedule.name,
      stop: g.stop,
      until: g.until,
      names: names.slice(0, NAMES_SHOWN),
      count: g.instances.length,
    };
  });
}

/** For history: the member accounts a change covered (nothing for the hub's own). */
export function accountsCovered(instances: readonly FleetInstance[]): {
  accounts?: string[];
} {
  const accounts = memberAccountsOf(instances.map((i) => i.region));
  return accounts.length > 0 ? { accounts } : {};
}

/** The line a button click leaves on the warning: what was stored, in the warning's terms. */
function outcomeText(groups: readonly SnoozeGroup[], now: number): string {
  const moved = groups.filter((g) => g.extends);
  if (moved.length === 0) {
    const longest = groups.reduce((a, b) => (b.previous > a.previous ? b : a));
    return `asked to snooze; already kept up until ${clockText(longest.previous, longest.schedule.timezone, now)}`;
  }
  return `snoozed: ${moved.map((g) => moveText(g, now)).join('; ')}`;
}

function repeated(deps: BotDeps, stored: Snooze, label: string, now: number): CommandReply {
  const last = stored.ends.reduce(
    (a, b) => (b.until > a.until ? b : a),
    stored.ends[0] ?? { until: now, schedule: deps.config.defaultSchedule },
  );
  return {
    reply: alreadyStoredMessage(stored, label, (s) => zone(deps, s), now),
    outcome: `already snoozed until ${clockText(last.until, zone(deps, last.schedule), now)}`,
  };
}

function zone(deps: BotDeps, schedule: string | undefined): string {
  return (
    deps.config.schedules.get(schedule ?? deps.config.defaultSchedule)?.timezone ??
    deps.config.schedules.get(deps.config.defaultSchedule)?.timezone ??
    'UTC'
  );
}
