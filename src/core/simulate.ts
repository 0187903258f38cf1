import type { StopinatorConfig } from './config.js';
import type { FleetInstance } from './instance.js';
import { type Decision, planRun } from './plan-run.js';
import type { Snooze } from './snooze.js';

/** What the timeline shows: the edges that act or explain why nothing acts. */
const SHOWN = new Set<Decision['code']>([
  'scheduled-stop',
  'snooze-ended',
  'postponed',
  'kept-running-tonight',
  'scheduled-start',
  'stopped-by-hand',
  'stop-ahead',
  'enforce-stop',
  'enforce-start',
  'restarted-by-aws',
]);

export interface Simulation {
  /** Decisions on edges, in time order. */
  readonly timeline: readonly Decision[];
  /** Instances the stopinator leaves alone, and why (excluded, unknown schedule...). */
  readonly leftAlone: readonly Decision[];
}

/**
 * The coming hours as the scheduler would live them (pure: nothing is called). One planned
 * window over the whole span: planning threads each instance's state through its edges, so
 * this gives exactly the decisions of the 5-minute runs in turn (test/core/properties.test.ts
 * checks that splitting a window changes nothing).
 */
export function simulate(input: {
  readonly instances: readonly FleetInstance[];
  readonly config: StopinatorConfig;
  readonly snoozes: readonly Snooze[];
  readonly from: number;
  readonly hours: number;
}): Simulation {
  const window = { from: input.from, to: input.from + input.hours * 3_600_000, truncated: false };
  const plan = planRun({
    instances: input.instances,
    config: input.config,
    snoozes: input.snoozes,
    window,
  });
  const timeline = plan.decisions
    .filter((d) => d.at !== undefined && SHOWN.has(d.code))
    .sort((a, b) => (a.at ?? 0) - (b.at ?? 0));
  return { timeline, leftAlone: plan.decisions.filter((d) => d.at === undefined) };
}

/** What a timeline entry does, in one word. */
export type TimelineLabel = 'warn' | 'stop' | 'keep' | 'start' | 'leave';

const LABELS: Partial<Record<Decision['code'], TimelineLabel>> = {
  'stop-ahead': 'warn',
  'scheduled-stop': 'stop',
  'snooze-ended': 'stop',
  'enforce-stop': 'stop',
  'restarted-by-aws': 'stop',
  postponed: 'keep',
  'kept-running-tonight': 'keep',
  'scheduled-start': 'start',
  'enforce-start': 'start',
  'stopped-by-hand': 'leave',
};

export interface TimelineGroup {
  readonly at: number;
  readonly label: TimelineLabel;
  /** The reason without the verb the label already says: "schedule office-hours, 20:00 …". */
  readonly why: string;
  readonly schedule?: string;
  readonly decisions: readonly Decision[];
}

/** The timeline grouped by time and reason, in time order: one line each for people. */
export function groupTimeline(timeline: readonly Decision[]): TimelineGroup[] {
  const groups = new Map<string, Decision[]>();
  for (const d of timeline) {
    const key = `${d.at}\u0000${d.code}\u0000${d.reason}`;
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  return [...groups.values()].map((decisions) => {
    const first = decisions[0] as Decision;
    return {
      at: first.at ?? 0,
      label: LABELS[first.code] ?? 'leave',
      why: reasonWithoutVerb(first.reason),
      ...(first.schedule ? { schedule: first.schedule } : {}),
      decisions,
    };
  });
}

/** Counts of what the timeline does. */
export function countTimeline(
  timeline: readonly Decision[],
): Record<'stop' | 'start' | 'warn', number> {
  const counts = { stop: 0, start: 0, warn: 0 };
  for (const d of timeline) {
    const label = LABELS[d.code];
    if (label === 'stop' || label === 'start' || label === 'warn') counts[label] += 1;
  }
  return counts;
}

/** "stopped: schedule x" → "schedule x". */
export function reasonWithoutVerb(reason: string): string {
  return reason.replace(/^(stopped|started|kept running( tonight)?|left stopped|left alone): /, '');
}
