import type { StopinatorConfig } from '../../core/config.js';
import { type FleetIndex, indexedInstances } from '../../core/fleet-index.js';
import { type FleetInstance, resourceKey } from '../../core/instance.js';
import type { Fleet } from '../../core/ports.js';
import { parseSelector } from '../../core/selector.js';
import type { Snooze } from '../../core/snooze.js';
import { type ResolvedTarget, resolveTarget } from '../../core/target.js';
import type { BotDeps, CommandRequest } from '../bot-deps.js';
import { beforeDeadline } from '../deadline.js';

/** The fleet and the snoozes as a command sees them. */
export interface FleetView {
  readonly instances: readonly FleetInstance[];
  readonly snoozes: readonly Snooze[];
  readonly index?: FleetIndex;
  /** Where the instances come from: the scheduler's index, or EC2 when there is none yet. */
  readonly source: 'index' | 'live';
}

/** Every region listed in parallel: one paginated DescribeInstances each. */
export async function listFleet(fleet: Fleet, config: StopinatorConfig): Promise<FleetInstance[]> {
  const perRegion = await Promise.all(config.regions.map((region) => fleet.listInstances(region)));
  return perRegion.flat();
}

/**
 * The fleet index and the snoozes, read at once (one round trip). Before the first scheduler
 * run there is no index: the fleet is then listed from EC2.
 */
export async function readFleetView(
  deps: BotDeps,
  request: CommandRequest,
  now: number,
): Promise<FleetView> {
  const [index, snoozes] = await beforeDeadline(
    Promise.all([deps.fleetIndex.readIndex(), deps.snoozes.activeSnoozes(now)]),
    request.deadline,
    'DynamoDB',
  );
  if (index) return { instances: indexedInstances(index), snoozes, index, source: 'index' };
  const live = await beforeDeadline(
    deps.fleet().then((fleet) => listFleet(fleet, deps.config)),
    request.deadline,
    'EC2',
  );
  return { instances: live, snoozes, source: 'live' };
}

export type ViewTarget =
  | { readonly ok: true; readonly target: ResolvedTarget; readonly view: FleetView }
  | { readonly ok: false; readonly error: string };

/**
 * Resolves a target in the view. A Name or id the index does not know (an instance launched
 * since the last run) is looked up in EC2 before it is refused: one filtered
 * DescribeInstances per region, inside the reply deadline.
 */
export async function resolveInView(
  deps: BotDeps,
  view: FleetView,
  text: string,
  request: CommandRequest,
): Promise<ViewTarget> {
  const first = resolveTarget(text, view.instances, deps.config);
  if (first.ok) return { ok: true, target: first.target, view };
  if (!first.missing || view.source === 'live') return { ok: false, error: first.error };
  const query = lookUpQuery(text, deps.config);
  if (!query) return { ok: false, error: first.error };
  let found: FleetInstance[];
  try {
    found = await beforeDeadline(
      deps
        .fleet()
        .then((fleet) =>
          Promise.all(deps.config.regions.map((region) => fleet.lookUp(region, query))),
        ),
      request.deadline,
      'EC2',
    ).then((perRegion) => perRegion.flat());
  } catch (error) {
    deps.log.warn('live look-up of a target failed', { error });
    return { ok: false, error: first.error };
  }
  const known = new Set(view.instances.map(resourceKey));
  const added = found.filter((i) => !known.has(resourceKey(i)));
  if (added.length === 0) return { ok: false, error: first.error };
  const wider: FleetView = { ...view, instances: [...view.instances, ...added] };
  const second = resolveTarget(text, wider.instances, deps.config);
  return second.ok
    ? { ok: true, target: second.target, view: wider }
    : { ok: false, error: second.error };
}

/** What to ask EC2 for a target: its Name or id (schedules and `all` come from the index). */
function lookUpQuery(
  text: string,
  config: StopinatorConfig,
): { name?: string; ids?: string[] } | undefined {
  const parsed = parseSelector(text, config.schedules.keys());
  if (!parsed.ok) return undefined;
  const { selector } = parsed;
  if (selector.kind === 'instance') return { ids: [selector.id] };
  // EC2's tag filters take the same `*` and `?` wildcards (case-sensitive there).
  if (selector.kind === 'name') return { name: selector.pattern };
  return undefined;
}
