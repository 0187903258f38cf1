import {
  accountLabel,
  accountOfPlace,
  findAccount,
  isAccountId,
  type KnownAccount,
} from './account.js';
import { compileGlob, type Glob, globMatches, isGlob } from './glob.js';
import { type FleetInstance, namesOf } from './instance.js';
import { isResourceKind, kindOf, type ResourceKind } from './resource-kind.js';
import { orList, suggest } from './similar.js';

/**
 * What a snooze, wake or status applies to; `account` narrows it to one member account
 * (`dev/web-1`, `account:dev`), held with the name it had when typed, for people to read.
 */
export type Selector = AnySelector & { readonly account?: KnownAccount };

type AnySelector =
  | { readonly kind: 'all' }
  | { readonly kind: 'instance'; readonly id: string }
  | { readonly kind: 'schedule'; readonly name: string }
  /**
   * A `Name` tag value (or an RDS identifier, an ASG name), exact or a glob with `*` and `?`;
   * `resourceKind` when a `rds:`, `cluster:`, `asg:` or `ec2:` prefix settled a clash.
   */
  | { readonly kind: 'name'; readonly pattern: string; readonly resourceKind?: ResourceKind };

export const ALL: Selector = { kind: 'all' };

const INSTANCE_ID = /^i-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
// Characters EC2 allows in tag values, plus the glob wildcards.
const NAME_PATTERN = /^[\p{L}\p{N} _.:/=+\-@*?]{1,256}$/u;

type Parsed = { ok: true; selector: Selector } | { ok: false; error: string };

/**
 * Reads a target as typed: `all`, an instance id, a schedule name (when one is configured
 * with that name), or a `Name` tag value or glob. `name:` and `schedule:` prefixes force a
 * reading when a Name tag and a schedule share a word. With member accounts, `<account>/…`
 * (its name or id) narrows any of these to that account, and `account:<account>` is all of
 * it; a slash after anything else stays part of a Name (the target's resolution says when
 * it names no account either, and reads `dev/tools` as a whole Name when one is that).
 */
export function parseSelector(
  text: string,
  scheduleNames: Iterable<string>,
  accounts: readonly KnownAccount[] = [],
): Parsed {
  const target = text.trim();
  if (accounts.length > 0) {
    const lower = target.toLowerCase();
    if (lower.startsWith('account:')) {
      const typed = target.slice('account:'.length).trim();
      const account = findAccount(typed, accounts);
      if (!account) return { ok: false, error: unknownAccount(typed, accounts) };
      return { ok: true, selector: { kind: 'all', account } };
    }
    const slash = target.indexOf('/');
    if (slash > 0) {
      const typed = target.slice(0, slash);
      const account = findAccount(typed, accounts);
      if (account) {
        const inner = parseSelector(target.slice(slash + 1), scheduleNames);
        return inner.ok ? { ok: true, selector: { ...inner.selector, account } } : inner;
      }
      if (isAccountId(typed)) return { ok: false, error: unknownAccount(typed, accounts) };
    }
  }
  return parseUnscoped(target, scheduleNames);
}

/** "No account named dve. Did you mean dev?" */
export function unknownAccount(typed: string, accounts: readonly KnownAccount[]): string {
  const labels = accounts.map(accountLabel);
  // Account names are short: a swapped pair of letters ("dve") is two edits, still meant.
  const swapped = labels.filter((l) => isSwap(typed.toLowerCase(), l.toLowerCase()));
  const close = [...new Set([...swapped, ...suggest(typed, labels)])].slice(0, 3);
  const hint = close.length > 0 ? ` Did you mean ${orList(close)}?` : '';
  const lead = isAccountId(typed) ? `No account ${typed} is known` : `No account named ${typed}`;
  return `${lead}.${hint}`;
}

/** Whether `a` is `b` with two neighbouring letters swapped. */
function isSwap(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  const at = [...a].findIndex((c, i) => c !== b[i]);
  return a[at] === b[at + 1] && a[at + 1] === b[at] && a.slice(at + 2) === b.slice(at + 2);
}

