import type { Billing } from './billing.js';
import type { StopinatorConfig } from './config.js';
import { type FleetIndex, indexEntries } from './fleet-index.js';
import { displayName, type FleetInstance, participation, resourceKey } from './instance.js';
import type { PendingAction } from './journal.js';
import type { RunPlan } from './plan-run.js';
import { KINDS, kindOf } from './resource-kind.js';
import type { Snooze } from './snooze.js';

/** The account of every resource until accounts join (issue 12 fills it in). */
export const DEFAULT_ACCOUNT = 'default';

/**
 * What stopped or started a resource:
 * - `schedule`, `enforce`: its schedule's edge (an `enforce` schedule's level);
 * - `snooze-end`, `wake-end`: the stop that ended a snooze or a wake;
 * - `aws-restart`: AWS started a database after 7 days stopped (and the stopinator stopped it again);
 * - `wake`: someone's `/stopinator wake`; `person`: started outside the stopinator;
 * - `snooze`: a snooze kept it running past its stop (`kept`);
 * - `gone`: terminated, deleted or untagged while stopped.
 */
export type HistoryCause =
  | 'schedule'
  | 'enforce'
  | 'snooze-end'
  | 'wake-end'
  | 'aws-restart'
  | 'wake'
  | 'person'
  | 'snooze'
  | 'gone';

/**
 * One change in a resource's stopped hours, as the scheduler saw it: the stops and starts it
 * made (from its action journal's outcomes), the starts others made (observed at the next run),
 * and the stops snoozes held back. Savings pair them into intervals (stopped-intervals.ts).
 */
export interface HistoryEvent {
  readonly key: string;
  readonly account: string;
  readonly region: string;
  readonly id: string;
  readonly name: string;
  readonly schedule?: string;
  /** The run instant (or, for a start someone else made, the best bound on it). */
  readonly at: number;
  readonly event: 'stopped' | 'started' | 'kept' | 'gone';
  readonly by: HistoryCause;
  /** Who, for wakes and snoozes. */
  readonly who?: string;
  /** `kept`: when the snooze lets the stop happen. */
  readonly until?: number;
  /** What it runs on, as listed then (an Auto Scaling group's before its stop). */
  readonly billing?: Billing;
}

export interface RunHistoryInput {
  /** The run instant. */
  readonly now: number;
  readonly account?: string;
  readonly plan: RunPlan;
  /** The stops and starts this run made that worked. */
  readonly worked: readonly PendingAction[];
  /** What this run listed, per region, before acting. */
  readonly listed: ReadonlyMap<string, readonly FleetInstance[]>;
  /** The index the previous run left: what was stopped by the stopinator then. */
  readonly previous: FleetIndex | undefined;
  readonly snoozes: readonly Snooze[];
  readonly config: StopinatorConfig;
}

const STOP_CAUSE: Partial<Record<PendingAction['code'], HistoryCause>> = {
  'scheduled-stop': 'schedule',
  'enforce-stop': 'enforce',
  'restarted-by-aws': 'aws-restart',
};

/** AWS's automatic start comes at 7 days "or so": an hour early still counts. */
const AUTO_START_SLACK_MS = 3_600_000;

