/**
 * One scheduler run at a stop edge for a fleet of every kind (EC2 instances, RDS databases,
 * Aurora clusters, Auto Scaling groups), on the real adapters against moto: the requests it
 * makes per region and kind, and its wall time against the bare listing of every kind in
 * every region, all in parallel, measured in the same process.
 */
import { ALL_KINDS, KINDS } from '../../src/core/resource-kind.js';
import { runScheduler } from '../../src/scheduler/run-scheduler.js';
import { resetMoto, startMoto } from '../../test/support/moto.js';
import { withGroupCpu } from './group-cpu.js';
import { type KindCall, type KindCounts, kindsBenchFleet } from './kinds-fleet.js';
import { type BenchSection, median } from './section.js';

// Tuesday 24 November 2026, 20:00 Paris: everything stops.
const STOP_EDGE = Date.parse('2026-11-24T19:00:00Z');
const WINDOW_START = STOP_EDGE - 5 * 60_000;
const FLEET = new Map<string, KindCounts>([
  ['eu-west-1', { ec2: 300, rds: 50, cluster: 10, asg: 20 }],
  ['us-east-1', { ec2: 5, rds: 0, cluster: 0, asg: 0 }],
]);
/** What the run may cost over the bare listing. */
const GOAL = 1.5;

export const KINDS_COLUMNS = ['where', 'resources', 'requests', 'by operation'] as const;

export async function measureKindsRun(options: {
  runs: number;
  log(message: string): void;
}): Promise<{ rows: string[][]; ratio: number; notes: string[] }> {
  const moto = await startMoto();
  try {
    await resetMoto(moto.endpoint);
    options.log('scheduler kinds: seeding...');
    const fleet = await kindsBenchFleet(moto.endpoint, FLEET);
    const run = async () => {
      fleet.calls.length = 0;
      const ownBefore = process.cpuUsage();
      const {
        value: summary,
        ms,
        cpuMs,
      } = await withGroupCpu(moto.pid, () => runScheduler(fleet.deps, STOP_EDGE));
      const own = process.cpuUsage(ownBefore);
      if (summary.stopped !== fleet.size || summary.failed !== 0)
        throw new Error(`expected ${fleet.size} stopped, got ${JSON.stringify(summary)}`);
      return {
        ms,
        motoCpuMs: cpuMs,
        ownCpuMs: (own.user + own.system) / 1000,
        calls: [...fleet.calls],
      };
    };
    const bareMs: number[] = [];
    const bareCpu: number[] = [];
    const bare = async () => {
      const { value: listed, ms, cpuMs } = await withGroupCpu(moto.pid, () => fleet.bareList());
      if (listed !== fleet.size) throw new Error(`listed ${listed}, not ${fleet.size}`);
      return { ms, cpuMs };
    };
    const timedBare = async () => {
      const { ms, cpuMs } = await bare();
      bareMs.push(ms);
      bareCpu.push(cpuMs);
    };
    // Warm-up: moto's first calls of each service are slow, and so are the SDK's.
    await fleet.reset(WINDOW_START);
    await bare();
    await run();

    options.log(`scheduler kinds: ${fleet.size} resources, ${options.runs} runs...`);
    const runMs: number[] = [];
    const runMotoCpu: number[] = [];
    const runOwnCpu: number[] = [];
    const floorMs: number[] = [];
    let calls: KindCall[] = [];
    for (let i = 0; i < options.runs; i++) {
      // Alternate the order, so that neither always follows the other on moto.
      await fleet.reset(WINDOW_START);
      if (i % 2 === 0) await timedBare();
      const done = await run();
      runMs.push(done.ms);
      runMotoCpu.push(done.motoCpuMs);
      runOwnCpu.push(done.ownCpuMs);
      calls = done.calls;
      if (i % 2 === 1) {
        await fleet.reset(WINDOW_START);
        await timedBare();
      }
      await fleet.reset(WINDOW_START);
      const started = performance.now();
      const listed = await fleet.bareList();
      if (listed !== fleet.size) throw new Error(`listed ${listed}, not ${fleet.size}`);
      await fleet.bareStops();
      floorMs.push(performance.now() - started);
    }
    const motoCpu = median(runMotoCpu);
    const runMedian = median(runMs);
    const bareMedian = median(bareMs);
    const floorMedian = median(floorMs);
    const ratio = runMedian / bareMedian;
    const rows: string[][] = [];
    for (const [region, counts] of FLEET) {
      for (const kind of ALL_KINDS) {
        const { label } = KINDS[kind];
        rows.push(requestRow(`${region} ${label}`, counts[kind], calls, region, label));
      }
    }
    rows.push(requestRow('DynamoDB (the table)', undefined, calls, 'DynamoDB', 'DynamoDB'));
    const lists = calls.filter((c) => /^Describe/.test(c.operation)).length;
    rows.push(
      ['whole run', String(fleet.size), String(calls.length), `median ${runMedian.toFixed(0)} ms`],
      [
        'bare listing, every kind and region in parallel',
        String(fleet.size),
        String(lists),
        `median ${bareMedian.toFixed(0)} ms`,
      ],
      ['run / bare listing', '', '', `${ratio.toFixed(2)}× (goal ≤ ${GOAL}×)`],
      [
        'bare listing, then the bare stop calls (no marks, no journal)',
        String(fleet.size),
        String(lists + stopCalls(calls)),
        `median ${floorMedian.toFixed(0)} ms`,
      ],
      ['run / bare listing and stops', '', '', `${(runMedian / floorMedian).toFixed(2)}×`],
    );
    if (Number.isFinite(motoCpu))
      rows.push(
        [
          "moto's CPU time while the run waits on it",
          '',
          '',
          `median ${motoCpu.toFixed(0)} ms (${((100 * motoCpu) / runMedian).toFixed(0)}% of the run's wall time)`,
        ],
        [
          "moto's CPU time for the run / bare listing's wall time",
          '',
          '',
          `${(motoCpu / bareMedian).toFixed(2)}×`,
        ],
      );
    const slowest = [...groupTimes(calls)]
      .sort((a, b) => b[1].total - a[1].total)
      .slice(0, 6)
      .map(
        ([key, t]) =>
          `${key} ${t.count}× median ${median(t.ms).toFixed(0)} ms (${t.total.toFixed(0)} ms in all)`,
      );
    return {
      rows,
      ratio,
      notes: [
        `${options.runs} runs after one warm-up run; moto in server mode on 127.0.0.1, one process for every service.`,
        ...(Number.isFinite(motoCpu)
          ? [
              `moto's CPU time is its process group's user and system time in /proc (10 ms ticks), read before and after. moto's Python serves requests one at a time under its interpreter lock, on one core, so on moto the run takes at least its moto CPU time, ${(motoCpu / bareMedian).toFixed(2)}× the bare listing, whatever the run does. The bare listing keeps moto busy for ${median(bareCpu).toFixed(0)} ms of its ${bareMedian.toFixed(0)} ms; the run's own process used ${median(runOwnCpu).toFixed(0)} ms of CPU (median).`,
            ]
          : []),
        `Where the last run's call time went (calls overlap: per kind and region in parallel): ${slowest.join('; ')}.`,
      ],
    };
  } finally {
    await moto.stop();
  }
}

