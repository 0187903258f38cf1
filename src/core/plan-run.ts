import type { StopinatorConfig } from './config.js';
import { desiredLevel } from './desired-level.js';
import {
  displayName,
  type FleetInstance,
  type InstanceState,
  participation,
  resourceKey,
} from './instance.js';
import { KINDS, kindOf } from './resource-kind.js';
import type { RunWindow } from './run-window.js';
import type { Schedule } from './schedule.js';
import { ScheduleMemo } from './schedule-memo.js';
import { type CoveringEnd, coveringEnds, effectiveStop, type Snooze } from './snooze.js';
import { formatTimeOfDay, instantToLocal } from './zone-time.js';

const MINUTE_MS = 60_000;

export type Action = 'stop' | 'start' | 'warn' | 'none';

/** Why a decision was taken, as a stable code; `reason` says it for people. */
export type DecisionCode =
  | 'scheduled-stop'
  | 'snooze-ended'
  | 'postponed'
  | 'kept-running-tonight'
  | 'already-stopped'
  | 'scheduled-start'
  | 'stopped-by-hand'
  | 'already-running'
  | 'stop-ahead'
  | 'enforce-stop'
  | 'enforce-start'
  | 'excluded'
  | 'unknown-schedule'
  | 'untagged'
  | 'not-manageable'
  | 'restarted-by-aws';

export interface Decision {
  readonly instanceId: string;
  readonly region: string;
  readonly name: string;
  readonly action: Action;
  readonly code: DecisionCode;
  readonly reason: string;
  /** The edge that caused it; undefined for reports that belong to no edge (excluded...). */
  readonly at?: number;
  readonly schedule?: string;
  /** For warnings: when the stop will happen. */
  readonly stopAt?: number;
  /** For warnings: the scheduled stop it is (before snoozes). */
  readonly scheduledStop?: number;
  /**
   * For stops: false when the stop must not mark the instance as stopped by the stopinator
   * (a wake of an instance stopped by hand ends, and it goes back to stopped by hand).
   */
  readonly mark?: false;
  /** Postponed edges and stops that end a snooze or wake: who moved the stop, until when. */
  readonly movedBy?: MovedBy;
}

/** The snooze or wake that moved a stop (savings count what snoozes and wakes cost). */
export interface MovedBy {
  readonly kind: 'snooze' | 'wake';
  readonly who: string;
  readonly until: number;
}

export interface RunPlan {
  readonly window: RunWindow;
  /** Every decision, edges in time order per instance, then reports. */
  readonly decisions: readonly Decision[];
  /** The calls to make: the net effect of the window per instance (a stop then a start cancel). */
  readonly toStop: readonly Decision[];
  readonly toStart: readonly Decision[];
  /** Warnings about stops still ahead of the window's end. */
  readonly warnings: readonly Decision[];
}

export interface PlanInput {
  readonly instances: readonly FleetInstance[];
  readonly config: StopinatorConfig;
  readonly snoozes: readonly Snooze[];
  readonly window: RunWindow;
}

interface SimState {
  state: InstanceState;
  marked: boolean;
}

type Event =
  | { type: 'warn'; at: number; stopAt: number; scheduled: number }
  | { type: 'postponed'; at: number; until: number; by: Snooze; through: boolean }
  | { type: 'stop'; at: number; scheduled: number; by?: Snooze; unmarked: boolean }
  | { type: 'start'; at: number };

