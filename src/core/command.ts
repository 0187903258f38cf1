import { parseDuration } from './duration.js';
import type { SnoozeLength } from './snooze.js';
import { parseTimeOfDay } from './zone-time.js';

/** A `/stopinator` command, typed. Targets stay text here: the configuration resolves them. */
export type Command =
  | { readonly kind: 'snooze'; readonly target?: string; readonly length?: SnoozeLength }
  | { readonly kind: 'unsnooze'; readonly target?: string }
  | { readonly kind: 'wake'; readonly target: string; readonly minutes?: number }
  | { readonly kind: 'status'; readonly target?: string }
  | { readonly kind: 'history'; readonly limit?: number }
  | { readonly kind: 'help' };

export type ParsedCommand =
  | { readonly ok: true; readonly command: Command }
  | { readonly ok: false; readonly error: string };

export const USAGE = [
  '*/stopinator* keeps dev and staging instances off at night. Commands:',
  '• `/stopinator status [target]`: what will stop or start next, and when',
  '• `/stopinator snooze [target] [2h | 90m | 1h30 | until 23:30 | tonight]`: postpone tonight’s stop',
  '• `/stopinator unsnooze [target]`: cancel snoozes',
  '• `/stopinator wake <target> [2h]`: start stopped instances now, stop them again later',
  '• `/stopinator history [count]`: recent snoozes and wakes',
  '• `/stopinator help`: this text',
  'A target is `all` (the default), an instance id, a schedule name, or a Name such as `web-1` or `web-*`.',
].join('\n');

const MAX_TEXT = 500;
const MAX_HISTORY = 50;

/** Reads the text after `/stopinator`. Never throws: anything not understood is an error to show. */
export function parseCommand(text: string): ParsedCommand {
  if (typeof text !== 'string') return fail('expected text after /stopinator');
  if (text.length > MAX_TEXT) return fail(`that is ${text.length} characters; commands are short`);
  const words = text
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  const [verb, ...args] = words;
  if (verb === undefined) return ok({ kind: 'help' });
  switch (verb.toLowerCase()) {
    case 'help':
    case '?':
      return ok({ kind: 'help' });
    case 'status':
    case 'list':
      return oneTarget('status', args, (target) => ({ kind: 'status', ...opt(target) }));
    case 'unsnooze':
    case 'cancel':
      return oneTarget('unsnooze', args, (target) => ({ kind: 'unsnooze', ...opt(target) }));
    case 'snooze':
      return parseSnooze(args);
    case 'wake':
      return parseWake(args);
    case 'history':
      return parseHistory(args);
    default:
      return fail(`unknown command "${clip(verb)}"`);
  }
}

function parseSnooze(args: string[]): ParsedCommand {
  const { length, rest, error } = trailingLength(args);
  if (error) return fail(error);
  return oneTarget('snooze', rest, (target) => ({
    kind: 'snooze',
    ...opt(target),
    ...(length ? { length } : {}),
  }));
}

function parseWake(args: string[]): ParsedCommand {
  const last = args.at(-1);
  const minutes = last === undefined ? undefined : parseDuration(last);
  const rest = minutes === undefined ? args : args.slice(0, -1);
  if (rest.length === 0)
    return fail('wake needs a target, for example `/stopinator wake web-1 2h`');
  return oneTarget('wake', rest, (target) => ({
    kind: 'wake',
    target: target ?? 'all',
    ...(minutes !== undefined ? { minutes } : {}),
  }));
}

function parseHistory(args: string[]): ParsedCommand {
  if (args.length === 0) return ok({ kind: 'history' });
  const [count, ...extra] = args;
  if (extra.length > 0 || count === undefined || !/^\d{1,3}$/.test(count) || Number(count) < 1) {
    return fail('history takes an optional count, for example `/stopinator history 20`');
  }
  return ok({ kind: 'history', limit: Math.min(Number(count), MAX_HISTORY) });
}

/** The length at the end of a snooze: `2h`, `until 23:30`, `tonight`; what precedes is the target. */
function trailingLength(args: string[]): { length?: SnoozeLength; rest: string[]; error?: string } {
  const last = args.at(-1);
  if (last === undefined) return { rest: args };
  const before = args.at(-2)?.toLowerCase();
  if (before === 'until') {
    const time = parseTimeOfDay(last);
    if (!time)
      return {
        rest: args,
        error: `"${clip(last)}" is not a time: use 24-hour HH:MM, e.g. \`until 23:30\``,
      };
    return { length: { kind: 'until', time }, rest: args.slice(0, -2) };
  }
  if (last.toLowerCase() === 'until')
    return { rest: args, error: 'until needs a time, e.g. `until 23:30`' };
  if (last.toLowerCase() === 'tonight')
    return { length: { kind: 'tonight' }, rest: args.slice(0, -1) };
  const minutes = parseDuration(last);
  if (minutes !== undefined) return { length: { kind: 'for', minutes }, rest: args.slice(0, -1) };
  if (/^\d+$/.test(last))
    return { rest: args, error: `"${clip(last)}" needs a unit: \`${last}m\` or \`${last}h\`` };
  return { rest: args };
}

function oneTarget(
  verb: string,
  rest: string[],
  build: (target: string | undefined) => Command,
): ParsedCommand {
  if (rest.length > 1) {
    return fail(
      `${verb} takes one target, got "${clip(rest.join(' '))}" (use a glob such as web-* for several)`,
    );
  }
  return ok(build(rest[0]));
}

function opt(target: string | undefined): { target?: string } {
  return target === undefined || target.toLowerCase() === 'all' ? {} : { target };
}

function ok(command: Command): ParsedCommand {
  return { ok: true, command };
}

function fail(error: string): ParsedCommand {
  return { ok: false, error };
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
