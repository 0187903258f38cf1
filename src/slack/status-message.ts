import { knownAccounts, regionOfPlace } from '../core/account.js';
import { compareText } from '../core/compare-text.js';
import type { StopinatorConfig } from '../core/config.js';
import { resourceKey } from '../core/instance.js';
import type { InstanceOutlook } from '../core/outlook.js';
import type { Snooze } from '../core/snooze.js';
import { byAccount } from './account-groups.js';
import { context, header, LIMITS, packLines, type SlackMessage, section } from './blocks.js';
import { relativeText, whenText } from './clock-text.js';
import { fleetNoun, kindLabel, kindTally } from './kind-text.js';
import { codeName, count, flatText, mention, oneLine, plainText } from './slack-text.js';
import { snoozeLine } from './snooze-lines.js';

/** More lines than this is a wall of text nobody reads: the rest is summarised. */
const MAX_LISTED = 40;

export interface StatusInput {
  readonly outlooks: readonly InstanceOutlook[];
  readonly snoozes: readonly Snooze[];
  readonly config: StopinatorConfig;
  readonly now: number;
  /** What the reader asked about, "all instances" by default. */
  readonly target: string;
  /** Set when the states come from the fleet index (EC2 did not answer): the run it reflects. */
  readonly asOf?: number;
}

/**
 * `/stopinator status`: what happens next and when, active snoozes, then instances, most
 * relevant first. Large fleets are summarised with counts, and the message says what it left out.
 */
export function statusMessage(input: StatusInput): SlackMessage {
  const { outlooks, config, now } = input;
  const blocks = [header(`Stopinator status: ${flatText(input.target)}`)];
  if (outlooks.length === 0) {
    blocks.push(
      section(
        `No instance matches ${codeName(input.target)}. Instances take part with the tag ${codeName(config.tagKey)}.`,
      ),
    );
    return { text: `No instance matches ${oneLine(input.target)}.`, blocks };
  }

  const noun = fleetNoun(outlooks.map((o) => o.instance.id));
  const nextStop = earliest(outlooks, 'stop');
  const nextStart = earliest(outlooks, 'start');
  const headline = [
    nextStop
      ? `*Next stop:* ${count(nextStop.count, noun)} at ${whenText(nextStop.at, nextStop.zone, now)}`
      : '*Next stop:* none ahead',
    nextStart
      ? `*Next start:* ${count(nextStart.count, noun)} at ${whenText(nextStart.at, nextStart.zone, now)}`
      : undefined,
  ].filter(Boolean);
  blocks.push(section(headline.join('\n')));
  blocks.push(context(overview(outlooks)));
  if (input.asOf !== undefined) {
    blocks.push(
      context(
        `:hourglass: EC2 did not answer in time: states as of the scheduler run ${relativeText(input.asOf, now)}.`,
      ),
    );
  }

  const names = new Map(outlooks.map((o) => [resourceKey(o.instance), o.name]));
  const lineContext = {
    nameOf: (key: string) => names.get(key),
    zoneOf: (schedule: string) => config.schedules.get(schedule)?.timezone ?? 'UTC',
    now,
  };
  const snoozeLines = input.snoozes
    .filter((s) => s.ends.some((e) => e.until > now && !e.cancelled))
    .map((s) => snoozeLine(s, lineContext));
  if (snoozeLines.length > 0) {
    const packed = packLines([`*Active snoozes (${snoozeLines.length})*`, ...snoozeLines], 2);
    blocks.push(...packed.blocks);
    if (packed.left > 0)
      blocks.push(context(`…and ${count(packed.left, 'more snooze')} not shown.`));
  }

  const ordered = [...outlooks].sort(byRelevance);
  const listed = ordered.slice(0, MAX_LISTED);
  // With member accounts, a heading per account; the most relevant first within each.
  const accounts = knownAccounts(config, new Set(listed.map((o) => o.instance.region)));
  const lines: string[] = [];
  const isHeading: boolean[] = [];
  for (const group of byAccount(listed, (o) => o.instance.region, accounts)) {
    if (group.heading) {
      lines.push(group.heading);
      isHeading.push(true);
    }
    for (const o of group.items) {
      lines.push(instanceLine(o, now));
      isHeading.push(false);
    }
  }
  // One block stays free for the note on what was left out.
  const room = LIMITS.blocksPerMessage - blocks.length - 1;
  const packed = packLines(lines, Math.max(1, room));
  blocks.push(...packed.blocks);
  const unpacked = isHeading.slice(lines.length - packed.left).filter((h) => !h).length;
  const left = unpacked + (ordered.length - listed.length);
  if (left > 0) {
    const hidden = ordered.slice(ordered.length - left);
    blocks.push(
      context(
        `…and ${count(left, `more ${noun}`)} not listed (${overview(hidden)}). Narrow it down with \`/stopinator status web-*\` or a schedule name.`,
      ),
    );
  }
  const text = `${headline.join('. ').replace(/\*/g, '')}. ${overview(outlooks)}.`;
  return { text, blocks: blocks.slice(0, LIMITS.blocksPerMessage) };
}