/** Plans one run: what to do with each instance for the edges inside `window`, and why. */
export function planRun(input: PlanInput): RunPlan {
  const { config, window } = input;
  const covers = coveringEnds(input.snoozes.filter((s) => s.expiresAt > window.from));
  const memo = new ScheduleMemo();
  const decisions: Decision[] = [];
  const reports: Decision[] = [];
  const toStop: Decision[] = [];
  const toStart: Decision[] = [];
  const warnings: Decision[] = [];

  for (const instance of input.instances) {
    const base = { instanceId: instance.id, region: instance.region, name: displayName(instance) };
    const taking = participation(instance, config);
    if (taking.kind !== 'scheduled') {
      reports.push({ ...base, action: 'none', ...report(taking, config.tagKey) });
      continue;
    }
    if (instance.state === 'terminated' || instance.state === 'shutting-down') {
      reports.push({
        ...base,
        action: 'none',
        code: 'not-manageable',
        reason: `left alone: ${instance.state}`,
        schedule: taking.schedule.name,
      });
      continue;
    }
    const schedule = taking.schedule;
    const covering = covers.get(resourceKey(instance)) ?? [];
    const own = planInstance(instance, schedule, covering, memo, window, config);
    decisions.push(...own.decisions.map((d) => ({ ...base, schedule: schedule.name, ...d })));
    const final = own.final;
    const last = own.decisions.findLast((d) => d.action === 'stop' || d.action === 'start');
    if (last && isUp(instance.state) && !isUp(final.state))
      toStop.push({ ...base, schedule: schedule.name, ...last });
    if (last && !isUp(instance.state) && isUp(final.state))
      toStart.push({ ...base, schedule: schedule.name, ...last });
    for (const d of own.decisions) {
      if (
        d.action === 'warn' &&
        d.stopAt !== undefined &&
        d.stopAt > window.to &&
        isUp(final.state)
      ) {
        warnings.push({ ...base, schedule: schedule.name, ...d });
      }
    }
  }
  return { window, decisions: [...decisions, ...reports], toStop, toStart, warnings };
}

type OwnDecision = Omit<Decision, 'instanceId' | 'region' | 'name'>;

function planInstance(
  instance: FleetInstance,
  schedule: Schedule,
  snoozes: readonly CoveringEnd[],
  memo: ScheduleMemo,
  window: RunWindow,
  config: StopinatorConfig,
): { decisions: OwnDecision[]; final: SimState } {
  const lead = config.slack.warningLeadMinutes * MINUTE_MS;
  const sim: SimState = {
    state: instance.state,
    marked: instance.stoppedByStopinatorAt !== undefined,
  };
  const events = instanceEvents(schedule, snoozes, memo, window, lead);
  const out: OwnDecision[] = [];
  const zone = schedule.timezone;
  const scheduled = `schedule ${schedule.name}`;

  for (const event of events) {
    if (schedule.enforce && event.type !== 'warn') continue;
    switch (event.type) {
      case 'warn':
        if (isUp(sim.state)) {
          out.push({
            action: 'warn',
            code: 'stop-ahead',
            at: event.at,
            stopAt: event.stopAt,
            scheduledStop: event.scheduled,
            reason: `stops at ${clock(event.stopAt, zone)} (${scheduled})`,
          });
        }
        break;
      case 'postponed':
        if (isUp(sim.state)) {
          out.push({
            action: 'none',
            code: event.through ? 'kept-running-tonight' : 'postponed',
            at: event.at,
            movedBy: movedBy(event.by, event.until),
            reason: event.through
              ? `kept running tonight: snoozed by ${who(event.by)} until ${clock(event.until, zone)}`
              : `kept running: snoozed by ${who(event.by)} until ${clock(event.until, zone)}`,
          });
        }
        break;
      case 'stop':
        if (isUp(sim.state)) {
          const mark = event.unmarked ? { mark: false as const } : {};
          const ended = event.by?.kind === 'wake' ? 'wake' : 'snooze';
          out.push(
            event.by
              ? {
                  action: 'stop',
                  code: 'snooze-ended',
                  at: event.at,
                  movedBy: movedBy(event.by, event.at),
                  reason:
                    event.scheduled === event.at
                      ? `stopped: wake by ${who(event.by)} ended at ${clock(event.at, zone)}`
                      : `stopped: ${ended} by ${who(event.by)} ended at ${clock(event.at, zone)} (${scheduled} stops at ${clock(event.scheduled, zone)})`,
                  ...mark,
                }
              : {
                  action: 'stop',
                  code: 'scheduled-stop',
                  at: event.at,
                  reason: `stopped: ${scheduled}, ${clock(event.at, zone)}`,
                  ...mark,
                },
          );
          sim.state = 'stopped';
          sim.marked = !event.unmarked;
        } else {
          out.push({
            action: 'none',
            code: 'already-stopped',
            at: event.at,
            reason: `already ${sim.state} at the ${scheduled} stop`,
          });
        }
        break;
      case 'start':
        if (isUp(sim.state)) {
          out.push({
            action: 'none',
            code: 'already-running',
            at: event.at,
            reason: `already ${sim.state} at the ${scheduled} start`,
          });
        } else if (!sim.marked) {
          out.push({
            action: 'none',
            code: 'stopped-by-hand',
            at: event.at,
            reason: 'left stopped: it was stopped by hand, not by the stopinator',
          });
        } else {
          out.push({
            action: 'start',
            code: 'scheduled-start',
            at: event.at,
            reason: `started: ${scheduled}, ${clock(event.at, zone)}`,
          });
          sim.state = 'running';
          sim.marked = false;
        }
        break;
    }
  }

  if (schedule.enforce) {
    const enforced = enforceLevel(schedule, snoozes, memo, window.to, sim);
    if (enforced) {
      out.push(enforced);
      sim.state = enforced.action === 'stop' ? 'stopped' : 'running';
      sim.marked = enforced.action === 'stop';
    }
  } else {
    const again = restartedByAws(instance, schedule, snoozes, memo, window.to, sim);
    if (again) {
      out.push(again);
      sim.state = 'stopped';
      sim.marked = true;
    }
  }
  return { decisions: out, final: sim };
}

