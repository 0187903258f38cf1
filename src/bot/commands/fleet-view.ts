import { accountOfPlace, HUB_ACCOUNT, workedPlaces } from '../../core/account.js';
import type { StopinatorConfig } from '../../core/config.js';
import { type FleetIndex, indexedInstances } from '../../core/fleet-index.js';
import { type FleetInstance, resourceKey } from '../../core/instance.js';
import type { Fleet } from '../../core/ports.js';
import type { Snooze } from '../../core/snooze.js';
import { parseTarget, type ResolvedTarget, resolveTarget } from '../../core/target.js';
import type { BotDeps, CommandRequest } from '../bot-deps.js';
import { beforeDeadline, DeadlineError } from '../deadline.js';

/** The fleet and the snoozes as a command sees them. */
export interface FleetView {
  readonly instances: readonly FleetInstance[];
  readonly snoozes: readonly Snooze[];
  readonly index?: FleetIndex;
  /** Where the instances come from: the scheduler's index, or EC2 when there is none yet. */
  readonly source: 'index' | 'live';
}

/**
 * Every place listed in parallel (the hub's regions, or the member accounts' regions): one
 * paginated DescribeInstances each. `index` names the places of accounts the organization gave.
 */
export async function listFleet(
  fleet: Fleet,
  config: StopinatorConfig,
  index?: FleetIndex,
): Promise<FleetInstance[]> {
  const places = workedPlaces(config, placesIn(index));
  const perPlace = await Promise.all(places.map((place) => fleet.listInstances(place)));
  return perPlace.flat();
}

function placesIn(index: FleetIndex | undefined): string[] {
  return (index?.regions ?? []).map((r) => r.region);
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

/** Places asked at once by a live look-up: each may first need its account's role. */
export const LOOKUP_PLACES_MAX = 12;
/** The time a look-up needs in a member account: AssumeRole, then DescribeInstances. */
export const LOOKUP_THROUGH_ROLE_MS = 900;

/**
 * Resolves a target in the view. A Name or id the index does not know (an instance launched
 * since the last run) is looked up in EC2 before it is refused: one filtered
 * DescribeInstances per place (in the target's account only, when it names one), inside the
 * reply deadline. When that cannot fit (member accounts, whose roles take a call each, and
 * too little time or too many places), it is not tried and the refusal says so.
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
  const ask = lookUpOf(text, view, deps.config);
  if (!ask) return { ok: false, error: first.error };
  const throughRoles = ask.places.some((p) => accountOfPlace(p) !== HUB_ACCOUNT);
  const left = request.deadline - deps.clock();
  if (throughRoles && (ask.places.length > LOOKUP_PLACES_MAX || left < LOOKUP_THROUGH_ROLE_MS)) {
    deps.log.info('live look-up of a target skipped: it would not fit the reply deadline', {
      places: ask.places.length,
      leftMs: left,
    });
    return { ok: false, error: `${first.error} ${NOT_ASKED}` };
  }
  let found: FleetInstance[];
  try {
    found = await beforeDeadline(
      deps
        .fleet()
        .then((fleet) => Promise.all(ask.places.map((place) => fleet.lookUp(place, ask.query)))),
      request.deadline,
      'EC2',
    ).then((perPlace) => perPlace.flat());
  } catch (error) {
    deps.log.warn('live look-up of a target failed', { error });
    return {
      ok: false,
      error: error instanceof DeadlineError ? `${first.error} ${NOT_ASKED}` : first.error,
    };
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

const NOT_ASKED =
  'It may be new: AWS could not be asked within Slack’s time, and the next scheduler run lists it.';

/**
 * What to ask EC2 for a target, and where: its Name or id (schedules and `all` come from the
 * index), in its account's places or in every place worked.
 */
function lookUpOf(
  text: string,
  view: FleetView,
  config: StopinatorConfig,
): { query: { name?: string; ids?: string[] }; places: string[] } | undefined {
  const parsed = parseTarget(text, view.instances, config);
  if (!parsed.ok) return undefined;
  const { selector } = parsed;
  // EC2's tag filters take the same `*` and `?` wildcards (case-sensitive there).
  const query =
    selector.kind === 'instance'
      ? { ids: [selector.id] }
      : selector.kind === 'name'
        ? { name: selector.pattern }
        : undefined;
  if (!query) return undefined;
  const account = selector.account?.id;
  const places = workedPlaces(config, placesIn(view.index)).filter(
    (p) => account === undefined || accountOfPlace(p) === account,
  );
  return { query, places };
}
