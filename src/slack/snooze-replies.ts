import type { KnownAccount } from '../core/account.js';
import { compareText } from '../core/compare-text.js';
import { formatDuration } from '../core/duration.js';
import { displayName, type FleetInstance } from '../core/instance.js';
import type { Snooze } from '../core/snooze.js';
import type { SnoozeGroup, SnoozePlan } from '../core/snooze-plan.js';
import { byAccount } from './account-groups.js';
import {
  type Block,
  button,
  context,
  LIMITS,
  packLines,
  type SlackMessage,
  section,
} from './blocks.js';
import { clockText, whenText } from './clock-text.js';
import { codeName, count, mention, plainText } from './slack-text.js';

/** Names listed in a reply before the rest is a count. */
export const NAMES_SHOWN = 10;

/** "`web-1`, `web-2` and 3 more" */
export function namesText(instances: readonly FleetInstance[], max = NAMES_SHOWN): string {
  const names = [...new Set(instances.map(displayName))].sort((a, b) => compareText(a, b));
  const shown = names.slice(0, max).map((n) => codeName(n));
  const more = names.length - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${more} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

/** "stop 20:00 CET → 22:00 CET, in 3 h" */
export function moveText(
  group: Pick<SnoozeGroup, 'stop' | 'until' | 'schedule'>,
  now: number,
): string {
  const zone = group.schedule.timezone;
  return `stop ${clockText(group.stop, zone, now)} → ${whenText(group.until, zone, now)}`;
}

/**
 * One line per group of covered resources: what moves, or what already covers longer; with
 * member accounts, under a heading per account.
 */
export function groupLines(
  groups: readonly SnoozeGroup[],
  now: number,
  accounts: readonly KnownAccount[] = [],
): string[] {
  return perAccount(groups, accounts).flatMap(({ heading, items }) => [
    ...(heading ? [heading] : []),
    ...scheduleLines(items, now),
  ]);
}

/**
 * Groups (of resources by schedule and stop) split by account: one part, without heading,
 * when all are the hub's own.
 */
export function perAccount<G extends { readonly instances: readonly FleetInstance[] }>(
  groups: readonly G[],
  accounts: readonly KnownAccount[],
): { heading?: string; items: G[] }[] {
  const instances = groups.flatMap((g) => g.instances);
  return byAccount(instances, (i) => i.region, accounts).map(({ heading, items }) => {
    const here = new Set(items);
    const parts = groups
      .map((g) => ({ ...g, instances: g.instances.filter((i) => here.has(i)) }))
      .filter((g) => g.instances.length > 0);
    return heading ? { heading, items: parts } : { items: parts };
  });
}

function scheduleLines(groups: readonly SnoozeGroup[], now: number): string[] {
  return groups.map((g) => {
    const names = namesText(g.instances);
    if (!g.extends && g.previousBy) {
      const zone = g.schedule.timezone;
      return `• ${names}: already kept up until ${clockText(g.previous, zone, now)} by ${mention(g.previousBy.by)}; this snooze (${clockText(g.until, zone, now)}) holds if that one is cancelled`;
    }
    const was =
      g.previousBy && g.previous > g.stop
        ? ` (was ${clockText(g.previous, g.schedule.timezone, now)}, by ${mention(g.previousBy.by)})`
        : '';
    return `• ${names}: ${moveText(g, now)}${was}`;
  });
}

/** Why the rest of the target was not snoozed: stopped, nothing to postpone, left alone. */
export function asideLines(
  plan: SnoozePlan,
  now: number,
  zoneOf: (i: FleetInstance) => string,
): string[] {
  const lines: string[] = [];
  const byHand = plan.stopped.filter((s) => s.byHand).map((s) => s.instance);
  const byUs = plan.stopped.filter((s) => !s.byHand);
  for (const s of byUs) {
    const when =
      s.stoppedAt !== undefined ? ` at ${clockText(s.stoppedAt, zoneOf(s.instance), now)}` : '';
    lines.push(
      `• ${codeName(displayName(s.instance))} is already stopped (by the stopinator${when}): nothing to snooze; wake it to start it now`,
    );
  }
  if (byHand.length > 0)
    lines.push(
      `• ${namesText(byHand)} ${byHand.length === 1 ? 'is' : 'are'} stopped by hand: nothing to snooze`,
    );
  for (const b of plan.beforeStop) {
    const zone = b.schedule.timezone;
    lines.push(
      `• ${codeName(displayName(b.instance))}: nothing to postpone, ${clockText(b.until, zone, now)} is not after its stop at ${clockText(b.stop, zone, now)}`,
    );
  }
  for (const o of plan.other)
    lines.push(`• ${codeName(displayName(o.instance))} is left alone: ${plainText(o.why)}`);
  return lines;
}

/** A Wake button for what a snooze found already stopped. */
export function wakeButtons(plan: SnoozePlan, target: string): Block | undefined {
  const stopped = plan.stopped;
  if (stopped.length === 0) return undefined;
  const only = stopped.length === 1 ? stopped[0]?.instance : undefined;
  const value = JSON.stringify({ target: only ? only.id : target });
  const label = only ? `Wake ${displayName(only)}` : `Wake ${count(stopped.length, 'instance')}`;
  return {
    type: 'actions',
    block_id: 'stopinator_wake',
    elements: [button('wake_now', label, value)],
  };
}

export interface SnoozeReplyInput {
  readonly label: string;
  readonly plan: SnoozePlan;
  readonly now: number;
  readonly zoneOf: (i: FleetInstance) => string;
  /** The member accounts, for their names (a heading per account). */
  readonly accounts?: readonly KnownAccount[];
}

/** The private reply to a snooze that stored something. */
export function snoozedMessage(input: SnoozeReplyInput & { by: string }): {
  reply: SlackMessage;
  announce: SlackMessage;
} {
  const { plan, now, label } = input;
  const moved = plan.groups.filter((g) => g.extends);
  const title =
    moved.length > 0
      ? `:zzz: Snoozed ${codeName(label)}`
      : `:zzz: Saved a snooze on ${codeName(label)}; it changes nothing tonight`;
  const lines = [title, ...groupLines(plan.groups, now, input.accounts)];
  const aside = asideLines(plan, now, input.zoneOf);
  const reply = withAside(lines, aside, wakeButtons(plan, label), `Snoozed ${label}`);
  const announce = {
    text: `${label} snoozed`,
    blocks: packLines(
      [
        `:zzz: ${mention(input.by)} snoozed ${codeName(label)}`,
        ...groupLines(plan.groups, now, input.accounts),
      ],
      LIMITS.blocksPerMessage - 1,
    ).blocks,
  };
  return { reply, announce };
}

/** Nothing was stored: every resource of the target was stopped, too soon, or left alone. */
export function nothingSnoozedMessage(input: SnoozeReplyInput): SlackMessage {
  const lines = [`:zzz: Nothing to snooze on ${codeName(input.label)}`];
  return withAside(
    lines,
    asideLines(input.plan, input.now, input.zoneOf),
    wakeButtons(input.plan, input.label),
    `Nothing to snooze on ${input.label}`,
  );
}

/** A second press or a replayed request: what was stored the first time. */
export function alreadyStoredMessage(
  stored: Snooze,
  label: string,
  zoneOf: (schedule: string) => string,
  now: number,
): SlackMessage {
  const lines = [
    `:zzz: Already done: this snooze of ${codeName(label)} was saved before`,
    ...stored.ends.map(
      (e) =>
        `• ${count(e.resources.length, 'instance')}: stop ${clockText(e.stop, zoneOf(e.schedule), now)} → ${whenText(e.until, zoneOf(e.schedule), now)}`,
    ),
  ];
  return {
    text: `Already snoozed ${label}`,
    blocks: packLines(lines, LIMITS.blocksPerMessage).blocks,
  };
}

/** A warning's button pressed after the stop it announced. */
export function stopPassedMessage(
  input: SnoozeReplyInput,
  stopAt: number,
  zone: string,
): SlackMessage {
  const lines = [
    `:zzz: This warning’s stop (${clockText(stopAt, zone, input.now)}) has passed: nothing was snoozed. To postpone a later stop, type \`/stopinator snooze <target> 2h\`.`,
    ...asideLines(input.plan, input.now, input.zoneOf),
  ];
  return withAside(lines, [], wakeButtons(input.plan, input.label), 'That stop has passed');
}

/** "12 h", "90 min": the cap as the configuration reads. */
export function capText(capMinutes: number): string {
  return capMinutes % 60 === 0 ? `${capMinutes / 60} h` : `${capMinutes} min`;
}

/** A duration over snooze.max, refused before anything is read. */
export function lengthOverCapMessage(minutes: number, capMinutes: number): SlackMessage {
  const text = `A snooze of ${formatDuration(minutes)} is longer than the ${capText(capMinutes)} cap (snooze.max), so nothing was snoozed.`;
  return {
    text,
    blocks: [
      section(`:no_entry: ${text}`),
      context(`Ask for ${capText(capMinutes)} or less, for example \`2h\` or \`until 23:30\`.`),
    ],
  };
}

/** Longer than snooze.max: refused, naming the cap. */
export function overCapMessage(plan: SnoozePlan, capMinutes: number, now: number): SlackMessage {
  const first = plan.overCap[0];
  const cap = capText(capMinutes);
  const example = first
    ? ` ${codeName(displayName(first.instance))} would stay up until ${clockText(first.until, first.schedule.timezone, now)}, counted from ${clockText(first.from, first.schedule.timezone, now)}.`
    : '';
  const text = `That is longer than the ${cap} cap (snooze.max), so nothing was snoozed.${example}`;
  return {
    text,
    blocks: [
      section(`:no_entry: ${text}`),
      context(`Ask for ${cap} or less, for example \`2h\` or \`until 23:30\`.`),
    ],
  };
}

function withAside(
  lines: string[],
  aside: string[],
  actions: Block | undefined,
  fallback: string,
): SlackMessage {
  const room = LIMITS.blocksPerMessage - (actions ? 2 : 1);
  const packed = packLines([...lines, ...aside], room);
  return {
    text: fallback,
    blocks: [
      ...packed.blocks,
      ...(packed.left > 0 ? [context(`…and ${count(packed.left, 'more line')}.`)] : []),
      ...(actions ? [actions] : []),
    ],
  };
}
