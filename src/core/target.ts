import {
  accountLabel,
  accountOfPlace,
  findAccount,
  HUB_ACCOUNT,
  type KnownAccount,
  knownAccounts,
} from './account.js';
import type { StopinatorConfig } from './config.js';
import { isGlob } from './glob.js';
import { type FleetInstance, namesOf, participation } from './instance.js';
import { kindOf } from './resource-kind.js';
import {
  describeSelector,
  nameMatches,
  parseSelector,
  type Selector,
  unknownAccount,
} from './selector.js';
import { orList, suggest } from './similar.js';

/** A target as typed, resolved against the fleet: what it covers, exactly. */
export interface ResolvedTarget {
  /** Canonical: a Name typed in another case holds the name as the fleet spells it. */
  readonly selector: Selector;
  readonly matched: readonly FleetInstance[];
  /** "web-1", "web-*", "schedule office-hours", "all instances". */
  readonly label: string;
}

export type TargetResolution =
  | { readonly ok: true; readonly target: ResolvedTarget }
  | {
      readonly ok: false;
      readonly error: string;
      /** True when the target is well formed but matches nothing: worth a live look-up. */
      readonly missing: boolean;
      readonly suggestions: readonly string[];
    };

/**
 * What a target covers in `instances`. A Name matches exactly, else case-insensitively when
 * only one spelling fits; a glob matches case-insensitively; a target that matches nothing is
 * refused with the closest names, never stored. With member accounts, `dev/…` and
 * `account:dev` look in that account only (unless a Name is the whole `dev/…`: see
 * withWholeName), and an exact Name found in two accounts is refused with the qualified names
 * to choose from.
 */
export function resolveTarget(
  text: string,
  instances: readonly FleetInstance[],
  config: StopinatorConfig,
): TargetResolution {
  const accounts = accountsOf(instances, config);
  const parsed = parseSelector(text, config.schedules.keys(), accounts);
  if (!parsed.ok) return { ok: false, error: parsed.error, missing: false, suggestions: [] };
  const resolved = resolveSelector(parsed.selector, instances, config, accounts);
  const read = parsed.selector.account
    ? withWholeName(text.trim(), resolved, instances, config, accounts)
    : resolved;
  return read.ok ? { ok: true, target: unmistakable(read.target, instances, accounts) } : read;
}

/**
 * `dev/web-1` read as web-1 in account dev, when a Name is `dev/web-1` itself (in any case):
 * the Name is meant if the account holds no such thing; if it does (and the two readings cover
 * different resources), the person says which, e.g. `name:dev/web-1` or `dev/name:web-1`.
 * Globs and `account:` stay in the account they name.
 */
function withWholeName(
  text: string,
  scoped: TargetResolution,
  instances: readonly FleetInstance[],
  config: StopinatorConfig,
  accounts: readonly KnownAccount[],
): TargetResolution {
  if (/^account:/i.test(text) || isGlob(text) || !isSomeName(text, instances)) return scoped;
  const whole = resolveSelector({ kind: 'name', pattern: text }, instances, config, accounts);
  if (!scoped.ok || !whole.ok) return scoped.ok ? scoped : whole;
  if (sameResources(scoped.target.matched, whole.target.matched)) return scoped;
  const { selector } = scoped.target;
  const readings = [
    `name:${whole.target.selector.kind === 'name' ? whole.target.selector.pattern : text}`,
    typedInAccount(selector),
  ];
  const { account, ...inAccount } = selector;
  const where = account ? ` in ${accountLabel(account)}` : '';
  return {
    ok: false,
    error: `${text} could be the Name ${text} or ${describeSelector(inAccount as Selector)}${where}: type ${orList(readings)}`,
    missing: false,
    suggestions: readings,
  };
}

/** Whether some resource has this Name, in any case. */
function isSomeName(text: string, instances: readonly FleetInstance[]): boolean {
  const lower = text.toLowerCase();
  return instances.some((i) => namesOf(i).some((n) => n.toLowerCase() === lower));
}

