/**
 * Issue 12, part 8: one multi-account run at a stop edge (runAccounts, then reportAccounts, as
 * the handler makes it) over 20 member accounts × 3 regions × 100 instances in moto, reached
 * through assumed roles: the requests it makes per operation, and its wall time against the
 * slowest single account-region's bare listing, measured in the same process.
 */
import { eachLimited } from '../../src/aws/kind-fleet.js';
import { parseBatchMessage } from '../../src/core/fan-out.js';
import { workBatch } from '../../src/scheduler/batch-work.js';
import { coordinate } from '../../src/scheduler/fan-out.js';
import {
  ACCOUNT_CONCURRENCY,
  reportAccounts,
  runAccounts,
} from '../../src/scheduler/run-accounts.js';
import { resetMoto, startMoto } from '../../test/support/moto.js';
import { type AccountCall, accountsBenchFleet } from './accounts-fleet.js';
import { withGroupCpu } from './group-cpu.js';
import { type BenchSection, median } from './section.js';

// Tuesday 24 November 2026, 20:00 Paris: every instance stops.
const STOP_EDGE = Date.parse('2026-11-24T19:00:00Z');
const WINDOW_START = STOP_EDGE - 5 * 60_000;
const SHAPE = { accounts: 20, regions: ['eu-west-1', 'us-east-1', 'eu-central-1'], perRegion: 100 };
/** Batches worked at once: the worker's maximumConcurrency (serverless.yml). */
const WORKER_CONCURRENCY = 10;
/** What the run may take over the slowest account-region's listing (issue 12). */
const GOAL = 1.5;

export const ACCOUNTS_COLUMNS = [
  'operation',
  'service',
  'per account-region',
  'whole run',
] as const;