/** The stop, warning and start edges of one instance inside the window, snoozes applied. */
function instanceEvents(
  schedule: Schedule,
  snoozes: readonly CoveringEnd[],
  memo: ScheduleMemo,
  window: RunWindow,
  lead: number,
): Event[] {
  const events: Event[] = [];
  const inWindow = (at: number) => at > window.from && at <= window.to;
  const stops = new Set<number>();
  for (const edge of memo.edges(schedule, window.from, window.to + lead)) {
    if (edge.kind === 'stop') stops.add(edge.at);
    else if (inWindow(edge.at)) events.push({ type: 'start', at: edge.at });
  }
  for (const { end } of snoozes) if (end.schedule === schedule.name) stops.add(end.stop);

  for (const scheduled of stops) {
    const effective = effectiveStop(scheduled, schedule.name, snoozes);
    const nextStart = memo.nextStart(schedule, scheduled);
    const through =
      effective.by !== undefined && nextStart !== undefined && effective.at >= nextStart;
    if (effective.by && inWindow(scheduled)) {
      events.push({
        type: 'postponed',
        at: scheduled,
        until: effective.at,
        by: effective.by,
        through,
      });
    }
    if (through) continue;
    if (inWindow(effective.at)) {
      events.push({
        type: 'stop',
        at: effective.at,
        scheduled,
        unmarked: effective.unmarked,
        ...(effective.by ? { by: effective.by } : {}),
      });
    }
    const warnAt = effective.at - lead;
    // A fresh snooze needs no warning of its own end when that end is already closer than the
    // lead; nor does a cancelled one, whose end is the next run.
    const warnable =
      !effective.by || (warnAt >= effective.by.createdAt && !effective.end?.cancelled);
    if (lead > 0 && warnable && inWindow(warnAt))
      events.push({ type: 'warn', at: warnAt, stopAt: effective.at, scheduled });
  }
  const order = { warn: 0, postponed: 1, stop: 2, start: 3 } as const;
  return events.sort((a, b) => a.at - b.at || order[a.type] - order[b.type]);
}