/** The calls that stop something, as the bare stops make them (one StopInstances per region). */
function stopCalls(calls: readonly KindCall[]): number {
  return calls.filter((c) =>
    ['StopInstances', 'StopDBInstance', 'StopDBCluster', 'UpdateAutoScalingGroup'].includes(
      c.operation,
    ),
  ).length;
}

function requestRow(
  where: string,
  resources: number | undefined,
  calls: readonly KindCall[],
  region: string,
  kind: string,
): string[] {
  const mine = calls.filter((c) => c.where === region && c.kind === kind);
  const counts = new Map<string, number>();
  for (const { operation } of mine) counts.set(operation, (counts.get(operation) ?? 0) + 1);
  const by = [...counts]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([operation, n]) => `${operation} ${n}`)
    .join(', ');
  return [where, resources === undefined ? '–' : String(resources), String(mine.length), by];
}

function groupTimes(calls: readonly KindCall[]) {
  const times = new Map<string, { count: number; total: number; ms: number[] }>();
  for (const call of calls) {
    const key = `${call.operation} (${call.where === 'DynamoDB' ? 'DynamoDB' : `${call.where} ${call.kind}`})`;
    const t = times.get(key) ?? { count: 0, total: 0, ms: [] };
    t.count += 1;
    t.total += call.ms;
    t.ms.push(call.ms);
    times.set(key, t);
  }
  return times;
}

export const schedulerKindsSection: BenchSection = {
  id: 'scheduler-kinds',
  title: 'Scheduler run over every kind: AWS requests per region and kind, and wall time',
  description:
    'One `runScheduler` run at a stop edge (everything stops) on the real adapters (`resourceFleet`) ' +
    'against moto, for 300 EC2 instances, 50 RDS databases, 10 Aurora clusters (one member each) and ' +
    '20 Auto Scaling groups (1/1/2) in eu-west-1, plus 5 instances in us-east-1. Requests are ' +
    "counted with SDK middleware on the run's clients (commands, not retry attempts). Run time is " +
    'the median over the runs, against the median of as many bare listings of every kind ' +
    '(DescribeInstances, DescribeDBInstances, DescribeDBClusters, DescribeAutoScalingGroups) in ' +
    'both regions, all in parallel, interleaved in the same process; everything is started again ' +
    'by hand and the cursor rewound between runs. The last rows put the run against the floor the ' +
    'APIs set: the bare listing followed by the bare stop calls (StopDBInstance, StopDBCluster and ' +
    'UpdateAutoScalingGroup take one resource each, 5 at a time per kind as in the adapters).',
  async run({ runs, log }) {
    const { rows, notes } = await measureKindsRun({ runs, log });
    return { columns: KINDS_COLUMNS, rows, notes };
  },
};
