import { splitWords, type Word } from './command-words.js';
import { LENGTH_EXAMPLES, looksLikeLength, readClockTime, readLength } from './duration.js';
import { orList, suggest } from './similar.js';
import type { SnoozeLength } from './snooze.js';

/** A `/stopinator` command, typed. Targets stay text here: the fleet resolves them. */
export type Command =
  | { readonly kind: 'snooze'; readonly target?: string; readonly length?: SnoozeLength }
  /**
   * `target` is absent for a bare `unsnooze` (the caller's own snoozes only); `snoozeId` (never
   * typed: the App Home's Cancel button) names one of the caller's own.
   */
  | { readonly kind: 'unsnooze'; readonly target?: string; readonly snoozeId?: string }
  | { readonly kind: 'wake'; readonly target: string; readonly minutes?: number }
  | { readonly kind: 'status'; readonly target?: string }
  | { readonly kind: 'why'; readonly target: string }
  | { readonly kind: 'tonight'; readonly target?: string }
  | { readonly kind: 'history'; readonly limit?: number }
  | { readonly kind: 'savings'; readonly period: SavingsPeriodWord; readonly target?: string }
  | { readonly kind: 'help' };

/** The periods `savings` takes: this week, this month (the default), last month. */
export type SavingsPeriodWord = 'week' | 'month' | 'last-month';

const PERIOD_WORDS: Readonly<Record<string, SavingsPeriodWord>> = {
  week: 'week',
  'this-week': 'week',
  month: 'month',
  'this-month': 'month',
  'last-month': 'last-month',
  lastmonth: 'last-month',
};

export type ParsedCommand =
  | { readonly ok: true; readonly command: Command }
  | { readonly ok: false; readonly error: string };

export const USAGE = [
  '*/stopinator* keeps dev and staging instances off at night. Commands:',
  '• `/stopinator status [target]`: what will stop or start next, and when',
  '• `/stopinator snooze [target] [2h | 90m | 1h30 | until 23:30 | tonight]`: postpone the target’s next stop',
  '• `/stopinator unsnooze [target]`: cancel your snoozes (name a target to cancel anyone’s on it)',
  '• `/stopinator wake <target> [2h]`: start stopped instances now, stop them again later',
  '• `/stopinator why <target>`: its state, next action, last decisions and what covers it',
  '• `/stopinator tonight [target]`: the next 24 hours, in time order',
  '• `/stopinator history [count]`: recent snoozes and wakes',
  '• `/stopinator savings [week | month | last-month] [target]`: hours and money saved, and what snoozes cost',
  '• `/stopinator help`: this text',
  'A target is `all` (the default), an instance id, a schedule name, or a Name such as `web-1`, `"my box"` or `web-*`; `name:` and `schedule:` settle a clash.',
].join('\n');

const MAX_TEXT = 500;
const MAX_HISTORY = 50;
const VERBS = [
  'help',
  'status',
  'snooze',
  'unsnooze',
  'wake',
  'why',
  'tonight',
  'history',
  'savings',
];
const ALIASES: Readonly<Record<string, string>> = {
  '?': 'help',
  list: 'status',
  cancel: 'unsnooze',
  start: 'wake',
  saved: 'savings',
};

