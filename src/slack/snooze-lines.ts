import { describeSelector } from '../core/selector.js';
import { describeLength, type Snooze, type SnoozeEnd } from '../core/snooze.js';
import { clockText, relativeText } from './clock-text.js';
import { codeName, count, mention } from './slack-text.js';

/** How people read a snooze: its target, and per group what the scheduler will do. */
export interface SnoozeLineContext {
  /** A resource key's display name, when the fleet knows it. */
  readonly nameOf: (key: string) => string | undefined;
  readonly zoneOf: (schedule: string) => string;
  readonly now: number;
}

/**
 * "• *web-** snoozed by @alice (2h, 1 h ago): `web-1`, `web-2` stop 20:00 CET → 22:00 CET".
 * The ends shown are the ones the scheduler applies; ends already over are left out.
 */
export function snoozeLine(snooze: Snooze, context: SnoozeLineContext): string {
  const verb = snooze.kind === 'wake' ? 'woken' : 'snoozed';
  const head = `• ${codeName(describeSelector(snooze.selector))} ${verb} by ${mention(snooze.by)} (${describeLength(snooze.length)}, ${relativeText(snooze.createdAt, context.now)})`;
  const live = snooze.ends.filter((e) => e.until > context.now || e.cancelled);
  if (live.length === 0) return `${head}: over`;
  return `${head}: ${live.map((e) => endText(e, context)).join('; ')}`;
}

/** "`web-1`, `web-2` stop 20:00 CET → 22:00 CET", or cancelled by whom. */
export function endText(end: SnoozeEnd, context: SnoozeLineContext): string {
  const zone = context.zoneOf(end.schedule);
  const names = end.resources.map((k) => context.nameOf(k) ?? k.split('/').at(-1) ?? k);
  const shown = names
    .slice(0, 5)
    .map((n) => codeName(n))
    .join(', ');
  const who =
    names.length > 5 ? `${shown} and ${names.length - 5} more` : shown || count(0, 'instance');
  if (end.cancelled)
    return `${who} cancelled by ${mention(end.cancelled.by)} ${relativeText(end.cancelled.at, context.now)}`;
  if (end.own) return `${who} stop at ${clockText(end.until, zone, context.now)}`;
  if (end.until === end.stop)
    return `${who} run until the scheduled stop at ${clockText(end.stop, zone, context.now)}`;
  return `${who} stop ${clockText(end.stop, zone, context.now)} → ${clockText(end.until, zone, context.now)}`;
}
