import type { Billing } from './billing.js';
import { DEFAULT_SCHEDULE_VALUES, EXCLUDED_VALUES, type StopinatorConfig } from './config.js';
import { bareId, kindOf } from './resource-kind.js';
import type { Schedule } from './schedule.js';

export type InstanceState =
  | 'pending'
  | 'running'
  | 'stopping'
  | 'stopped'
  | 'shutting-down'
  | 'terminated';

/** An EC2 instance as the stopinator sees it. */
export interface FleetInstance {
  readonly id: string;
  readonly region: string;
  readonly state: InstanceState;
  readonly tags: Readonly<Record<string, string>>;
  /** When the stopinator stopped it, from its stop mark tag; undefined when it did not. */
  readonly stoppedByStopinatorAt?: number;
  /** When it was last started (EC2's LaunchTime), when known. */
  readonly startedAt?: number;
  /** When the stop mark says the stopinator stopped it, whatever its state now. */
  readonly markedAt?: number;
  /**
   * Why the stopinator must leave it alone although it is tagged, as its adapter saw it
   * ("managed by Auto Scaling group web", "member of cluster aurora-1", "read replica of db-1").
   */
  readonly leftAlone?: string;
  /** Why it is in its state, when its service says (EC2's StateReason code). */
  readonly stateReason?: string;
  /** What it is billed for while it runs (instance type, class...), for savings. */
  readonly billing?: Billing;
}

/** How an instance takes part, decided from its tag. */
export type Participation =
  | { readonly kind: 'scheduled'; readonly schedule: Schedule }
  | { readonly kind: 'excluded'; readonly value: string }
  | { readonly kind: 'unknown-schedule'; readonly value: string }
  | { readonly kind: 'left-alone'; readonly why: string }
  | { readonly kind: 'untagged' };

/** The tag holding the time the stopinator stopped an instance; cleared when it starts it. */
export function stopMarkTagKey(tagKey: string): string {
  return `${tagKey}:stopped-at`;
}

/**
 * The tag holding a stopped Auto Scaling group's capacity (min/desired/max); the stop mark goes
 * with it. Here beside the stop mark: the adapter writes both, the scheduler's IAM role allows both.
 */
export function capacityTagKey(tagKey: string): string {
  return `${tagKey}:capacity`;
}

/**
 * The key a snooze stores for what it covers, unique across regions: `eu-west-1/i-0abc…`.
 * Resource kinds and accounts extend it (`<account>/<region>/<kind>/<id>`) when they join.
 */
export function resourceKey(instance: Pick<FleetInstance, 'region' | 'id'>): string {
  return `${instance.region}/${instance.id}`;
}

/** The Name tag, else the identifier its service knows it by (RDS identifier, ASG name, id). */
export function displayName(instance: FleetInstance): string {
  const name = instance.tags.Name?.trim();
  return name ? name : bareId(instance.id);
}

/** The names a target may use for it: its display name, and its identifier when different. */
export function namesOf(instance: FleetInstance): string[] {
  const shown = displayName(instance);
  const identifier = bareId(instance.id);
  return kindOf(instance.id) !== 'ec2' && identifier !== shown ? [shown, identifier] : [shown];
}

export function participation(instance: FleetInstance, config: StopinatorConfig): Participation {
  const raw = instance.tags[config.tagKey];
  if (raw === undefined) return { kind: 'untagged' };
  if (instance.leftAlone) return { kind: 'left-alone', why: instance.leftAlone };
  const value = raw.trim().toLowerCase();
  if ((EXCLUDED_VALUES as readonly string[]).includes(value))
    return { kind: 'excluded', value: raw };
  const name = (DEFAULT_SCHEDULE_VALUES as readonly string[]).includes(value)
    ? config.defaultSchedule
    : value;
  const schedule = config.schedules.get(name);
  return schedule ? { kind: 'scheduled', schedule } : { kind: 'unknown-schedule', value: raw };
}

/** How far EC2's own stop time may lie from the stop mark for the mark to still count. */
export const STOP_MARK_TOLERANCE_MS = 10 * 60_000;

/**
 * Whether the stopinator stopped this instance, so the morning start may restart it. The mark
 * alone is not enough: a mark can outlive its stop when a person started the instance and
 * later stopped it by hand. When EC2 says when the last stop happened (`transitionAt`), that
 * stop must lie within the tolerance of the mark; when it does not say, the mark is trusted.
 */
export function stoppedByStopinator(
  markAt: number | undefined,
  state: InstanceState,
  transitionAt: number | undefined,
): boolean {
  if (markAt === undefined || Number.isNaN(markAt)) return false;
  if (state !== 'stopped' && state !== 'stopping') return false;
  if (transitionAt === undefined) return true;
  return Math.abs(transitionAt - markAt) <= STOP_MARK_TOLERANCE_MS;
}
