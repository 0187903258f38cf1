/**
 * Scheduler runs on the real adapters against moto, for fleets of 30, 100 and 300 instances:
 * one at a stop edge, and one between edges (the run of every five minutes, which lists, plans
 * and writes the fleet index). The AWS requests each makes by operation, and its wall time
 * against one bare paginated DescribeInstances of the same fleet, measured in the same process.
 */
import { planRun } from '../../src/core/plan-run.js';
import { runScheduler } from '../../src/scheduler/run-scheduler.js';
import { resetMoto, startMoto } from '../../test/support/moto.js';
import { type BenchFleet, benchFleet, type SentCall } from './scheduler-fleet.js';
import { type BenchSection, median } from './section.js';

const MAIN_REGION = 'eu-west-1';
const SECOND_REGION = 'us-east-1';
const SECOND_REGION_FLEET = 5;
// Tuesday 24 November 2026, 20:00 Paris: every instance of the fleet stops.
const STOP_EDGE = Date.parse('2026-11-24T19:00:00Z');
const WINDOW_START = STOP_EDGE - 5 * 60_000;
// The same Tuesday, 14:00 Paris: every instance runs, nothing is due, no warning.
const BETWEEN_EDGES = Date.parse('2026-11-24T13:00:00Z');
// Each run after a reset (every instance started, the cursor 5 minutes back) but the last: the
// run after the first between edges, which finds the fleet as that one left it.
const KINDS_OF_RUN = [
  { label: '', at: STOP_EDGE, stops: true, reset: true },
  { label: ', between edges, the fleet changed', at: BETWEEN_EDGES, stops: false, reset: true },
  {
    label: ', between edges, nothing changed',
    at: BETWEEN_EDGES + 5 * 60_000,
    stops: false,
    reset: false,
  },
] as const;
const READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem']);
const WRITES = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);

export const SCHEDULER_COLUMNS = [
  'fleet',
  'DescribeInstances',
  'StopInstances',
  'CreateTags',
  'DynamoDB reads',
  'DynamoDB writes',
  'run ms',
  'bare describe ms',
  'ratio',
] as const;

export interface SchedulerBenchResult {
  /** One row per fleet size, in SCHEDULER_COLUMNS order. */
  readonly rows: string[][];
  /** Where a run's time goes, per fleet size: median per call, and the planning. */
  readonly profile: string[];
}

/**
 * For each fleet size, in a fresh moto: `runs` scheduler runs at the stop edge, interleaved
 * with as many bare listings, every instance started again between them.
 */
export async function measureSchedulerRuns(options: {
  fleets?: readonly number[];
  runs: number;
  log(message: string): void;
}): Promise<SchedulerBenchResult> {
  const moto = await startMoto();
  const rows: string[][] = [];
  const profile: string[] = [];
  try {
    for (const size of options.fleets ?? [30, 100, 300]) {
      await resetMoto(moto.endpoint);
      const label = `${size} + ${SECOND_REGION_FLEET}`;
      options.log(`scheduler: seeding ${label} instances...`);
      const fleet = await benchFleet(
        moto.endpoint,
        new Map([
          [MAIN_REGION, size],
          [SECOND_REGION, SECOND_REGION_FLEET],
        ]),
      );
      // Warm-up: moto's first EC2 calls are slow, and so are the SDK's first requests.
      await fleet.reset(WINDOW_START);
      await bare(fleet);
      for (const kind of KINDS_OF_RUN) {
        if (kind.reset) await fleet.reset(kind.at - 5 * 60_000);
        await run(fleet, kind.at, kind.stops);
      }

      options.log(`scheduler: ${label} instances, ${options.runs} runs of each...`);
      const runMs = KINDS_OF_RUN.map((): number[] => []);
      const bareMs: number[] = [];
      const perCall = new Map<string, number[]>();
      const counts: (Map<string, number> | undefined)[] = KINDS_OF_RUN.map(() => undefined);
      for (let i = 0; i < options.runs; i++) {
        // Alternate the order, so that neither always follows the other on moto.
        await fleet.reset(WINDOW_START);
        if (i % 2 === 0) bareMs.push(await bare(fleet));
        for (const [k, kind] of KINDS_OF_RUN.entries()) {
          if (kind.reset) await fleet.reset(kind.at - 5 * 60_000);
          const { ms, calls } = await run(fleet, kind.at, kind.stops);
          runMs[k]?.push(ms);
          const these = countByOperation(calls);
          // Reads run in parallel, so the order varies; the counts must not.
          const sorted = (m: Map<string, number>) => JSON.stringify([...m].sort());
          const before = counts[k];
          if (before && sorted(before) !== sorted(these))
            throw new Error(`requests differ between runs: ${[...before]} / ${[...these]}`);
          counts[k] = these;
          if (kind.stops) {
            for (const call of calls) {
              const key = `${call.operation} (${call.where})`;
              perCall.set(key, [...(perCall.get(key) ?? []), call.ms]);
            }
          }
        }
        if (i % 2 === 1) {
          await fleet.reset(WINDOW_START);
          bareMs.push(await bare(fleet));
        }
      }
      const bareMedian = median(bareMs);
      for (const [k, kind] of KINDS_OF_RUN.entries()) {
        const found = counts[k] ?? new Map<string, number>();
        const runMedian = median(runMs[k] ?? []);
        rows.push([
          `${label}${kind.label}`,
          String(found.get('DescribeInstances') ?? 0),
          String(found.get('StopInstances') ?? 0),
          String(found.get('CreateTags') ?? 0),
          summed(found, READS),
          summed(found, WRITES),
          runMedian.toFixed(0),
          bareMedian.toFixed(0),
          `${(runMedian / bareMedian).toFixed(2)}×`,
        ]);
      }
      const callTimes = [...perCall].map(([key, ms]) => `${key} ${median(ms).toFixed(0)} ms`);
      const planning = await planningMs(fleet, options.runs);
      profile.push(
        `${label} at the stop edge: ${callTimes.join(', ')}; planning (planRun, CPU) ${planning.toFixed(0)} ms`,
      );
    }
  } finally {
    await moto.stop();
  }
  return { rows, profile };
}

