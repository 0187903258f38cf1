import type { KnownAccount } from '../core/account.js';
import { formatDuration } from '../core/duration.js';
import type { FleetInstance } from '../core/instance.js';
import { displayName } from '../core/instance.js';
import type { WakeGroup, WakePlan } from '../core/wake-plan.js';
import { LIMITS, packLines, type SlackMessage, section } from './blocks.js';
import { whenText } from './clock-text.js';
import type { CommandReplyMessages } from './command-replies.js';
import { codeName, count, mention, plainText } from './slack-text.js';
import { capText, namesText, perAccount } from './snooze-replies.js';

/** "It runs until the scheduled stop at 20:00 CET" / "The stopinator stops it again at 21:30 CET". */
export function wakeEndText(group: WakeGroup, now: number): string {
  const one = group.instances.length === 1;
  const when = whenText(group.until, group.schedule.timezone, now);
  return group.bySchedule
    ? `${one ? 'It runs' : 'They run'} until the scheduled stop at ${when} (${codeName(group.schedule.name)} running hours)`
    : `The stopinator stops ${one ? 'it' : 'them'} again at ${when}`;
}

export function wakeMessages(input: {
  readonly label: string;
  readonly plan: WakePlan;
  readonly started: readonly FleetInstance[];
  /** One line per instance that did not start (see startFailureLines in src/bot/incident.ts). */
  readonly failureLines: readonly string[];
  readonly now: number;
  readonly by: string;
  /** The member accounts, for their names (a heading per account). */
  readonly accounts?: readonly KnownAccount[];
}): CommandReplyMessages {
  const { plan, now } = input;
  const startedIds = new Set(input.started.map((i) => i.id));
  const startedGroups = plan.groups
    .map((g) => ({ ...g, instances: g.instances.filter((i) => startedIds.has(i.id)) }))
    .filter((g) => g.instances.length > 0);
  const lines = perAccount(startedGroups, input.accounts ?? []).flatMap(({ heading, items }) => [
    ...(heading ? [heading] : []),
    ...items.map((g) => `:sunny: Started ${namesText(g.instances)}. ${wakeEndText(g, now)}.`),
  ]);
  const failures = input.failureLines;
  const aside = asideLines(plan);
  const all = [
    ...(lines.length > 0 ? lines : [':x: Nothing could be started.']),
    ...failures,
    ...aside,
  ];
  const reply = {
    text: `Started ${count(input.started.length, 'instance')}`,
    blocks: packLines(all, LIMITS.blocksPerMessage).blocks,
  };
  if (input.started.length === 0) return { reply };
  const announce = {
    text: `${input.label} woken`,
    blocks: packLines(
      lines.map((l) => l.replace(':sunny: Started', `:sunny: ${mention(input.by)} woke`)),
      LIMITS.blocksPerMessage,
    ).blocks,
  };
  return { reply, announce };
}

export function wakeNothingMessage(label: string, plan: WakePlan): SlackMessage {
  const lines = [`:sunny: Nothing to wake on ${codeName(label)}`, ...asideLines(plan)];
  return {
    text: `Nothing to wake on ${label}`,
    blocks: packLines(lines, LIMITS.blocksPerMessage).blocks,
  };
}

export function wakeCapMessage(minutes: number, capMinutes: number): SlackMessage {
  const text = `A wake of ${formatDuration(minutes)} is longer than the ${capText(capMinutes)} cap (snooze.max); nothing was started.`;
  return { text, blocks: [section(`:no_entry: ${text}`)] };
}

function asideLines(plan: WakePlan): string[] {
  const lines: string[] = [];
  if (plan.running.length > 0)
    lines.push(
      `• ${namesText(plan.running)} ${plan.running.length === 1 ? 'is' : 'are'} already running`,
    );
  if (plan.leftStopped.length > 0)
    lines.push(
      `• ${namesText(plan.leftStopped)} ${plan.leftStopped.length === 1 ? 'was' : 'were'} stopped by hand: left stopped (name ${plan.leftStopped.length === 1 ? 'it' : 'one'} exactly to wake it)`,
    );
  for (const o of plan.other)
    lines.push(`• ${codeName(displayName(o.instance))} is left alone: ${plainText(o.why)}`);
  return lines;
}