function sameResources(a: readonly FleetInstance[], b: readonly FleetInstance[]): boolean {
  const keys = new Set(a.map((i) => `${i.region} ${i.id}`));
  return a.length === b.length && b.every((i) => keys.has(`${i.region} ${i.id}`));
}

/**
 * A selector in an account, typed so that no Name can take it: `dev/name:web-1`,
 * `dev/schedule:office-hours`, `account:dev`; an instance id by itself (ids are unique).
 */
function typedInAccount(selector: Selector): string {
  const { account } = selector;
  if (account && selector.kind === 'instance') return selector.id;
  if (account && selector.kind === 'name' && !selector.resourceKind)
    return `${accountLabel(account)}/name:${selector.pattern}`;
  return describeSelector(selector);
}

/**
 * The target's label, written so that it reads back the same: a Name that starts like an
 * account (`dev/tools`) as `name:dev/tools`, and a Name in an account where that would be
 * taken for a whole Name as `dev/name:tools`.
 */
function unmistakable(
  target: ResolvedTarget,
  instances: readonly FleetInstance[],
  accounts: readonly KnownAccount[],
): ResolvedTarget {
  const { selector } = target;
  if (selector.kind !== 'name' || selector.resourceKind || isGlob(selector.pattern)) return target;
  if (!selector.account) {
    const slash = selector.pattern.indexOf('/');
    const seemsScoped = slash > 0 && findAccount(selector.pattern.slice(0, slash), accounts);
    return seemsScoped ? { ...target, label: `name:${selector.pattern}` } : target;
  }
  const label = describeSelector(selector);
  return isSomeName(label, instances) ? { ...target, label: typedInAccount(selector) } : target;
}

function resolveSelector(
  selector: Selector,
  instances: readonly FleetInstance[],
  config: StopinatorConfig,
  accounts: readonly KnownAccount[],
): TargetResolution {
  const { account } = selector;
  const scope = account
    ? instances.filter((i) => accountOfPlace(i.region) === account.id)
    : instances;
  const where = account ? ` in ${accountLabel(account)}` : '';
  switch (selector.kind) {
    case 'all':
      return scope.length > 0 || !account
        ? found(selector, scope)
        : notFound(`No instance of account ${accountLabel(account)} takes part`, []);
    case 'instance': {
      const matched = scope.filter((i) => i.id === selector.id);
      return matched.length > 0
        ? found(selector, matched)
        : notFound(`No instance ${selector.id}${where} takes part (tag \`${config.tagKey}\`)`, []);
    }
    case 'schedule': {
      const matched = scope.filter((i) => scheduleOf(i, config) === selector.name);
      return matched.length > 0
        ? found(selector, matched)
        : notFound(`No instance${where} is on schedule ${selector.name}`, []);
    }
    case 'name': {
      const ofKind = selector.resourceKind
        ? scope.filter((i) => kindOf(i.id) === selector.resourceKind)
        : scope;
      const resolved = resolveName(selector.pattern, ofKind, config, where);
      if (!resolved.ok)
        return account ? resolved : (unknownAccountIn(selector.pattern, accounts) ?? resolved);
      const canonical = {
        ...resolved.target.selector,
        ...(selector.resourceKind ? { resourceKind: selector.resourceKind } : {}),
        ...(account ? { account } : {}),
      } as Selector;
      if (!account && !isGlob(selector.pattern)) {
        const ambiguous = inSeveralAccounts(
          canonical,
          resolved.target.matched,
          accounts,
          instances,
        );
        if (ambiguous) return ambiguous;
      }
      return found(canonical, resolved.target.matched);
    }
  }
}

/** The accounts a target may name: the configured ones, and those of the listed places. */
function accountsOf(instances: readonly FleetInstance[], config: StopinatorConfig): KnownAccount[] {
  return knownAccounts(config, new Set(instances.map((i) => i.region)));
}