async function run(
  fleet: BenchFleet,
  at: number,
  stops: boolean,
): Promise<{ ms: number; calls: SentCall[] }> {
  fleet.calls.length = 0;
  const started = performance.now();
  const summary = await runScheduler(fleet.deps, at);
  const ms = performance.now() - started;
  const expected = stops ? fleet.size : 0;
  if (summary.stopped !== expected || summary.started !== 0 || summary.failed !== 0)
    throw new Error(`expected ${expected} stopped, got ${JSON.stringify(summary)}`);
  return { ms, calls: [...fleet.calls] };
}

async function bare(fleet: BenchFleet): Promise<number> {
  const started = performance.now();
  const listed = await fleet.bareDescribe();
  const ms = performance.now() - started;
  if (listed !== fleet.size) throw new Error(`listed ${listed} instances, not ${fleet.size}`);
  return ms;
}

/** The run's own CPU work between listing and acting: planning the whole fleet. */
async function planningMs(fleet: BenchFleet, runs: number): Promise<number> {
  const { config } = fleet.deps;
  const listed = await Promise.all(config.regions.map((r) => fleet.deps.fleet.listInstances(r)));
  const input = {
    instances: listed.flat(),
    config,
    snoozes: [],
    window: { from: WINDOW_START, to: STOP_EDGE, truncated: false },
  };
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    planRun(input);
    times.push(performance.now() - started);
  }
  return median(times);
}

function countByOperation(calls: readonly SentCall[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { operation } of calls) counts.set(operation, (counts.get(operation) ?? 0) + 1);
  return counts;
}

/** "2 (GetItem 1, Query 1)" */
function summed(counts: ReadonlyMap<string, number>, operations: ReadonlySet<string>): string {
  const these = [...counts].filter(([operation]) => operations.has(operation));
  const total = these.reduce((sum, [, n]) => sum + n, 0);
  return these.length === 0
    ? '0'
    : `${total} (${these.map(([operation, n]) => `${operation} ${n}`).join(', ')})`;
}

export const schedulerSection: BenchSection = {
  id: 'scheduler',
  title: 'Scheduler run: AWS requests and wall time',
  description:
    'One `runScheduler` run at a stop edge (every instance stops), and two between edges (14:00 ' +
    'and 14:05: nothing due, the run of every five minutes, which lists, plans and writes the fleet index): ' +
    'the first after every instance was started again, so each region is rewritten; the second finding ' +
    'the fleet as the first left it, so each region gets only its "seen" item; on the real adapters against ' +
    `moto, for fleets of 30, 100 and 300 instances in ${MAIN_REGION} plus ${SECOND_REGION_FLEET} ` +
    `in ${SECOND_REGION}, each launched by its own RunInstances call. Requests are counted with ` +
    "SDK middleware on the run's clients (commands, not retry attempts; both regions together). " +
    'Run time is the median over the runs, against the median of as many bare paginated, ' +
    'tag-filtered DescribeInstances of the same fleet (both regions in parallel, as the run lists ' +
    'them) interleaved in the same process; every instance is started again and the cursor ' +
    'rewound between runs.',
  async run({ runs, log }) {
    const { rows, profile } = await measureSchedulerRuns({ runs, log });
    return {
      columns: SCHEDULER_COLUMNS,
      rows,
      notes: [
        `${runs} runs per fleet after one warm-up run; moto in server mode on 127.0.0.1.`,
        ...profile.map((line) => `Median time per call inside the run, ${line}.`),
      ],
    };
  },
};