export async function measureAccountsRun(options: {
  runs: number;
  log(message: string): void;
}): Promise<{ rows: string[][]; notes: string[] }> {
  const moto = await startMoto();
  try {
    await resetMoto(moto.endpoint);
    const places = SHAPE.accounts * SHAPE.regions.length;
    options.log(
      `accounts: seeding ${SHAPE.accounts} accounts × ${SHAPE.regions.length} regions × ${SHAPE.perRegion}...`,
    );
    const fleet = await accountsBenchFleet(moto.endpoint, SHAPE);
    const run = async () => {
      fleet.calls.length = 0;
      const {
        value: summary,
        ms,
        cpuMs: motoCpuMs,
      } = await withGroupCpu(moto.pid, async () => {
        const outcomes = await runAccounts(fleet.deps, fleet.accounts, STOP_EDGE);
        return reportAccounts(fleet.deps, outcomes, STOP_EDGE);
      });
      if (summary.stopped !== fleet.size || summary.failed !== 0)
        throw new Error(`expected ${fleet.size} stopped, got ${JSON.stringify(summary)}`);
      return { ms, motoCpuMs, calls: [...fleet.calls] };
    };
    /**
     * The same run as the deployed scheduler makes it at this size (60 > fanOutAbove): the
     * coordinator's messages kept in memory instead of SQS, each worked by workBatch as the
     * worker does, as many at once as its maximumConcurrency lets Lambda run. The run's instant
     * moves by a millisecond a run, so each is a run of its own record.
     */
    const fannedOut = async (i: number) => {
      fleet.calls.length = 0;
      const now = STOP_EDGE + i;
      const sent: { id: string; body: string }[] = [];
      const {
        value: results,
        ms,
        cpuMs: motoCpuMs,
      } = await withGroupCpu(moto.pid, async () => {
        const coordinated = await coordinate(
          {
            config: fleet.deps.config,
            notifier: fleet.deps.notifier,
            log: fleet.deps.log,
            runs: fleet.runs,
            queueUrl: 'bench://worker-queue',
            send: async (_queue, messages) => {
              sent.push(...messages);
            },
          },
          fleet.accounts,
          now,
          new Date(now).toISOString(),
        );
        if (!coordinated) throw new Error('the run did not fan out');
        return eachLimited(sent, WORKER_CONCURRENCY, (m) => {
          const message = parseBatchMessage(m.body);
          return workBatch({ ...fleet.deps, runs: fleet.runs }, message, message.accounts);
        });
      });
      const stopped = results
        .flatMap((r) => r.outcomes)
        .reduce((n, o) => n + (o.summary?.stopped ?? 0), 0);
      // moto applies concurrent updates of one item without isolation: a batch's ADD to the
      // run's count can be lost, and then no batch sees the run complete (DynamoDB would not).
      const reports = results.filter((r) => r.reported).length;
      if (stopped !== fleet.size || reports > 1)
        throw new Error(`fan-out: ${stopped} stopped, ${reports} reports`);
      return {
        ms,
        motoCpuMs,
        calls: [...fleet.calls],
        batches: sent.length,
        reported: reports === 1,
      };
    };
    /** Each account-region's bare listing alone, one after the other: ms by place. */
    const bareEach = async () => {
      const times = new Map<string, number>();
      for (const { id } of fleet.accounts) {
        for (const region of SHAPE.regions) {
          const started = performance.now();
          const found = await fleet.bareList(id, region);
          times.set(`${id} ${region}`, performance.now() - started);
          if (found !== SHAPE.perRegion) throw new Error(`listed ${found} in ${id} ${region}`);
        }
      }
      return times;
    };
    /** Every account-region's bare listing, as the run lists them: accounts 10 at once, regions in parallel. */
    const bareAll = async () => {
      const started = performance.now();
      const queue = [...fleet.accounts];
      await Promise.all(
        Array.from({ length: ACCOUNT_CONCURRENCY }, async () => {
          for (let a = queue.shift(); a; a = queue.shift()) {
            const id = a.id;
            await Promise.all(SHAPE.regions.map((region) => fleet.bareList(id, region)));
          }
        }),
      );
      return performance.now() - started;
    };

    // Warm-up: the first run assumes every role; moto's and the SDK's first calls are slow.
    await within('reset', fleet.reset(WINDOW_START));
    await within('bare listings', bareEach());
    const first = await within('warm-up run', run());
    const firstAssumed = fleet.assumeRoles();

    options.log(
      `accounts: ${fleet.size} instances in ${places} account-regions, ${options.runs} runs...`,
    );
    const runMs: number[] = [];
    const runCpu: number[] = [];
    const fanMs: number[] = [];
    const fanCpu: number[] = [];
    let fanCalls: AccountCall[] = [];
    let batches = 0;
    let unreported = 0;
    const allMs: number[] = [];
    const each = new Map<string, number[]>();
    let calls: AccountCall[] = [];
    for (let i = 0; i < options.runs; i++) {
      options.log(`accounts: run ${i + 1} of ${options.runs}...`);
      await within('reset', fleet.reset(WINDOW_START));
      // Alternate the order, so that neither always follows the other on moto.
      if (i % 2 === 0) allMs.push(await within('every listing', bareAll()));
      const done = await within('run', run());
      runMs.push(done.ms);
      runCpu.push(done.motoCpuMs);
      calls = done.calls;
      if (i % 2 === 1) allMs.push(await within('every listing', bareAll()));
      await within('reset', fleet.reset(WINDOW_START));
      const fanned = await within('fanned-out run', fannedOut(i + 1));
      fanMs.push(fanned.ms);
      fanCpu.push(fanned.motoCpuMs);
      fanCalls = fanned.calls;
      if (!fanned.reported) unreported++;
      batches = fanned.batches;
      for (const [place, ms] of await within('bare listings', bareEach()))
        each.set(place, [...(each.get(place) ?? []), ms]);
    }
    const runMedian = median(runMs);
    const perPlace = [...each].map(([place, ms]) => [place, median(ms)] as const);
    const [slowestPlace, slowestMs] = perPlace.reduce((a, b) => (b[1] > a[1] ? b : a));
    const allMedian = median(allMs);

    const counts = new Map<string, { service: string; n: number }>();
    for (const call of calls) {
      const service = call.where === 'DynamoDB' || call.where === 'STS' ? call.where : 'EC2';
      const key = `${call.operation}\u0000${service}`;
      counts.set(key, { service, n: (counts.get(key)?.n ?? 0) + 1 });
    }
    const rows: string[][] = [...counts]
      .sort((a, b) => a[1].service.localeCompare(b[1].service) || a[0].localeCompare(b[0]))
      .map(([key, { service, n }]) => [
        key.split('\u0000')[0] ?? key,
        service,
        service === 'EC2' ? (n / places).toFixed(n % places === 0 ? 0 : 2) : '–',
        String(n),
      ]);
    rows.push(
      ['AssumeRole, first run (credentials kept after)', 'STS', '–', String(firstAssumed)],
      ['whole run', '', '', `${calls.length} requests, median ${runMedian.toFixed(0)} ms`],
      [
        'slowest single account-region, bare listing',
        'EC2',
        '',
        `${slowestPlace}: median ${slowestMs.toFixed(0)} ms`,
      ],
      [
        'run / slowest account-region listing',
        '',
        '',
        `${(runMedian / slowestMs).toFixed(2)}× (goal ≤ ${GOAL}×)`,
      ],
      [
        `every account-region's bare listing, ${ACCOUNT_CONCURRENCY} accounts at once`,
        'EC2',
        '',
        `median ${allMedian.toFixed(0)} ms`,
      ],
      [
        'run / every listing as the run makes them',
        '',
        '',
        `${(runMedian / allMedian).toFixed(2)}×`,
      ],
      [
        `fanned out: coordinate, then ${batches} batches by workBatch, ${WORKER_CONCURRENCY} at once`,
        '',
        '',
        `${fanCalls.length} requests, median ${median(fanMs).toFixed(0)} ms`,
      ],
      [
        'fanned out / slowest account-region listing',
        '',
        '',
        `${(median(fanMs) / slowestMs).toFixed(2)}× (goal ≤ ${GOAL}×)`,
      ],
      [
        'fanned out / every listing as the run makes them',
        '',
        '',
        `${(median(fanMs) / allMedian).toFixed(2)}×`,
      ],
    );
    const cpuKnown = Number.isFinite(median(runCpu));
    if (cpuKnown)
      rows.push(
        [
          "moto's CPU time while the run waits on it",
          '',
          '',
          `median ${median(runCpu).toFixed(0)} ms (${((100 * median(runCpu)) / runMedian).toFixed(0)}% of the run's wall time); fanned out ${median(fanCpu).toFixed(0)} ms (${((100 * median(fanCpu)) / median(fanMs)).toFixed(0)}%)`,
        ],
        [
          "moto's CPU time for the run / slowest account-region listing",
          '',
          '',
          `${(median(runCpu) / slowestMs).toFixed(2)}×; fanned out ${(median(fanCpu) / slowestMs).toFixed(2)}×`,
        ],
      );
    const dynamoMs = calls.filter((c) => c.where === 'DynamoDB');
    const ec2 = calls.filter((c) => c.where !== 'DynamoDB' && c.where !== 'STS');
    const byOp = (list: readonly AccountCall[]) => {
      const m = new Map<string, number[]>();
      for (const c of list) m.set(c.operation, [...(m.get(c.operation) ?? []), c.ms]);
      return [...m]
        .map(([op, ms]) => `${op} ${ms.length}× median ${median(ms).toFixed(0)} ms`)
        .join(', ');
    };
    return {
      rows,
      notes: [
        `${options.runs} runs after one warm-up run (${first.ms.toFixed(0)} ms, which assumed the ${firstAssumed} roles); moto in server mode on 127.0.0.1, one process for every account and service: the account-regions that AWS would serve in parallel, moto serves a few at a time.`,
        ...(cpuKnown
          ? [
              `moto's CPU time is its process group's user and system time in /proc (10 ms ticks), read before and after. moto's Python serves requests one at a time under its interpreter lock, on one core, so on moto no run of these ${places} account-regions can take less than its moto CPU time, ${(median(runCpu) / slowestMs).toFixed(0)}× one account-region's listing, whatever the stopinator does; on AWS each account-region is served apart.`,
            ]
          : []),
        `The slowest account-region is the median of each one's own bare listings (paginated, tag-filtered DescribeInstances), each alone, ${places} of them after every run; their median is ${median(perPlace.map((p) => p[1])).toFixed(0)} ms.`,
        `Inside the last run: EC2 ${byOp(ec2)}; DynamoDB ${byOp(dynamoMs)}.`,
        `Fanned out, the last run's requests that differ from the run in one invocation: ${differences(calls, fanCalls)}. ${unreported > 0 ? `In ${unreported} of the ${options.runs} fanned-out runs moto lost a batch's count on the run's record (concurrent updates of one item), so no batch told the summary. ` : ''}Its batches share this process's credential cache (warm containers: no AssumeRole) and each makes the reads an invocation shares (the first snooze read, the open outages) for itself, as separate invocations do.`,
      ],
    };
  } finally {
    await moto.stop();
  }
}

