import { knownAccounts, regionOfPlace } from '../core/account.js';
import { compareText } from '../core/compare-text.js';
import type { StopinatorConfig } from '../core/config.js';
import type { IndexEntry } from '../core/fleet-index.js';
import { resourceKey } from '../core/instance.js';
import type { InstanceOutlook } from '../core/outlook.js';
import type { Snooze } from '../core/snooze.js';
import { byAccount } from './account-groups.js';
import { context, header, LIMITS, packLines, type SlackMessage } from './blocks.js';
import { clockText, relativeText, whenText } from './clock-text.js';
import { codeName, count, oneLine, plainText } from './slack-text.js';
import { endText } from './snooze-lines.js';

/** `why` explains a few resources in full; a wider target is narrowed first. */
const MAX_EXPLAINED = 5;

export interface WhyInput {
  readonly label: string;
  readonly outlooks: readonly InstanceOutlook[];
  readonly entryOf: (key: string) => IndexEntry | undefined;
  readonly snoozes: readonly Snooze[];
  readonly config: StopinatorConfig;
  readonly now: number;
  /** The scheduler run the index reflects; absent when there is no index yet. */
  readonly indexAt?: number;
}

/** For each resource: state, next action and when, last decisions, what covers it. */
export function whyMessage(input: WhyInput): SlackMessage {
  const { now, config } = input;
  const shown = [...input.outlooks]
    .sort((a, b) => compareText(a.name, b.name))
    .slice(0, MAX_EXPLAINED);
  const lines: string[] = [];
  const accounts = knownAccounts(config, new Set(shown.map((o) => o.instance.region)));
  const groups = byAccount(shown, (o) => o.instance.region, accounts);
  for (const { heading, items } of groups) {
    if (heading) lines.push(heading);
    lines.push(...explained(items, input));
  }
  const blocks = [
    header(`Why: ${input.label}`),
    ...packLines(lines, LIMITS.blocksPerMessage - 3).blocks,
  ];
  const notes: string[] = [];
  if (input.outlooks.length > shown.length) {
    notes.push(
      `${count(input.outlooks.length - shown.length, 'more instance')} match; name one to see it, or use \`/stopinator status ${oneLine(input.label)}\`.`,
    );
  }
  if (input.indexAt !== undefined)
    notes.push(`From the scheduler run ${relativeText(input.indexAt, now)}.`);
  if (notes.length > 0) blocks.push(context(...notes));
  return { text: `Why: ${input.label}`, blocks: blocks.slice(0, LIMITS.blocksPerMessage) };
}

/** One resource after another: state, next action, what covers it, the last decisions. */
function explained(items: readonly InstanceOutlook[], input: WhyInput): string[] {
  const { now, config } = input;
  const zoneOf = (schedule: string) => config.schedules.get(schedule)?.timezone ?? 'UTC';
  const lines: string[] = [];
  for (const o of items) {
    const key = resourceKey(o.instance);
    const entry = input.entryOf(key);
    const zone = o.timezone ?? zoneOf(config.defaultSchedule);
    const where = [
      o.instance.id,
      regionOfPlace(o.instance.region),
      o.schedule ? `schedule ${codeName(o.schedule)}` : undefined,
    ]
      .filter(Boolean)
      .join(' · ');
    lines.push(`*${codeName(o.name)}* ${o.instance.state} · ${where}`);
    lines.push(`Next: ${nextText(o, now)}`);
    const covering = input.snoozes.flatMap((s) =>
      s.ends
        .filter((e) => e.resources.includes(key) && (e.until > now || e.cancelled))
        .map((e) => ({ s, e })),
    );
    for (const { s, e } of covering) {
      const verb = s.kind === 'wake' ? 'Woken' : 'Snoozed';
      lines.push(`${verb} by <@${s.by}>: ${endText(e, { nameOf: () => o.name, zoneOf, now })}`);
    }
    if (!entry) {
      lines.push('_Not in the fleet index yet: the next scheduler run lists it._');
    } else if (entry.recent.length === 0) {
      lines.push('_No decision recorded yet._');
    } else {
      lines.push('Last decisions:');
      for (const d of entry.recent) {
        const failed = d.failed ? ` (:x: failed: ${plainText(d.failed)})` : '';
        lines.push(`• ${clockText(d.at, zone, now)}: ${plainText(d.reason)}${failed}`);
      }
    }
    lines.push('');
  }
  return lines;
}

function nextText(o: InstanceOutlook, now: number): string {
  const zone = o.timezone ?? 'UTC';
  const next = o.next;
  switch (next.kind) {
    case 'stop':
      return next.snoozedBy
        ? `stops ${whenText(next.at, zone, now)}, snoozed by <@${next.snoozedBy.by}> (the schedule said ${clockText(next.scheduledAt, zone, now)})`
        : `stops ${whenText(next.at, zone, now)}`;
    case 'start':
      return `starts ${whenText(next.at, zone, now)}`;
    default:
      return plainText(next.why);
  }
}
