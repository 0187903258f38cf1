import type { Billing } from './billing.js';
import type { FleetInstance } from './instance.js';
import { displayName } from './instance.js';
import { DEFAULT_ACCOUNT, type HistoryCause, type HistoryEvent } from './stop-history.js';

interface ResourceTimes {
  readonly key: string;
  readonly account: string;
  readonly region: string;
  readonly id: string;
  readonly name: string;
  readonly schedule?: string;
  readonly from: number;
  readonly to: number;
  readonly billing?: Billing;
}

/** A stretch of time a resource was off because the stopinator stopped it. */
export interface StoppedInterval extends ResourceTimes {
  /** `before`: stopped before the first event read (the interval is cut there). */
  readonly stoppedBy: HistoryCause | 'before';
  /** `still-stopped`: it is stopped now (the interval ends now). */
  readonly startedBy: HistoryCause | 'still-stopped';
  /** Who started it, for wakes. */
  readonly who?: string;
}

/** A stretch of time a resource ran although its schedule said off: what a snooze or wake cost. */
export interface UpInterval extends ResourceTimes {
  readonly by: 'snooze' | 'wake';
  readonly who?: string;
}

export interface IntervalInput {
  /** Every event read, in the order the runs wrote them. */
  readonly events: readonly HistoryEvent[];
  /** The instant the events were read from: an interval open then starts there. */
  readonly readFrom: number;
  readonly now: number;
  /** What the fleet index says the stopinator holds stopped now (their intervals are open). */
  readonly stoppedNow: ReadonlyMap<string, FleetInstance>;
  /** A schedule's next start after an instant: a wake costs nothing past it. */
  readonly nextStart?: (schedule: string, after: number) => number | undefined;
}

const CLOSES = new Set<HistoryEvent['event']>(['started', 'gone']);

function byTime(events: readonly HistoryEvent[]): HistoryEvent[] {
  // Stable: events of one instant keep the order the runs wrote them in.
  return [...events].sort((a, b) => a.at - b.at);
}

/**
 * The stopped intervals, paired from the events: a stop opens one, the next start (the
 * schedule's, a wake's, a person's, AWS's) or the resource's end closes it. A close without a
 * stop before it was stopped before the events read; a stop still open is open now only if
 * the fleet index says so: otherwise its start went unseen, and it counts nothing rather than
 * a guess. A second stop without a start between them closes the first at nothing, likewise.
 */
export function stoppedIntervals(input: IntervalInput): StoppedInterval[] {
  const open = new Map<string, HistoryEvent>();
  const seen = new Set<string>();
  const out: StoppedInterval[] = [];
  for (const e of byTime(input.events)) {
    seen.add(e.key);
    if (e.event === 'stopped') {
      open.set(e.key, e);
    } else if (CLOSES.has(e.event)) {
      const opened = open.get(e.key);
      open.delete(e.key);
      const from = opened?.at ?? input.readFrom;
      if (e.at > from) {
        out.push({
          ...times(opened ?? e, from, e.at),
          ...((opened ?? e).billing ? {} : e.billing ? { billing: e.billing } : {}),
          stoppedBy: opened?.by ?? 'before',
          startedBy: e.by,
          ...(e.who ? { who: e.who } : {}),
        });
      }
    }
  }
  for (const [key, opened] of open) {
    if (!input.stoppedNow.has(key) || input.now <= opened.at) continue;
    out.push({
      ...times(opened, opened.at, input.now),
      stoppedBy: opened.by,
      startedBy: 'still-stopped',
    });
  }
  for (const [key, instance] of input.stoppedNow) {
    if (seen.has(key) || input.now <= input.readFrom) continue;
    out.push({
      key,
      account: DEFAULT_ACCOUNT,
      region: instance.region,
      id: instance.id,
      name: displayName(instance),
      from: input.readFrom,
      to: input.now,
      ...(instance.billing ? { billing: instance.billing } : {}),
      stoppedBy: 'before',
      startedBy: 'still-stopped',
    });
  }
  return out;
}

/**
 * What snoozes and wakes kept up: from the stop a snooze held back to the stop that followed
 * (at most its end), and from a wake to the stop that ended it (at most the schedule's next
 * start, when it would have run anyway).
 */
export function upIntervals(input: IntervalInput): UpInterval[] {
  const sorted = byTime(input.events);
  const out: UpInterval[] = [];
  sorted.forEach((e, i) => {
    const wake = e.event === 'started' && e.by === 'wake';
    if (e.event !== 'kept' && !wake) return;
    const next = sorted.slice(i + 1).find((n) => n.key === e.key && n.event !== 'kept');
    const stoppedAt =
      next && (next.event === 'stopped' || next.event === 'gone') ? next.at : undefined;
    const cap = wake ? (e.schedule ? input.nextStart?.(e.schedule, e.at) : undefined) : e.until;
    const to = Math.min(stoppedAt ?? input.now, cap ?? Number.POSITIVE_INFINITY, input.now);
    if (to <= e.at) return;
    out.push({
      ...times(e, e.at, to),
      by: wake ? 'wake' : 'snooze',
      ...(e.who ? { who: e.who } : {}),
    });
  });
  return out;
}

function times(e: HistoryEvent, from: number, to: number): ResourceTimes {
  return {
    key: e.key,
    account: e.account,
    region: e.region,
    id: e.id,
    name: e.name,
    ...(e.schedule ? { schedule: e.schedule } : {}),
    from,
    to,
    ...(e.billing ? { billing: e.billing } : {}),
  };
}