/** `dve/web-1` where no Name is that: the account is what was mistyped. */
function unknownAccountIn(
  pattern: string,
  accounts: readonly KnownAccount[],
): TargetResolution | undefined {
  const slash = pattern.indexOf('/');
  if (accounts.length === 0 || slash <= 0) return undefined;
  return {
    ok: false,
    error: unknownAccount(pattern.slice(0, slash), accounts),
    missing: false,
    suggestions: [],
  };
}

/**
 * One Name in two accounts: which is meant is the person's to say ("dev/web-1", or
 * "dev/name:web-1" where a Name is "dev/web-1" itself).
 */
function inSeveralAccounts(
  selector: Selector,
  matched: readonly FleetInstance[],
  accounts: readonly KnownAccount[],
  instances: readonly FleetInstance[],
): TargetResolution | undefined {
  const ids = [...new Set(matched.map((i) => accountOfPlace(i.region)))].filter(
    (id) => id !== HUB_ACCOUNT,
  );
  if (ids.length < 2) return undefined;
  const typed = describeSelector(selector);
  const qualified = ids
    .map((id) => accountLabel(accounts.find((a) => a.id === id) ?? { id }))
    .sort()
    .map((label) =>
      isSomeName(`${label}/${typed}`, instances) ? `${label}/name:${typed}` : `${label}/${typed}`,
    );
  return {
    ok: false,
    error: `${typed} is in ${ids.length} accounts: name one, ${orList(qualified)}`,
    missing: false,
    suggestions: qualified,
  };
}

function resolveName(
  pattern: string,
  instances: readonly FleetInstance[],
  config: StopinatorConfig,
  where = '',
): TargetResolution {
  const named = (i: FleetInstance) => namesOf(i);
  if (isGlob(pattern)) {
    const matched = instances.filter((i) => named(i).some((n) => nameMatches(pattern, n)));
    if (matched.length > 0) return found({ kind: 'name', pattern }, matched);
    const stem = pattern.replace(/[*?].*$/, '');
    const close = suggest(stem || pattern, names(instances, config));
    return notFound(`No instance name matches ${pattern}${where}`, close);
  }
  const exact = instances.filter((i) => named(i).includes(pattern));
  if (exact.length > 0) return found({ kind: 'name', pattern }, exact);
  const lower = pattern.toLowerCase();
  const folded = instances.filter((i) => named(i).some((n) => n.toLowerCase() === lower));
  const spellings = [
    ...new Set(folded.flatMap((i) => named(i).filter((n) => n.toLowerCase() === lower))),
  ];
  if (spellings.length === 1) {
    const name = spellings[0] as string;
    return found({ kind: 'name', pattern: name }, folded);
  }
  if (spellings.length > 1) {
    return {
      ok: false,
      error: `"${pattern}" could be ${orList(spellings.sort())}: type the name exactly`,
      missing: false,
      suggestions: spellings,
    };
  }
  return notFound(
    `No instance named ${pattern}${where}`,
    suggest(pattern, names(instances, config)),
  );
}

function found(selector: Selector, matched: readonly FleetInstance[]): TargetResolution {
  return { ok: true, target: { selector, matched, label: describeSelector(selector) } };
}

function notFound(lead: string, suggestions: readonly string[]): TargetResolution {
  const hint = suggestions.length > 0 ? ` Did you mean ${orList([...suggestions])}?` : '';
  return { ok: false, error: `${lead}.${hint}`, missing: true, suggestions };
}

/**
 * The target as typed, read with the accounts these instances and the configuration know:
 * for what to ask AWS about when the fleet index does not know it yet.
 */
export function parseTarget(
  text: string,
  instances: readonly FleetInstance[],
  config: StopinatorConfig,
): ReturnType<typeof parseSelector> {
  return parseSelector(text, config.schedules.keys(), accountsOf(instances, config));
}

function names(instances: readonly FleetInstance[], config: StopinatorConfig): string[] {
  return [...instances.flatMap(namesOf), ...config.schedules.keys()];
}

export function scheduleOf(instance: FleetInstance, config: StopinatorConfig): string | undefined {
  const taking = participation(instance, config);
  return taking.kind === 'scheduled' ? taking.schedule.name : undefined;
}