/** The events of one run (pure). */
export function runHistory(input: RunHistoryInput): HistoryEvent[] {
  const account = input.account ?? DEFAULT_ACCOUNT;
  const { now } = input;
  const listed = new Map(
    [...input.listed.values()].flat().map((i) => [resourceKey(i), i] as const),
  );
  const base = (i: FleetInstance, schedule?: string) => ({
    key: resourceKey(i),
    account,
    region: i.region,
    id: i.id,
    name: displayName(i),
    ...(schedule ? { schedule } : {}),
    ...(i.billing ? { billing: i.billing } : {}),
  });
  const events: HistoryEvent[] = [];

  // Starts others made: stopped by the stopinator at the previous run, up (or gone) now.
  for (const region of input.previous?.regions ?? []) {
    if (!input.listed.has(region.region)) continue;
    const since = region.listedAt;
    for (const entry of region.entries) {
      const before = entry.instance;
      if (before.stoppedByStopinatorAt === undefined) continue;
      if (before.state !== 'stopped' && before.state !== 'stopping') continue;
      const key = resourceKey(before);
      const current = listed.get(key);
      const schedule = scheduleOf(current ?? before, input.config);
      if (!current || current.state === 'terminated' || current.state === 'shutting-down') {
        events.push({ ...base(current ?? before, schedule), at: since, event: 'gone', by: 'gone' });
        continue;
      }
      if (current.state !== 'running' && current.state !== 'pending') continue;
      events.push({
        ...base(current, schedule),
        event: 'started',
        ...startedBy(current, key, since),
      });
    }
  }

  for (const d of input.plan.decisions) {
    if ((d.code !== 'postponed' && d.code !== 'kept-running-tonight') || d.at === undefined)
      continue;
    if (d.movedBy?.kind !== 'snooze') continue;
    const instance = listed.get(resourceKey({ region: d.region, id: d.instanceId }));
    if (!instance) continue;
    events.push({
      ...base(instance, d.schedule),
      at: d.at,
      event: 'kept',
      by: 'snooze',
      who: d.movedBy.who,
      until: d.movedBy.until,
    });
  }

  for (const p of input.worked) {
    const instance = listed.get(p.key);
    const common = instance
      ? base(instance, p.schedule)
      : {
          key: p.key,
          account,
          region: p.region,
          id: p.instanceId,
          name: p.name,
          ...(p.schedule ? { schedule: p.schedule } : {}),
        };
    if (p.action === 'stop') {
      const by =
        p.code === 'snooze-ended'
          ? p.ends === 'wake'
            ? 'wake-end'
            : 'snooze-end'
          : (STOP_CAUSE[p.code] ?? 'schedule');
      events.push({ ...common, at: now, event: 'stopped', by });
    } else if (p.action === 'start') {
      events.push({
        ...common,
        at: now,
        event: 'started',
        by: p.code === 'enforce-start' ? 'enforce' : 'schedule',
      });
    }
  }
  return events.sort((a, b) => a.at - b.at);

  function startedBy(
    instance: FleetInstance,
    key: string,
    since: number,
  ): Pick<HistoryEvent, 'at' | 'by' | 'who'> {
    const wake = input.snoozes.find(
      (s) =>
        s.kind === 'wake' &&
        s.createdAt > since - AUTO_START_SLACK_MS &&
        s.createdAt <= now &&
        s.ends.some((e) => e.resources.includes(key)),
    );
    if (wake) {
      return { at: clamp(wake.createdAt, since, now), by: 'wake', who: wake.byName ?? wake.by };
    }
    const after = KINDS[kindOf(instance.id)].autoStartsAfterMs;
    if (
      after !== undefined &&
      instance.markedAt !== undefined &&
      now - instance.markedAt >= after - AUTO_START_SLACK_MS
    ) {
      return { at: since, by: 'aws-restart' };
    }
    // EC2's launch time when it lies between the two runs; else the last run that saw it stopped.
    const startedAt = instance.startedAt;
    const at = startedAt !== undefined && startedAt > since && startedAt <= now ? startedAt : since;
    return { at, by: 'person' };
  }
}

function scheduleOf(instance: FleetInstance, config: StopinatorConfig): string | undefined {
  const taking = participation(instance, config);
  return taking.kind === 'scheduled' ? taking.schedule.name : undefined;
}

function clamp(at: number, from: number, to: number): number {
  return Math.min(Math.max(at, from), to);
}

/** The resources an index says the stopinator holds stopped: their intervals are still open. */
export function stoppedNow(index: FleetIndex | undefined): Map<string, FleetInstance> {
  const stopped = new Map<string, FleetInstance>();
  for (const entry of indexEntries(index)) {
    const i = entry.instance;
    if (i.stoppedByStopinatorAt !== undefined && (i.state === 'stopped' || i.state === 'stopping'))
      stopped.set(resourceKey(i), i);
  }
  return stopped;
}
