import type { Command } from '../../core/command.js';
import { type FleetInstance, resourceKey } from '../../core/instance.js';
import type { Snooze } from '../../core/snooze.js';
import { cancelEffects, cancelSnooze, liveResources } from '../../core/unsnooze.js';
import { errorMessage, refusalMessage, usageMessage } from '../../slack/command-replies.js';
import { unsnoozeMessages } from '../../slack/unsnooze-replies.js';
import type { BotDeps, CommandReply, CommandRequest } from '../bot-deps.js';
import { beforeDeadline } from '../deadline.js';
import { recordIncident } from '../incident.js';
import { readFleetView, resolveInView } from './fleet-view.js';
import { mayAct } from './permission.js';
import { accountsCovered, snoozeId } from './snooze-command.js';

/** One change may touch this many snoozes (a transaction holds 100 items). */
const MAX_CANCELLED = 98;

/**
 * `/stopinator unsnooze [target]`. Bare, it cancels the caller's own snoozes and wakes. With
 * a target, it cancels every snooze covering what the target names (globs, schedules and
 * `all` included), whoever made it, for those resources only. A stop a snooze was holding
 * back happens at the next run; replayed, it acts once.
 */
export async function unsnoozeCommand(
  deps: BotDeps,
  command: Extract<Command, { kind: 'unsnooze' }>,
  request: CommandRequest,
): Promise<CommandReply> {
  const now = deps.clock();
  const me = request.actor.userId;
  try {
    // The change check (users.info) and the reads at once; nothing is written before both.
    const [refused, verdict, view] = await Promise.all([
      request.mayChange?.(),
      mayAct(deps.config.permissions.unsnooze, request, 'unsnooze'),
      readFleetView(deps, request, now),
    ]);
    if (refused) return { reply: refused };
    if (!verdict.allowed) return { reply: refusalMessage(verdict.why) };
    let keys: Set<string> | undefined;
    let label = 'your snoozes';
    let instances = view.instances;
    if (command.target !== undefined) {
      const resolved = await resolveInView(deps, view, command.target, request);
      if (!resolved.ok) return { reply: usageMessage(resolved.error) };
      keys = new Set(resolved.target.matched.map(resourceKey));
      label = resolved.target.label;
      instances = resolved.view.instances;
    }
    const active = view.snoozes.filter((s) => s.expiresAt > now);
    const candidates = active.filter((s) =>
      keys === undefined
        ? s.by === me && (command.snoozeId === undefined || s.id === command.snoozeId)
        : [...liveResources(s, now)].some((k) => keys?.has(k)),
    );
    const canceller = {
      by: me,
      ...(request.actor.userName ? { byName: request.actor.userName } : {}),
      at: now,
    };
    const changed = candidates
      .map((s) => cancelSnooze(s, keys, canceller))
      .filter((s): s is Snooze => s !== undefined);
    // What still holds the target up: other people's snoozes, when only one's own were cancelled.
    const remaining =
      keys === undefined ? active.filter((s) => s.by !== me && overlaps(s, changed, now)) : [];
    if (changed.length === 0) {
      return {
        reply: unsnoozeMessages({
          label,
          cancelled: [],
          remaining,
          now,
          me,
          bare: keys === undefined,
          zoneOf: (s) => zoneOf(deps, s),
        }).reply,
      };
    }
    if (changed.length > MAX_CANCELLED) {
      return {
        reply: errorMessage(
          `That would cancel ${changed.length} snoozes at once; the most is ${MAX_CANCELLED}. Name a narrower target.`,
        ),
      };
    }
    const before = candidates.filter((s) => changed.some((c) => c.id === s.id));
    const audit = {
      id: snoozeId(request.requestKey),
      action: 'unsnooze' as const,
      by: me,
      ...(request.actor.userName ? { byName: request.actor.userName } : {}),
      at: now,
      target: label,
      // Plain names: history shows the detail as text, where a mention would stay raw.
      detail: `${changed.length} cancelled (made by ${[...new Set(before.map((s) => s.byName ?? s.by))].join(', ')})`,
      ...accountsCovered(coveredBy(before, instances, now)),
    };
    const written = await beforeDeadline(
      deps.snoozes.replaceSnoozes(changed, audit),
      request.deadline,
      'DynamoDB',
    );
    if (!written.applied) {
      return {
        reply: errorMessage(
          written.reason === 'replayed'
            ? 'Already done: this unsnooze was handled before.'
            : 'Someone changed those snoozes at the same moment; nothing was cancelled. Please try again.',
        ),
      };
    }
    const after = active.map((s) => changed.find((c) => c.id === s.id) ?? s);
    const touched = new Set(
      changed.flatMap((c) =>
        c.ends.filter((e) => e.cancelled?.at === now).flatMap((e) => e.resources),
      ),
    );
    const effects = cancelEffects({
      instances,
      keys: touched,
      snoozes: after,
      config: deps.config,
      now,
    });
    return unsnoozeMessages({
      label,
      cancelled: before,
      remaining,
      effects,
      now,
      me,
      bare: keys === undefined,
      zoneOf: (s) => zoneOf(deps, s),
      intervalMinutes: deps.config.scheduler.intervalMinutes,
    });
  } catch (error) {
    const incident = recordIncident(deps.log, 'unsnooze failed', error);
    return {
      reply: errorMessage(
        'Could not cancel: the stopinator’s table did not answer in time. Nothing changed; please try again.',
        incident.note,
      ),
    };
  }
}

function zoneOf(deps: BotDeps, schedule: string): string {
  return deps.config.schedules.get(schedule)?.timezone ?? 'UTC';
}

/** Whether `snooze` covers any resource the cancelled snoozes covered. */
function overlaps(snooze: Snooze, changed: readonly Snooze[], now: number): boolean {
  const cancelled = new Set(
    changed.flatMap((c) =>
      c.ends.filter((e) => e.cancelled?.at === now).flatMap((e) => e.resources),
    ),
  );
  return [...liveResources(snooze, now)].some((k) => cancelled.has(k));
}

/** The instances these snoozes covered, as far as the fleet knows them. */
function coveredBy(
  snoozes: readonly Snooze[],
  instances: readonly FleetInstance[],
  now: number,
): FleetInstance[] {
  const keys = new Set(snoozes.flatMap((s) => [...liveResources(s, now)]));
  return instances.filter((i) => keys.has(resourceKey(i)));
}