function parseUnscoped(target: string, scheduleNames: Iterable<string>): Parsed {
  if (target === '' || target.toLowerCase() === 'all' || target === '*')
    return { ok: true, selector: ALL };
  const lower = target.toLowerCase();
  if (INSTANCE_ID.test(lower)) return { ok: true, selector: { kind: 'instance', id: lower } };
  const colon = lower.indexOf(':');
  const prefix = colon > 0 ? lower.slice(0, colon) : '';
  if (isResourceKind(prefix)) {
    const pattern = target.slice(colon + 1);
    if (!NAME_PATTERN.test(pattern)) return { ok: false, error: notATarget(target) };
    return { ok: true, selector: { kind: 'name', pattern, resourceKind: prefix } };
  }
  const schedules = new Set(scheduleNames);
  if (lower.startsWith('schedule:')) {
    const name = lower.slice('schedule:'.length);
    if (!schedules.has(name)) {
      return {
        ok: false,
        error: `no schedule named "${name}" (known: ${[...schedules].join(', ')})`,
      };
    }
    return { ok: true, selector: { kind: 'schedule', name } };
  }
  if (!lower.startsWith('name:') && schedules.has(lower)) {
    return { ok: true, selector: { kind: 'schedule', name: lower } };
  }
  const pattern = lower.startsWith('name:') ? target.slice('name:'.length) : target;
  if (!NAME_PATTERN.test(pattern)) return { ok: false, error: notATarget(target) };
  return { ok: true, selector: { kind: 'name', pattern } };
}

function notATarget(target: string): string {
  return `"${target}" is not a target: use all, an instance id (i-0123456789abcdef0), a schedule name, or a Name such as web-1 or web-* (rds:, cluster:, asg: or ec2: in front for one kind)`;
}

export function selectorMatches(
  selector: Selector,
  instance: FleetInstance,
  scheduleName: string | undefined,
): boolean {
  if (selector.account && accountOfPlace(instance.region) !== selector.account.id) return false;
  switch (selector.kind) {
    case 'all':
      return true;
    case 'instance':
      return instance.id === selector.id;
    case 'schedule':
      return scheduleName === selector.name;
    case 'name':
      return (
        (selector.resourceKind === undefined || kindOf(instance.id) === selector.resourceKind) &&
        namesOf(instance).some((name) => nameMatches(selector.pattern, name))
      );
  }
}

/**
 * A Name pattern against a name: a glob matches case-insensitively (in linear time, see
 * glob.ts); a plain name matches exactly (target resolution handles case-insensitive names).
 */
export function nameMatches(pattern: string, name: string): boolean {
  if (!isGlob(pattern)) return pattern === name;
  return globMatches(globFor(pattern), name);
}

/**
 * How a selector reads back to people: "all", "i-0abc…", "schedule office-hours", "web-*";
 * in an account, as it is typed: "dev/web-1", "dev/schedule:office-hours", "account:dev".
 */
export function describeSelector(selector: Selector): string {
  const { account } = selector;
  if (!account) return describeUnscoped(selector);
  const where = accountLabel(account);
  switch (selector.kind) {
    case 'all':
      return `account:${where}`;
    case 'schedule':
      return `${where}/schedule:${selector.name}`;
    default:
      return `${where}/${describeUnscoped(selector)}`;
  }
}

function describeUnscoped(selector: Selector): string {
  switch (selector.kind) {
    case 'all':
      return 'all instances';
    case 'instance':
      return selector.id;
    case 'schedule':
      return `schedule ${selector.name}`;
    case 'name':
      return selector.resourceKind
        ? `${selector.resourceKind}:${selector.pattern}`
        : selector.pattern;
  }
}

/** A stable text key for a selector, used to find and cancel the snoozes made for it. */
export function selectorKey(selector: Selector): string {
  const key = unscopedKey(selector);
  return selector.account ? `account:${selector.account.id}/${key}` : key;
}

function unscopedKey(selector: Selector): string {
  switch (selector.kind) {
    case 'all':
      return 'all';
    case 'instance':
      return `instance:${selector.id}`;
    case 'schedule':
      return `schedule:${selector.name}`;
    case 'name':
      return selector.resourceKind
        ? `name:${selector.resourceKind}:${selector.pattern}`
        : `name:${selector.pattern}`;
  }
}

const globs = new Map<string, Glob>();

function globFor(pattern: string): Glob {
  let found = globs.get(pattern);
  if (!found) {
    found = compileGlob(pattern);
    // A long-lived container meets many patterns: keep the cache small.
    if (globs.size > 500) globs.clear();
    globs.set(pattern, found);
  }
  return found;
}