/** For `enforce` schedules: the desired state at `at`, applied whatever the edges say. */
function enforceLevel(
  schedule: Schedule,
  snoozes: readonly CoveringEnd[],
  memo: ScheduleMemo,
  at: number,
  sim: SimState,
): OwnDecision | undefined {
  const { wanted, because } = desiredLevel(schedule, snoozes, at, memo);
  const scheduled = `schedule ${schedule.name} (enforced)`;
  if (wanted === 'up' && (sim.state === 'stopped' || sim.state === 'stopping')) {
    return {
      action: 'start',
      code: 'enforce-start',
      at,
      reason: `started: ${scheduled}, ${because}`,
    };
  }
  if (wanted === 'down' && isUp(sim.state)) {
    return {
      action: 'stop',
      code: 'enforce-stop',
      at,
      reason: `stopped: ${scheduled}, ${because}`,
    };
  }
  return undefined;
}

/**
 * AWS starts a stopped RDS database or cluster again after 7 days, and leaves it running. One
 * found running with a stop mark that old (a person starting it would have done it sooner, and
 * the stopinator's own start removes the mark) while the schedule says off is stopped again,
 * once it is up: while it is still starting, RDS refuses the stop.
 */
function restartedByAws(
  instance: FleetInstance,
  schedule: Schedule,
  snoozes: readonly CoveringEnd[],
  memo: ScheduleMemo,
  at: number,
  sim: SimState,
): OwnDecision | undefined {
  const after = KINDS[kindOf(instance.id)].autoStartsAfterMs;
  const marked = instance.markedAt;
  if (after === undefined || marked === undefined || sim.state !== 'running') return undefined;
  if (at - marked < after - AUTO_START_SLACK_MS) return undefined;
  if (desiredLevel(schedule, snoozes, at, memo).wanted === 'up') return undefined;
  const days = Math.round((at - marked) / 86_400_000);
  return {
    action: 'stop',
    code: 'restarted-by-aws',
    at,
    reason: `stopped again: AWS started it after ${days} days stopped, and schedule ${schedule.name} says off`,
  };
}

/** AWS's automatic start comes at 7 days "or so": an hour early still counts. */
const AUTO_START_SLACK_MS = 3_600_000;

function report(
  taking: Exclude<ReturnType<typeof participation>, { kind: 'scheduled' }>,
  tagKey: string,
): Pick<Decision, 'code' | 'reason'> {
  switch (taking.kind) {
    case 'excluded':
      return { code: 'excluded', reason: `left alone: tag ${tagKey}=${taking.value}` };
    case 'unknown-schedule':
      return {
        code: 'unknown-schedule',
        reason: `left alone: unknown schedule "${taking.value}" in tag ${tagKey}`,
      };
    case 'untagged':
      return { code: 'untagged', reason: `left alone: no ${tagKey} tag` };
    case 'left-alone':
      return { code: 'not-manageable', reason: `left alone: ${taking.why}` };
  }
}

function isUp(state: InstanceState): boolean {
  return state === 'running' || state === 'pending';
}

function movedBy(snooze: Snooze, until: number): MovedBy {
  return { kind: snooze.kind, who: snooze.byName ?? snooze.by, until };
}

function who(snooze: Snooze): string {
  return `@${snooze.byName ?? snooze.by}`;
}

function clock(at: number, zone: string): string {
  return `${formatTimeOfDay(instantToLocal(at, zone))} ${zone}`;
}

/** The instances as they will be once the plan's calls succeed: what the next run sees. */
export function applyPlan(instances: readonly FleetInstance[], plan: RunPlan): FleetInstance[] {
  const key = (d: Decision) => resourceKey({ region: d.region, id: d.instanceId });
  const stopped = new Map(plan.toStop.map((d) => [key(d), d]));
  const started = new Set(plan.toStart.map(key));
  return instances.map((instance) => {
    const stop = stopped.get(resourceKey(instance));
    const { stoppedByStopinatorAt: _cleared, ...unmarked } = instance;
    if (stop !== undefined) {
      return stop.mark === false
        ? { ...unmarked, state: 'stopped' }
        : { ...instance, state: 'stopped', stoppedByStopinatorAt: stop.at ?? plan.window.to };
    }
    if (started.has(resourceKey(instance))) return { ...unmarked, state: 'running' };
    return instance;
  });
}
