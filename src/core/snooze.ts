import type { Selector } from './selector.js';
import {
  addDays,
  formatTimeOfDay,
  instantToLocal,
  localToInstant,
  type TimeOfDay,
} from './zone-time.js';

/** How long a snooze lasts, as the person asked for it. */
export type SnoozeLength =
  /** `2h`, `90m`: counted from the stop it postpones (from now once that stop has passed). */
  | { readonly kind: 'for'; readonly minutes: number }
  /** `until 23:30`: the first 23:30 after now, in the schedule's zone. */
  | { readonly kind: 'until'; readonly time: TimeOfDay }
  /** `tonight`: until the next scheduled start after the stop it postpones. */
  | { readonly kind: 'tonight' };

/**
 * What a snooze does for a group of resources: the stop it postpones and until when. The bot
 * works these out when the snooze is made, for each resource it covers (see snooze-rule.ts),
 * and the scheduler applies exactly them: what the reply said is what happens.
 */
export interface SnoozeEnd {
  /** The schedule the resources were on; an end only applies while they still are. */
  readonly schedule: string;
  /**
   * The scheduled stop it postpones. A wake that needs a stop of its own (woken outside running
   * hours) has `stop === until`: a stop edge the schedule does not have.
   */
  readonly stop: number;
  readonly until: number;
  /** Resource keys (see resourceKey in instance.ts). */
  readonly resources: readonly string[];
  /**
   * A wake of resources stopped by hand: the stop that ends the wake leaves them unmarked, so
   * they go back to being stopped by hand and the morning start leaves them alone.
   */
  readonly unmarked?: boolean;
  /** A wake's own stop (woken outside running hours), not one of the schedule's. */
  readonly own?: boolean;
  /** Set by unsnooze: `until` was cut to just after `at`, so the next run makes the stop. */
  readonly cancelled?: { readonly by: string; readonly byName?: string; readonly at: number };
}

/**
 * A postponement of stops. `snooze` postpones each covered resource's next stop; `wake`
 * records that stopped resources were started through the stopinator and when the schedule
 * should stop them again. Several snoozes may cover a resource: the latest end wins, so a
 * snooze can only ever extend.
 */
export interface Snooze {
  readonly id: string;
  readonly kind: 'snooze' | 'wake';
  /** The target as typed, resolved: for replies, status and unsnooze. */
  readonly selector: Selector;
  readonly length: SnoozeLength;
  /** Slack user id of who asked. */
  readonly by: string;
  /** Display name of who asked, for reasons and logs. */
  readonly byName?: string;
  readonly createdAt: number;
  /** The latest `until` of its ends: for expiry (TTL) and filtering. */
  readonly expiresAt: number;
  readonly ends: readonly SnoozeEnd[];
  /** The store's revision, for conditional updates (unsnooze); absent on a new snooze. */
  readonly revision?: number;
}

/** One end that covers a resource, with its snooze. */
export interface CoveringEnd {
  readonly snooze: Snooze;
  readonly end: SnoozeEnd;
}

/** Resource key to the ends covering it, for a run or a request. */
export function coveringEnds(snoozes: readonly Snooze[]): Map<string, CoveringEnd[]> {
  const byResource = new Map<string, CoveringEnd[]>();
  for (const snooze of snoozes) {
    for (const end of snooze.ends) {
      for (const key of end.resources) {
        const list = byResource.get(key);
        if (list) list.push({ snooze, end });
        else byResource.set(key, [{ snooze, end }]);
      }
    }
  }
  return byResource;
}

export interface EffectiveStop {
  readonly at: number;
  /** The snooze whose end won, when one postponed the stop. */
  readonly by?: Snooze;
  readonly end?: SnoozeEnd;
  /** True when a wake of a hand-stopped resource ends with this stop. */
  readonly unmarked: boolean;
}

/** The scheduled stop pushed back by the ends made for it: the latest end wins. */
export function effectiveStop(
  scheduled: number,
  schedule: string,
  covering: readonly CoveringEnd[],
): EffectiveStop {
  let at = scheduled;
  let winner: CoveringEnd | undefined;
  let unmarked = false;
  for (const candidate of covering) {
    const { end } = candidate;
    if (end.stop !== scheduled || end.schedule !== schedule) continue;
    if (end.unmarked) unmarked = true;
    if (end.until > at) {
      at = end.until;
      winner = candidate;
    }
  }
  return winner ? { at, by: winner.snooze, end: winner.end, unmarked } : { at, unmarked };
}

/** The latest end of a snooze: how long it must be kept. */
export function latestUntil(ends: readonly SnoozeEnd[], floor: number): number {
  return ends.reduce((latest, end) => Math.max(latest, end.until), floor);
}

/** "2h", "until 23:30", "tonight": a length as people typed it. */
export function describeLength(length: SnoozeLength): string {
  switch (length.kind) {
    case 'for': {
      const h = Math.floor(length.minutes / 60);
      const m = length.minutes % 60;
      return h === 0 ? `${m}m` : m === 0 ? `${h}h` : `${h}h${String(m).padStart(2, '0')}`;
    }
    case 'until':
      return `until ${formatTimeOfDay(length.time)}`;
    case 'tonight':
      return 'tonight';
  }
}

/** The first instant strictly after `after` at which the zone's clocks show `time`. */
export function nextLocalTime(time: TimeOfDay, zoneName: string, after: number): number {
  const today = instantToLocal(after, zoneName);
  for (let days = 0; days < 3; days++) {
    const { at } = localToInstant(addDays(today, days), time, zoneName);
    if (at > after) return at;
  }
  throw new RangeError(
    `no ${formatTimeOfDay(time)} in ${zoneName} after ${new Date(after).toISOString()}`,
  );
}
