import { describeSelector } from '../core/selector.js';
import type { Snooze } from '../core/snooze.js';
import type { CancelEffects } from '../core/unsnooze.js';
import { context, LIMITS, packLines, section } from './blocks.js';
import { clockText, whenText } from './clock-text.js';
import type { CommandReplyMessages } from './command-replies.js';
import { codeName, count, mention } from './slack-text.js';
import { namesText } from './snooze-replies.js';

export interface UnsnoozeReplyInput {
  readonly label: string;
  /** The snoozes as they were before being cancelled. */
  readonly cancelled: readonly Snooze[];
  /** Other people's snoozes that still cover what a bare unsnooze cancelled. */
  readonly remaining: readonly Snooze[];
  readonly effects?: CancelEffects;
  readonly now: number;
  readonly me: string;
  /** A bare `unsnooze`: the caller's own snoozes only. */
  readonly bare: boolean;
  readonly zoneOf: (schedule: string) => string;
  readonly intervalMinutes?: number;
}

/** The reply and the announcement of an unsnooze: what was cancelled, whose, what happens now. */
export function unsnoozeMessages(input: UnsnoozeReplyInput): CommandReplyMessages {
  const { me } = input;
  if (input.cancelled.length === 0) {
    const text = input.bare
      ? 'You have no active snooze or wake to cancel.'
      : `No active snooze covers ${codeName(input.label)}.`;
    const note = input.bare
      ? 'To cancel someone else’s, name the target: `/stopinator unsnooze web-1`.'
      : 'See them all with `/stopinator status`.';
    return { reply: { text: text.replace(/\*/g, ''), blocks: [section(text), context(note)] } };
  }
  const whose = input.cancelled.map((s) => {
    const owner = s.by === me ? 'your' : `${mention(s.by)}’s`;
    const verb = s.kind === 'wake' ? 'wake' : 'snooze';
    return `• ${owner} ${verb} of ${codeName(describeSelector(s.selector))} (${describeLengthOf(s)})`;
  });
  const effects = effectLines(input);
  const remaining = input.remaining.map(
    (s) =>
      `• still covered by ${mention(s.by)}’s snooze of ${codeName(describeSelector(s.selector))}`,
  );
  const title = `:alarm_clock: Cancelled ${count(input.cancelled.length, input.cancelled.length === 1 && input.cancelled[0]?.kind === 'wake' ? 'wake' : 'snooze')} on ${codeName(input.label)}`;
  const lines = [title, ...whose, ...effects, ...remaining];
  const others = [...new Set(input.cancelled.filter((s) => s.by !== me).map((s) => s.by))];
  const names = others.length > 0 ? ` (made by ${others.map(mention).join(', ')})` : '';
  const announceLines = [
    `:alarm_clock: ${mention(me)} cancelled the snoozes on ${codeName(input.label)}${names}`,
    ...effects,
  ];
  return {
    reply: {
      text: `Cancelled snoozes on ${input.label}`,
      blocks: packLines(lines, LIMITS.blocksPerMessage).blocks,
    },
    announce: {
      text: `${input.label} unsnoozed`,
      blocks: packLines(announceLines, LIMITS.blocksPerMessage).blocks,
    },
  };
}

function effectLines(input: UnsnoozeReplyInput): string[] {
  const effects = input.effects;
  if (!effects) return [];
  const lines: string[] = [];
  const interval = input.intervalMinutes ?? 5;
  if (effects.nextRun.length > 0) {
    lines.push(
      `• ${namesText(effects.nextRun)} ${effects.nextRun.length === 1 ? 'stops' : 'stop'} at the next run (within ${interval} min): ${effects.nextRun.length === 1 ? 'its' : 'their'} stop time has passed`,
    );
  }
  for (const l of effects.later) {
    lines.push(
      `• ${namesText([l.instance])} stops as scheduled, ${whenText(l.at, l.zone, input.now)}`,
    );
  }
  for (const c of effects.stillCovered) {
    lines.push(
      `• ${namesText([c.instance])} stays up until ${clockText(c.at, c.zone, input.now)}: still snoozed by ${mention(c.by.by)}`,
    );
  }
  return lines;
}

function describeLengthOf(snooze: Snooze): string {
  const live = snooze.ends.filter((e) => !e.cancelled);
  const n = new Set(live.flatMap((e) => e.resources)).size;
  return count(n, 'instance');
}
