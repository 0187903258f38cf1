import type { KnownAccount } from '../core/account.js';
import type { Decision } from '../core/plan-run.js';
import { groupTimeline, type Simulation } from '../core/simulate.js';
import { byAccount } from './account-groups.js';
import { context, header, LIMITS, packLines, type SlackMessage } from './blocks.js';
import { clockText } from './clock-text.js';
import { codeName, count, plainText } from './slack-text.js';

const ICONS = {
  warn: ':alarm_clock:',
  stop: ':black_square_for_stop:',
  keep: ':zzz:',
  start: ':arrow_forward:',
  leave: ':pause_button:',
} as const;
const MOST_NAMES = 8;

/** `tonight`: the next hours' warnings, stops and starts, one line per time and reason. */
export function tonightMessage(input: {
  readonly label: string;
  readonly simulation: Simulation;
  readonly hours: number;
  readonly zoneOf: (schedule: string) => string;
  readonly now: number;
  /** The member accounts, for their names: a part per account, each in time order. */
  readonly accounts?: readonly KnownAccount[];
}): SlackMessage {
  const parts = byAccount(input.simulation.timeline, (d) => d.region, input.accounts ?? []);
  const lines = parts.flatMap((part) => [
    ...(part.heading ? [part.heading] : []),
    ...timelineLines(part.items, input),
  ]);
  if (lines.length === 0)
    lines.push(`Nothing happens to ${codeName(input.label)} in the next ${input.hours} h.`);
  const packed = packLines(lines, LIMITS.blocksPerMessage - 2);
  return {
    text: `The next ${input.hours} h for ${input.label}`,
    blocks: [
      header(`The next ${input.hours} h: ${input.label}`),
      ...packed.blocks,
      ...(packed.left > 0
        ? [context(`…and ${count(packed.left, 'more line')}: narrow the target to see them.`)]
        : []),
    ],
  };
}

function timelineLines(
  timeline: readonly Decision[],
  input: { readonly zoneOf: (schedule: string) => string; readonly now: number },
): string[] {
  const { now } = input;
  return groupTimeline(timeline).map((g) => {
    const zone = input.zoneOf(g.schedule ?? '');
    const names = g.decisions
      .slice(0, MOST_NAMES)
      .map((d) => codeName(d.name))
      .join(', ');
    const more =
      g.decisions.length > MOST_NAMES ? ` and ${g.decisions.length - MOST_NAMES} more` : '';
    return `${ICONS[g.label]} *${clockText(g.at, zone, now)}* ${g.label} ${names}${more}: ${plainText(g.why)}`;
  });
}