/**
 * The step, or an error naming it after STEP_LIMIT_MS: a step that never settles (seen once in
 * a while on moto, with nothing left for Node to wait on) fails the bench saying where, and
 * the timer keeps the process alive until then instead of letting it exit with code 13.
 */
async function within<T>(step: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new Error(`accounts bench: ${step} did not settle in ${STEP_LIMIT_MS / 1000} s`)),
      STEP_LIMIT_MS,
    );
  });
  if (process.env.BENCH_DEBUG) console.error(`step ${step}...`);
  try {
    return await Promise.race([work, late]);
  } finally {
    if (process.env.BENCH_DEBUG) console.error(`step ${step} settled`);
    clearTimeout(timer);
  }
}
const STEP_LIMIT_MS = 180_000;

/** "Query (fleet) 1 → 3, UpdateItem (run) 0 → 4": the operations counted differently. */
function differences(one: readonly AccountCall[], other: readonly AccountCall[]): string {
  const count = (calls: readonly AccountCall[]) => {
    const m = new Map<string, number>();
    for (const c of calls) m.set(c.operation, (m.get(c.operation) ?? 0) + 1);
    return m;
  };
  const a = count(one);
  const b = count(other);
  const ops = [...new Set([...a.keys(), ...b.keys()])].sort();
  const changed = ops.filter((op) => (a.get(op) ?? 0) !== (b.get(op) ?? 0));
  return changed.length === 0
    ? 'none'
    : changed.map((op) => `${op} ${a.get(op) ?? 0} → ${b.get(op) ?? 0}`).join(', ');
}

