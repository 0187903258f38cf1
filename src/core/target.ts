import type { StopinatorConfig } from './config.js';
import { isGlob } from './glob.js';
import { type FleetInstance, namesOf, participation } from './instance.js';
import { kindOf } from './resource-kind.js';
import { describeSelector, nameMatches, parseSelector, type Selector } from './selector.js';
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
 * refused with the closest names, never stored.
 */
export function resolveTarget(
  text: string,
  instances: readonly FleetInstance[],
  config: StopinatorConfig,
): TargetResolution {
  const parsed = parseSelector(text, config.schedules.keys());
  if (!parsed.ok) return { ok: false, error: parsed.error, missing: false, suggestions: [] };
  const selector = parsed.selector;
  switch (selector.kind) {
    case 'all':
      return found(selector, instances);
    case 'instance': {
      const matched = instances.filter((i) => i.id === selector.id);
      return matched.length > 0
        ? found(selector, matched)
        : notFound(`No instance ${selector.id} takes part (tag \`${config.tagKey}\`)`, []);
    }
    case 'schedule': {
      const matched = instances.filter((i) => scheduleOf(i, config) === selector.name);
      return matched.length > 0
        ? found(selector, matched)
        : notFound(`No instance is on schedule ${selector.name}`, []);
    }
    case 'name': {
      const ofKind = selector.resourceKind
        ? instances.filter((i) => kindOf(i.id) === selector.resourceKind)
        : instances;
      const resolved = resolveName(selector.pattern, ofKind, config);
      if (!resolved.ok || !selector.resourceKind) return resolved;
      const canonical = { ...resolved.target.selector, resourceKind: selector.resourceKind };
      return found(canonical as Selector, resolved.target.matched);
    }
  }
}

function resolveName(
  pattern: string,
  instances: readonly FleetInstance[],
  config: StopinatorConfig,
): TargetResolution {
  const named = (i: FleetInstance) => namesOf(i);
  if (isGlob(pattern)) {
    const matched = instances.filter((i) => named(i).some((n) => nameMatches(pattern, n)));
    if (matched.length > 0) return found({ kind: 'name', pattern }, matched);
    const stem = pattern.replace(/[*?].*$/, '');
    const close = suggest(stem || pattern, names(instances, config));
    return notFound(`No instance name matches ${pattern}`, close);
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
  return notFound(`No instance named ${pattern}`, suggest(pattern, names(instances, config)));
}

function found(selector: Selector, matched: readonly FleetInstance[]): TargetResolution {
  return { ok: true, target: { selector, matched, label: describeSelector(selector) } };
}

function notFound(lead: string, suggestions: readonly string[]): TargetResolution {
  const hint = suggestions.length > 0 ? ` Did you mean ${orList([...suggestions])}?` : '';
  return { ok: false, error: `${lead}.${hint}`, missing: true, suggestions };
}

function names(instances: readonly FleetInstance[], config: StopinatorConfig): string[] {
  return [...instances.flatMap(namesOf), ...config.schedules.keys()];
}

export function scheduleOf(instance: FleetInstance, config: StopinatorConfig): string | undefined {
  const taking = participation(instance, config);
  return taking.kind === 'scheduled' ? taking.schedule.name : undefined;
}