function earliest(outlooks: readonly InstanceOutlook[], kind: 'stop' | 'start') {
  let best: { at: number; zone: string; count: number } | undefined;
  for (const o of outlooks) {
    if (o.next.kind !== kind || !o.timezone) continue;
    if (!best || o.next.at < best.at) best = { at: o.next.at, zone: o.timezone, count: 1 };
    else if (o.next.at === best.at) best.count += 1;
  }
  return best;
}

/**
 * "42 instances: running 30, stopped 12 · office-hours 40, nightly 2 · 1 problem"; kinds
 * mixed, "45 resources (EC2 42, RDS 2, Auto Scaling group 1): running 33, …"
 */
function overview(outlooks: readonly InstanceOutlook[]): string {
  const ids = outlooks.map((o) => o.instance.id);
  const kinds = kindTally(ids);
  const states = tally(outlooks.map((o) => o.instance.state));
  const schedules = tally(
    outlooks.map(
      (o) => o.schedule ?? (o.next.kind === 'problem' ? 'unknown schedule' : 'excluded'),
    ),
  );
  const problems = outlooks.filter((o) => o.next.kind === 'problem').length;
  return [
    `${count(outlooks.length, fleetNoun(ids))}${kinds ? ` (${kinds})` : ''}: ${states}`,
    schedules,
    problems > 0 ? `:warning: ${count(problems, 'problem')}` : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
}

function tally(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]))
    .map(([k, n]) => `${oneLine(k)} ${n}`)
    .join(', ');
}

const RANK = { problem: 0, stop: 1, start: 2, 'stays-stopped': 3, never: 4 } as const;

function byRelevance(a: InstanceOutlook, b: InstanceOutlook): number {
  const snoozedA = a.next.kind === 'stop' && a.next.snoozedBy ? 0 : 1;
  const snoozedB = b.next.kind === 'stop' && b.next.snoozedBy ? 0 : 1;
  const at = (o: InstanceOutlook) => ('at' in o.next ? o.next.at : Number.POSITIVE_INFINITY);
  return (
    RANK[a.next.kind] - RANK[b.next.kind] ||
    snoozedA - snoozedB ||
    at(a) - at(b) ||
    compareText(a.name, b.name)
  );
}

function instanceLine(o: InstanceOutlook, now: number): string {
  const name = codeName(o.name);
  const label = kindLabel(o.instance.id);
  // What RDS or Auto Scaling says beside the state ("modifying", "resized to 0/1/5 while
  // stopped"); EC2's reasons are codes on every stopped instance, and stay out.
  const reason = label && o.instance.stateReason ? ` (${oneLine(o.instance.stateReason)})` : '';
  const where = [
    label,
    `${o.instance.state}${reason}`,
    o.schedule ? oneLine(o.schedule) : undefined,
    oneLine(regionOfPlace(o.instance.region)),
  ]
    .filter(Boolean)
    .join(' · ');
  const next = o.next;
  switch (next.kind) {
    case 'stop': {
      const snoozed = next.snoozedBy ? ` (snoozed by ${mention(next.snoozedBy.by)})` : '';
      return `${name} ${where}: stops ${whenText(next.at, o.timezone ?? 'UTC', now)}${snoozed}`;
    }
    case 'start':
      return `${name} ${where}: starts ${whenText(next.at, o.timezone ?? 'UTC', now)}`;
    case 'problem':
      return `:warning: ${name} ${where}: left alone, ${plainText(next.why)}`;
    default:
      return `${name} ${where}: ${plainText(next.why)}`;
  }
}