export const accountsSection: BenchSection = {
  id: 'accounts',
  title: `Many accounts in moto: ${SHAPE.accounts} accounts × ${SHAPE.regions.length} regions × ${SHAPE.perRegion} instances`,
  description:
    'Issue 12, part 8: one multi-account run at a stop edge (`runAccounts` then `reportAccounts`, as the ' +
    'scheduler handler makes them) on the real pieces against moto: AccountRoles assuming each member ' +
    "account's role over STS, PlacedFleet and each account's own EC2 adapter, each account's cursor and " +
    `journal. Each account-region's ${SHAPE.perRegion} instances are made through that account's assumed ` +
    'credentials (invisible to the others), by one RunInstances. Requests are counted with SDK middleware ' +
    "on the run's clients (commands, not retry attempts). Run time is the median over the runs, against the " +
    "slowest single account-region's bare listing and against every account-region's bare listing made as the " +
    'run makes them, measured in the same process; every instance is started again by hand and every ' +
    "account's cursor rewound between runs. At this size (60 account-regions, over fanOutAbove) the " +
    'deployed scheduler fans out: the last rows run the same edge as it does, `coordinate` sending its ' +
    "batches to memory instead of SQS and `workBatch` working each, 10 at once (the worker's maximumConcurrency).",
  async run({ runs, log }) {
    const { rows, notes } = await measureAccountsRun({ runs, log });
    return { columns: ACCOUNTS_COLUMNS, rows, notes };
  },
};