/** Reads the text after `/stopinator`. Never throws: anything not understood is an error to show. */
export function parseCommand(text: string): ParsedCommand {
  if (typeof text !== 'string') return fail('expected text after /stopinator');
  if (text.length > MAX_TEXT) return fail(`that is ${text.length} characters; commands are short`);
  const split = splitWords(text);
  if (!split.ok) return fail(split.error);
  const [first, ...args] = split.words;
  if (first === undefined) return ok({ kind: 'help' });
  const lower = first.text.toLowerCase();
  const verb = ALIASES[lower] ?? lower;
  switch (verb) {
    case 'help':
      return ok({ kind: 'help' });
    case 'status':
      return withTarget('status', args, (target) => ({ kind: 'status', ...defaultAll(target) }));
    case 'tonight':
      return withTarget('tonight', args, (target) => ({ kind: 'tonight', ...defaultAll(target) }));
    case 'why':
      if (args.length === 0) return fail('why needs a target, for example `/stopinator why web-1`');
      return withTarget('why', args, (target) => ({ kind: 'why', target: target ?? 'all' }));
    case 'unsnooze':
      return withTarget('unsnooze', args, (target) => ({
        kind: 'unsnooze',
        ...(target === undefined ? {} : { target }),
      }));
    case 'snooze':
      return parseSnooze(args);
    case 'wake':
      return parseWake(args);
    case 'history':
      return parseHistory(args);
    case 'savings':
      return parseSavings(args);
    default: {
      const close = suggest(lower, VERBS, 2);
      const hint = close.length > 0 ? ` Did you mean ${orList(close.map((v) => `\`${v}\``))}?` : '';
      return fail(`unknown command "${clip(first.text)}".${hint}`);
    }
  }
}

function parseSnooze(args: readonly Word[]): ParsedCommand {
  const found = findLength(args, 'snooze');
  if (!found.ok) return fail(found.error);
  return withTarget('snooze', found.rest, (target) => ({
    kind: 'snooze',
    ...defaultAll(target),
    ...(found.length ? { length: found.length } : {}),
  }));
}

function parseWake(args: readonly Word[]): ParsedCommand {
  const found = findLength(args, 'wake');
  if (!found.ok) return fail(found.error);
  if (found.length && found.length.kind !== 'for') {
    return fail('wake takes a duration, for example `/stopinator wake web-1 2h`');
  }
  if (found.rest.length === 0)
    return fail('wake needs a target, for example `/stopinator wake web-1 2h`');
  const minutes = found.length?.kind === 'for' ? found.length.minutes : undefined;
  return withTarget('wake', found.rest, (target) => ({
    kind: 'wake',
    target: target ?? 'all',
    ...(minutes !== undefined ? { minutes } : {}),
  }));
}

function parseHistory(args: readonly Word[]): ParsedCommand {
  if (args.length === 0) return ok({ kind: 'history' });
  const [count, ...extra] = args;
  const text = count?.text ?? '';
  if (extra.length > 0 || !/^\d{1,3}$/.test(text) || Number(text) < 1) {
    return fail('history takes an optional count, for example `/stopinator history 20`');
  }
  return ok({ kind: 'history', limit: Math.min(Number(text), MAX_HISTORY) });
}

function parseSavings(args: readonly Word[]): ParsedCommand {
  const at = args.findIndex((w) => !w.quoted && PERIOD_WORDS[w.text.toLowerCase()] !== undefined);
  const period = at >= 0 ? PERIOD_WORDS[(args[at] as Word).text.toLowerCase()] : undefined;
  const rest = args.filter((_, i) => i !== at);
  return withTarget('savings', rest, (target) => ({
    kind: 'savings',
    period: period ?? 'month',
    ...defaultAll(target),
  }));
}

type LengthSearch =
  | { readonly ok: true; readonly length?: SnoozeLength; readonly rest: readonly Word[] }
  | { readonly ok: false; readonly error: string };

/**
 * Finds the length among a command's words: `until <time>` (to the end), `tonight`, or a
 * duration of one or two words (`2h`, `2 hours`) at the end or at the start. Quoted words are
 * always names. A word that looks like a length but is not one is an error, never a target.
 */
function findLength(args: readonly Word[], verb: string): LengthSearch {
  const bare = (w: Word | undefined) => (w && !w.quoted ? w.text.toLowerCase() : undefined);
  const untilAt = args.findIndex((w) => bare(w) === 'until');
  if (untilAt >= 0) {
    const timeText = args
      .slice(untilAt + 1)
      .map((w) => w.text)
      .join('');
    if (timeText === '') return { ok: false, error: 'until needs a time, e.g. `until 23:30`' };
    const time = readClockTime(timeText);
    if (!time) {
      return {
        ok: false,
        error: `"${clip(timeText)}" is not a time: use \`until 23:30\`, \`until 23h30\` or \`until 11pm\``,
      };
    }
    return checkRest({ ok: true, length: { kind: 'until', time }, rest: args.slice(0, untilAt) });
  }
  const tonightAt = args.findIndex((w) => bare(w) === 'tonight');
  if (tonightAt >= 0) {
    const rest = args.filter((_, i) => i !== tonightAt);
    return checkRest({ ok: true, length: { kind: 'tonight' }, rest });
  }
  for (const span of lengthSpans(args)) {
    const text = args
      .slice(span.from, span.to)
      .map((w) => w.text)
      .join(' ');
    const reading = readLength(text);
    if (!reading) continue;
    if (!reading.ok) return { ok: false, error: reading.error };
    const rest = [...args.slice(0, span.from), ...args.slice(span.to)];
    return checkRest({ ok: true, length: { kind: 'for', minutes: reading.minutes }, rest });
  }
  return checkRest({ ok: true, rest: args });

  function checkRest(found: Extract<LengthSearch, { ok: true }>): LengthSearch {
    const stray = found.rest.find((w) => !w.quoted && looksLikeLength(w.text));
    if (!stray) return found;
    const reading = readLength(stray.text);
    const why = reading && !reading.ok ? reading.error : `"${clip(stray.text)}" is a second length`;
    const name = /[a-z]{2}/i.test(stray.text)
      ? ` (a Name that starts with a digit is written \`name:${clip(stray.text)}\`)`
      : '';
    return { ok: false, error: `${why}${name}. ${verb} takes one length: ${LENGTH_EXAMPLES}` };
  }
}

/** Where a duration may sit: the last two words, the last word, the first two, the first. */
function lengthSpans(args: readonly Word[]): { from: number; to: number }[] {
  const n = args.length;
  const unit = (w: Word | undefined) =>
    w !== undefined && !w.quoted && /^[a-z]+$/i.test(w.text) && readLength(`1${w.text}`)?.ok;
  const spans: { from: number; to: number }[] = [];
  const lengthy = (w: Word | undefined) => w !== undefined && !w.quoted && looksLikeLength(w.text);
  if (n >= 2 && lengthy(args[n - 2]) && unit(args[n - 1])) spans.push({ from: n - 2, to: n });
  if (n >= 1 && lengthy(args[n - 1])) spans.push({ from: n - 1, to: n });
  if (n >= 2 && lengthy(args[0]) && unit(args[1])) spans.push({ from: 0, to: 2 });
  if (n >= 1 && lengthy(args[0])) spans.push({ from: 0, to: 1 });
  return spans;
}

function withTarget(
  verb: string,
  rest: readonly Word[],
  build: (target: string | undefined) => Command,
): ParsedCommand {
  if (rest.length > 1) {
    return fail(
      `${verb} takes one target, got "${clip(rest.map((w) => w.text).join(' '))}" (use a glob such as web-* for several, or quotes for a name with spaces)`,
    );
  }
  return ok(build(rest[0]?.text));
}

function defaultAll(target: string | undefined): { target?: string } {
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
