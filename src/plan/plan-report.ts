import { placeLabel } from '../core/account.js';
import type { StopinatorConfig } from '../core/config.js';
import type { Decision } from '../core/plan-run.js';
import {
  countTimeline,
  groupTimeline,
  reasonWithoutVerb,
  type Simulation,
} from '../core/simulate.js';
import { instantToLocal } from '../core/zone-time.js';
import { zoneAbbreviation } from '../slack/zone-abbreviations.js';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MOST_NAMES = 12;

export interface PlanFacts {
  readonly from: number;
  readonly hours: number;
  /** Instances listed per region. */
  readonly listed: ReadonlyMap<string, number>;
  /** What became of the snoozes: "1 active snooze, from table x (eu-west-1)", or why none. */
  readonly snoozes: string;
  /** Places that could not be read (many accounts: the others are planned), and why. */
  readonly unread?: ReadonlyMap<string, string>;
}

/** The plan as text: the timeline, grouped by time and reason, then who is left alone. */
export function planReport(config: StopinatorConfig, simulation: Simulation, facts: PlanFacts) {
  const zone = config.schedules.get(config.defaultSchedule)?.timezone ?? 'UTC';
  const total = [...facts.listed.values()].reduce((a, b) => a + b, 0);
  const label = (place: string) => placeLabel(place, config.accounts ?? []);
  const lines = [
    `stopinator plan: the next ${facts.hours} h from ${longTime(facts.from, zone)} (read-only: nothing is stopped, started or tagged)`,
    `  instances: ${total} with the tag ${config.tagKey} (${[...facts.listed].map(([r, n]) => `${label(r)}: ${n}`).join(', ')})`,
    ...[...(facts.unread ?? [])].map(([place, why]) => `  not read:  ${label(place)}: ${why}`),
    `  snoozes:   ${facts.snoozes}`,
    '',
  ];
  const groups = groupTimeline(simulation.timeline);
  if (groups.length === 0) lines.push(`Nothing to do in the next ${facts.hours} h.`);
  for (const group of groups) {
    const zoneOfGroup = config.schedules.get(group.schedule ?? '')?.timezone ?? zone;
    const groupLabel = group.label.padEnd(5);
    lines.push(
      `${shortTime(group.at, zoneOfGroup)}  ${groupLabel}  ${names(group.decisions, label)}: ${group.why}`,
    );
  }
  const counts = countTimeline(simulation.timeline);
  lines.push(
    '',
    `${counts.stop} stop(s), ${counts.start} start(s), ${counts.warn} warning(s) in the next ${facts.hours} h.`,
  );
  if (simulation.leftAlone.length > 0) {
    lines.push('', 'Left alone:');
    for (const group of groupBy(simulation.leftAlone, (d) => d.reason)) {
      lines.push(`  ${names(group, label)}: ${reasonWithoutVerb((group[0] as Decision).reason)}`);
    }
  }
  return lines;
}

function groupBy(decisions: readonly Decision[], key: (d: Decision) => string): Decision[][] {
  const groups = new Map<string, Decision[]>();
  for (const d of decisions) groups.set(key(d), [...(groups.get(key(d)) ?? []), d]);
  return [...groups.values()];
}

/**
 * "web-1, web-2 (eu-west-1); batch-1 (us-east-1)", or "(dev eu-west-1)" in a member account,
 * the longest lists cut with a count.
 */
function names(group: readonly Decision[], label: (place: string) => string): string {
  const shown = group.slice(0, MOST_NAMES);
  const byRegion = new Map<string, string[]>();
  for (const d of shown) byRegion.set(d.region, [...(byRegion.get(d.region) ?? []), d.name]);
  const text = [...byRegion]
    .map(([region, list]) => `${list.join(', ')} (${label(region)})`)
    .join('; ');
  const more = group.length - shown.length;
  return more > 0 ? `${text} and ${more} more` : text;
}

function shortTime(at: number, zone: string): string {
  const local = instantToLocal(at, zone);
  return `${WEEKDAYS[local.weekday]} ${local.day} ${MONTHS[local.month - 1]} ${pad(local.hour)}:${pad(local.minute)} ${zoneAbbreviation(zone, at)}`;
}

function longTime(at: number, zone: string): string {
  const local = instantToLocal(at, zone);
  return `${WEEKDAYS[local.weekday]} ${local.day} ${MONTHS[local.month - 1]} ${local.year} ${pad(local.hour)}:${pad(local.minute)} ${zoneAbbreviation(zone, at)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
