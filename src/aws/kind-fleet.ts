import type { FleetInstance } from '../core/instance.js';
import type { ActionOutcome, Fleet } from '../core/ports.js';
import { bareId, kindOf, type ResourceKind } from '../core/resource-kind.js';
import { nameMatches } from '../core/selector.js';

/**
 * One resource kind's adapter: how to list, stop and start it, and mark it as stopped by the
 * stopinator. Ids are the core's (kind-prefixed except EC2's); each adapter strips its prefix.
 */
export interface KindFleet {
  readonly kind: ResourceKind;
  /** The tagged resources of this kind in a region, one paginated listing. */
  list(region: string): Promise<FleetInstance[]>;
  stop(
    region: string,
    ids: readonly string[],
    at: number,
    options: { readonly mark: boolean },
  ): Promise<ActionOutcome[]>;
  start(region: string, ids: readonly string[]): Promise<ActionOutcome[]>;
  /** By Name or identifier (wildcards allowed) or ids; listing and filtering is fine. */
  lookUp(
    region: string,
    query: { readonly name?: string; readonly ids?: readonly string[] },
  ): Promise<FleetInstance[]>;
}

/**
 * The fleet of every kind: listing a region lists each kind in parallel (one kind failing
 * fails the region, which the scheduler skips and reports); stops and starts go to the kind
 * each id names.
 */
export class ResourceFleet implements Fleet {
  readonly #kinds: ReadonlyMap<ResourceKind, KindFleet>;

  constructor(kinds: readonly KindFleet[]) {
    this.#kinds = new Map(kinds.map((k) => [k.kind, k]));
  }

  async listInstances(region: string): Promise<FleetInstance[]> {
    const lists = await Promise.all([...this.#kinds.values()].map((k) => k.list(region)));
    return lists.flat();
  }

  async lookUp(
    region: string,
    query: { readonly name?: string; readonly ids?: readonly string[] },
  ): Promise<FleetInstance[]> {
    const lists = await Promise.all(
      [...this.#kinds.values()].map((k) => {
        const ids = query.ids?.filter((id) => kindOf(id) === k.kind);
        if (query.ids && ids?.length === 0) return Promise.resolve([]);
        return k.lookUp(region, {
          ...(query.name ? { name: query.name } : {}),
          ...(ids ? { ids } : {}),
        });
      }),
    );
    return lists.flat();
  }

  stopInstances(
    region: string,
    ids: readonly string[],
    at: number,
    options: { readonly mark?: boolean } = {},
  ): Promise<ActionOutcome[]> {
    return this.#byKind(ids, (kind, own) =>
      kind.stop(region, own, at, { mark: options.mark !== false }),
    );
  }

  startInstances(region: string, ids: readonly string[]): Promise<ActionOutcome[]> {
    return this.#byKind(ids, (kind, own) => kind.start(region, own));
  }

  async #byKind(
    ids: readonly string[],
    call: (kind: KindFleet, ids: string[]) => Promise<ActionOutcome[]>,
  ): Promise<ActionOutcome[]> {
    const groups = new Map<ResourceKind, string[]>();
    for (const id of ids) groups.set(kindOf(id), [...(groups.get(kindOf(id)) ?? []), id]);
    const results = await Promise.all(
      [...groups].map(async ([kind, own]) => {
        const adapter = this.#kinds.get(kind);
        if (!adapter) {
          return own.map((instanceId) => ({
            instanceId,
            ok: false as const,
            code: 'KindNotManaged',
            message: `${kind} is not among the kinds this stopinator manages (resources in the configuration)`,
          }));
        }
        return call(adapter, own);
      }),
    );
    const byId = new Map(results.flat().map((o) => [o.instanceId, o]));
    return ids.map(
      (id) =>
        byId.get(id) ?? { instanceId: id, ok: false, code: 'NoOutcome', message: 'no outcome' },
    );
  }
}

/**
 * Whether a listed resource answers a look-up: one of the ids, or a Name (else its service's
 * identifier) the pattern matches. For the kinds whose look-up is their listing, filtered.
 */
export function answersLookUp(
  resource: FleetInstance,
  query: { readonly name?: string; readonly ids?: readonly string[] },
): boolean {
  return (
    (query.ids === undefined || query.ids.includes(resource.id)) &&
    (query.name === undefined ||
      nameMatches(query.name, resource.tags.Name ?? '') ||
      nameMatches(query.name, bareId(resource.id)))
  );
}

/** Runs `work` for each item, at most `limit` at once (APIs that stop one resource a call). */
export async function eachLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T);
    }
  });
  await Promise.all(lanes);
  return results;
}

/** The outcome of one call for one resource. */
export async function outcomeOf(
  instanceId: string,
  call: () => Promise<unknown>,
): Promise<ActionOutcome> {
  try {
    await call();
    return { instanceId, ok: true };
  } catch (error) {
    return {
      instanceId,
      ok: false,
      code: error instanceof Error ? error.name : 'Error',
      message: error instanceof Error ? error.message : String(error),
    };
  }
}
