/**
 * `npm run bench -- scale-model`: the paper model of issue 12's fleet as a BENCHMARKS.md section:
 * the assumptions, the results per kind of run, the limits by how close they come, the batch
 * sizes compared, and the conclusion. Computed, not measured: it takes no time and calls nothing.
 */
import {
  API_LIMITS,
  ASSUMED_LATENCY_MS,
  DEFAULT_OPERATION,
  HEAP_PER_INDEX_ENTRY,
  HUB_LIMITS,
  ISSUE_12_SCALE,
  PRICES,
} from './scale-assumptions.js';
import { RUN_KINDS } from './scale-calls.js';
import { limitUses } from './scale-limits.js';
import {
  defaultInput,
  edgeHeadroom,
  indexRead,
  type ModelInput,
  readUnits,
  type ScaleModel,
  scaleModel,
} from './scale-model.js';
import type { BenchSection, BenchTable } from './section.js';

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const usd = (n: number, digits = 2) => `$${fmt(n, digits)}`;
const seconds = (ms: number) => fmt(ms / 1000, 1);

/** Batch sizes compared: whole accounts of the issue's 4 regions, and a few that split them. */
export const BATCH_SIZES = [4, 8, 20, 40, 100, 200, 500] as const;

/**
 * The batch size to default to: of those whose longest batch takes at most half the worker's
 * timeout (room for throttled calls retried), the one whose stop edge drains soonest; the
 * cheaper of two within a second of each other.
 */
export function recommendedBatchSize(models: readonly ScaleModel[]): ScaleModel {
  const safe = models.filter(
    (m) => m.runs.stop.workerMs / 1000 <= m.input.operation.workerTimeoutSeconds / 2,
  );
  const candidates = safe.length > 0 ? safe : [...models];
  const fastest = Math.min(...candidates.map((m) => m.runs.stop.drain.ms));
  const near = candidates.filter((m) => m.runs.stop.drain.ms <= fastest + 1000);
  return near.reduce((a, b) => (b.month.total < a.month.total ? b : a));
}

export function scaleModelTables(): BenchTable {
  const models = BATCH_SIZES.map((batchSize) => scaleModel(defaultInput({ batchSize })));
  const current =
    models.find((m) => m.input.batchSize === DEFAULT_OPERATION.batchSize) ??
    scaleModel(defaultInput());
  const chosen = recommendedBatchSize(models);
  // As it was before main's d0fe6b1: every invocation read the whole fleet index.
  const whole = BATCH_SIZES.map((batchSize) =>
    scaleModel(
      defaultInput({ batchSize, operation: { ...DEFAULT_OPERATION, readsWholeIndex: true } }),
    ),
  );
  const limits = limitUses(current);
  return {
    ...assumptionsTable(current.input),
    more: [
      {
        title: `Results, at the default ${current.input.batchSize} account-regions a message`,
        table: resultsTable(current),
      },
      {
        title: 'Limits, by how close the worst run comes (share above 1: throttled or late)',
        table: limitsTable(limits),
      },
      {
        title: 'Batch sizes compared (account-regions per SQS message, whole accounts)',
        table: batchTable(models, whole, current, chosen),
      },
      { title: 'Conclusion', table: conclusion(current, chosen, limits) },
    ],
  };
}

function assumptionsTable(input: ModelInput): BenchTable {
  const { scale, operation: op, latency } = input;
  const mix = scale.perAccountRegion;
  const rows: string[][] = [
    [
      'fleet',
      `${fmt(scale.accounts)} accounts × ${scale.regionsPerAccount} regions; per account-region ${mix.ec2} EC2, ${mix.rds} RDS, ${mix.cluster} Aurora clusters (${scale.membersPerCluster} members each), ${mix.asg} Auto Scaling groups`,
      'issue 12; one schedule for all of it (the worst burst: every account-region at the same edge)',
    ],
    [
      'runs',
      `every ${op.intervalMinutes} min (${(24 * 60) / op.intervalMinutes} a day); a stop and a start edge on ${op.edgeDaysPerMonth} of ${op.daysPerMonth} days, each start followed by a verify run`,
      'scheduler.interval default (config.ts); schedules run Monday to Friday by default',
    ],
    [
      'fan-out',
      `above ${op.fanOutAbove} account-regions; ${op.workerConcurrency} accounts at once per invocation, each its regions in parallel; ${op.messagesPerInvocation} message per invocation; ${op.memoryMb} MB`,
      "issue 12 (threshold); run-accounts.ts (accounts at once); the scheduler's 512 MB (serverless.yml)",
    ],
    [
      'snoozes',
      `${op.activeSnoozes} alive at a time, ${fmt(op.snoozeItemBytes)} bytes each`,
      'assumed',
    ],
    [
      'item sizes (measured on the real codecs)',
      `index shard ${fmt(input.sizes.indexShards[0] ?? 0)} B per account-region; pending set ${fmt(input.sizes.pendingShards[0] ?? 0)} B, records ${fmt(input.sizes.recordItems[0] ?? 0)} B, stopped hours ${fmt(input.sizes.historyItems[0] ?? 0)} B per account-region's edge`,
      'scale-items.ts: encodeEntry, shardWrites and gzip over a made-up account-region',
    ],
    [
      'latencies (ms, assumed; decodePerEntry measured)',
      Object.entries(latency)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
      'assumed AWS latencies from a Lambda, warm connections; moto is no guide (see the sections above)',
    ],
    [
      'cold starts billed',
      `${fmt(op.coldStartShare * 100)}% of worker invocations`,
      'assumed; timings count every invocation cold',
    ],
    [
      'table access',
      'per invocation: snoozes read once for all its accounts and again by each (consistent), the open outages once; per account in each message: its own places of the fleet index read (a Query on its sort-key prefix), cursor read and moved, pending set read; at an edge the pending set written, then settled with the records, and the stopped hours; per account-region: its index rewritten at an edge and the run after, its "seen" item on a quiet run; per message: one result item, gathered by one Query. The account is in the sort keys: pk "cursor", "pending", "journal" and "fleet" are shared by every account',
      'run-scheduler.ts run per account by run-accounts.ts, which shares the first snooze read and the outage read (the accounts section above counts them)',
    ],
    [
      'heap per decoded index entry',
      `${fmt(HEAP_PER_INDEX_ENTRY.value)} bytes`,
      HEAP_PER_INDEX_ENTRY.source,
    ],
  ];
  for (const [name, { value, source }] of Object.entries(API_LIMITS)) {
    rows.push([
      `limit: ${name}`,
      `${fmt(value.size)} tokens, ${fmt(value.refillPerSecond)}/s`,
      source,
    ]);
  }
  for (const [name, { value, source }] of Object.entries(HUB_LIMITS)) {
    rows.push([`limit: ${name}`, fmt(value), source]);
  }
  for (const [name, { value, source }] of Object.entries(PRICES)) {
    const price =
      value < 1e-5 ? `$${fmt(value * 1e6, 3)} a million` : value < 0.01 ? `$${value}` : usd(value);
    rows.push([`price: ${name}`, price, source]);
  }
  return { columns: ['assumption', 'value', 'source'], rows };
}

function resultsTable(model: ScaleModel): BenchTable {
  const runs = RUN_KINDS.map((kind) => model.runs[kind]);
  const row = (label: string, cell: (r: (typeof runs)[number]) => string) => [
    label,
    ...runs.map(cell),
  ];
  const rows = [
    row('runs a month', (r) => fmt(model.runsPerMonth[r.kind])),
    row(
      'API calls per account-region (EC2 / RDS / Auto Scaling)',
      (r) =>
        `${r.perAccountRegion.EC2} / ${r.perAccountRegion.RDS} / ${r.perAccountRegion['Auto Scaling']}`,
    ),
    row('API calls, whole run', (r) => fmt(r.apiCalls)),
    row('one account-region (s)', (r) => seconds(r.accountRegionMs)),
    row('SQS messages', (r) => fmt(r.messages)),
    row('Lambda invocations (coordinator included)', (r) => fmt(r.invocations)),
    row('longest worker (s)', (r) => seconds(r.workerMs)),
    row('whole run, queue drained (s)', (r) => seconds(r.drain.ms)),
    row('peak concurrency', (r) => fmt(r.drain.peakConcurrency)),
    row('AssumeRole, at most', (r) => fmt(r.assumeRolesCold)),
    row('DynamoDB read units', (r) => fmt(r.table.readUnits, 1)),
    row('DynamoDB items written', (r) => fmt(r.table.itemsWritten)),
    row('DynamoDB write units', (r) => fmt(r.table.writeUnits)),
    row('of which the fleet index', (r) => fmt(r.table.indexWriteUnits)),
    row('Lambda GB-s', (r) => fmt(r.lambdaGbSeconds, 1)),
    row('SQS requests', (r) => fmt(r.sqsRequests)),
    row('logs (MB)', (r) => fmt(r.logBytes / 1024 ** 2, 1)),
    row('cost per run', (r) => usd(r.cost.total, 4)),
    row('cost per month', (r) => usd(r.cost.total * model.runsPerMonth[r.kind])),
  ];
  const m = model.month;
  return {
    columns: ['per run', 'quiet', 'stop edge', 'start edge', 'verify'],
    rows,
    notes: [
      `A month: ${usd(m.total)} in all: DynamoDB ${usd(m.dynamo)}, Lambda ${usd(m.lambda)}, CloudWatch Logs ${usd(m.logs)}, SQS ${usd(m.sqs)} (idle polling included), EventBridge Scheduler ${usd(m.scheduler)}.`,
      `${fmt(model.accountRegions)} account-regions, ${fmt(model.resources)} resources. AssumeRole "at most": every worker container new; SQS gives a container other accounts each run, so the credential cache saves little.`,
    ],
  };
}

function limitsTable(limits: ReturnType<typeof limitUses>): BenchTable {
  return {
    columns: ['limit', 'allowed', 'asked, worst run', 'run', 'share'],
    rows: limits.map((l) => [l.limit, l.allowed, l.use, l.run, fmt(l.share, 2)]),
  };
}

function batchTable(
  models: readonly ScaleModel[],
  whole: readonly ScaleModel[],
  current: ScaleModel,
  chosen: ScaleModel,
): BenchTable {
  return {
    columns: [
      'batch',
      'messages',
      'longest worker, stop (s)',
      'stop edge drained (s)',
      'quiet run drained (s)',
      'peak concurrency',
      'AssumeRole per run',
      'per month',
      'whole index read: stop edge drained (s)',
      'whole index read: per month',
    ],
    rows: models.map((m, i) => [
      `${m.input.batchSize}${m === current ? ' (default)' : ''}${m === chosen ? ' (recommended)' : ''}`,
      fmt(m.runs.stop.messages),
      seconds(m.runs.stop.workerMs),
      seconds(m.runs.stop.drain.ms),
      seconds(m.runs.quiet.drain.ms),
      fmt(Math.max(...RUN_KINDS.map((k) => m.runs[k].drain.peakConcurrency))),
      fmt(m.runs.stop.assumeRolesCold),
      usd(m.month.total),
      whole[i] ? seconds(whole[i].runs.stop.drain.ms) : '-',
      whole[i] ? usd(whole[i].month.total) : '-',
    ]),
    notes: [
      "The last two columns: the same with every invocation reading the whole fleet index, as run-accounts.ts did before main's d0fe6b1 (and, at this scale, out of memory).",
    ],
  };
}

function conclusion(
  current: ScaleModel,
  chosen: ScaleModel,
  limits: ReturnType<typeof limitUses>,
): BenchTable {
  const headroom = edgeHeadroom(current.input);
  const label = { ec2: 'EC2 instances', rds: 'RDS databases', asg: 'Auto Scaling groups' };
  const [first, second, third] = limits;
  const index =
    current.runs.quiet.table.indexWriteUnits *
    current.runsPerMonth.quiet *
    current.input.prices.dynamoWriteUnit;
  const edge = (m: ScaleModel) =>
    `the stop edge drains in ${seconds(m.runs.stop.drain.ms)} s (${fmt(m.runs.stop.messages)} messages, ${m.input.operation.maxConcurrentBatches} at once, the longest ${seconds(m.runs.stop.workerMs)} s), ${usd(m.month.total)} a month`;
  return {
    columns: ['question', 'answer'],
    rows: [
      [
        'cost per month',
        `${usd(current.month.total)} at the default batch size (${usd(current.runs.quiet.cost.total, 4)} a quiet run, ${usd(current.runs.stop.cost.total, 4)} a stop edge)`,
      ],
      ['binds first', first ? `${first.limit}: ${fmt(first.share, 2)} (${first.use})` : '-'],
      [
        'then',
        [second, third]
          .filter((l) => l !== undefined)
          .map((l) => `${l.limit}: ${fmt(l.share, 2)}`)
          .join('; '),
      ],
      [
        'batch size',
        chosen === current
          ? `keep ${current.input.batchSize}: ${edge(current)}`
          : `${chosen.input.batchSize} account-regions rather than ${current.input.batchSize}: ${edge(chosen)}, against ${edge(current)}. With the worker's maximumConcurrency of ${current.input.operation.maxConcurrentBatches}, fewer, larger batches drain sooner: each invocation pays its cold start once, and its accounts run 10 at once inside it`,
      ],
      [
        'most of one kind per account-region before an edge is throttled',
        headroom.map((h) => `${fmt(h.most)} ${label[h.kind]} (${h.now} now)`).join(', '),
      ],
      [
        'what the bill is',
        `the fleet index: ${usd(index)} of the month's ${usd(current.month.dynamo)} DynamoDB on quiet runs, which write an unchanged account-region's "seen" item (${fmt(current.input.sizes.indexSeen)} B) instead of its shards`,
      ],
    ],
    notes: [
      ...advice(current, limits),
      'The model is only as good as its assumptions: the Auto Scaling bucket and the STS rate are not published, the latencies are assumed; the accounts section above counts the requests of the same code in moto.',
    ],
  };
}

/** What to do about the limits that come closest, in words, with the model's numbers. */
function advice(model: ScaleModel, limits: ReturnType<typeof limitUses>): string[] {
  const share = (prefix: string) => limits.find((l) => l.limit.startsWith(prefix))?.share ?? 0;
  const perMessage = model.input.batchSize / model.input.scale.regionsPerAccount;
  const out: string[] = [];
  const hot = limits.filter((l) =>
    /^DynamoDB partition of pk "(fleet", written|pending|journal)/.test(l.limit),
  );
  const over = hot.filter((l) => l.share > 1);
  if (over.length > 0) {
    out.push(
      `Key layout first: ${over.map((l) => `${l.limit.slice('DynamoDB partition of '.length)} (${fmt(l.share, 2)}× a partition's write units)`).join('; ')}. Every account shares each of these partition keys (the account is in the sort key), so they are throttled and retried unless DynamoDB has split the item collection for heat, which it does by sort key for a table without local secondary indexes, but in reaction to throttling, not ahead of a burst every 5 minutes. The account in the partition key ("fleet#<account>") spreads them over as many partitions as needed.`,
    );
  }
  const whole = indexRead(model.input);
  const ownAccountRegions = Math.min(model.input.batchSize, model.accountRegions);
  const ownHeap =
    (whole.entries / model.accountRegions) * ownAccountRegions * HEAP_PER_INDEX_ENTRY.value;
  const ownReads =
    model.runs.quiet.table.indexReadUnits / Math.max(model.runs.quiet.invocations - 1, 1);
  const perAccount = readUnits(
    (whole.bytes / model.accountRegions) * model.input.scale.regionsPerAccount,
    false,
  );
  const wholeHeap = (whole.entries * HEAP_PER_INDEX_ENTRY.value) / 1024 ** 2;
  out.push(
    model.input.operation.readsWholeIndex
      ? `Every invocation reads and decodes the whole fleet index: ${fmt(whole.entries)} entries, ${fmt(whole.bytes / 1024 ** 2, 1)} MB gzipped, ${fmt(ownReads)} read units, about ${fmt(wholeHeap)} MB of heap in a ${model.input.operation.memoryMb} MB function. Reading each account's own places only (a Query on the sort-key prefix) takes ${fmt(perAccount, 1)} read units an account and about ${fmt(ownHeap / 1024 ** 2)} MB an invocation.`
      : `Each account reads its own places of the fleet index (a Query on its sort-key prefix, main's d0fe6b1): ${fmt(perAccount, 1)} read units an account, about ${fmt(ownHeap / 1024 ** 2)} MB of heap an invocation of ${model.input.batchSize} account-regions. The whole index, which every invocation read before, is ${fmt(whole.entries)} entries, ${fmt(whole.bytes / 1024 ** 2, 1)} MB gzipped and about ${fmt(wholeHeap)} MB decoded: more than the worker's ${model.input.operation.memoryMb} MB.`,
  );
  const tableUse = limits.find((l) => l.limit.startsWith('DynamoDB table, on demand'));
  const table = tableUse?.share ?? 0;
  if (table > 0.5) {
    out.push(
      `A new on-demand table takes ${fmt(table, 2)}× its initial 4,000 write units a second at a ${tableUse?.run ?? 'busy'} run: ${table > 1 ? 'its first such runs are throttled (and retried) until DynamoDB has seen the peak, unless the table is given warm throughput' : 'within it, but with little room for a larger fleet before DynamoDB has seen such a peak (or the table is given warm throughput)'}. A quiet run writes ${fmt(model.runs.quiet.table.indexWriteUnits)} of its ${fmt(model.runs.quiet.table.writeUnits)} write units to the fleet index ("seen" items: an account-region is rewritten only when it changed).`,
    );
  }
  const snooze = share('DynamoDB partition of pk "snooze"');
  if (snooze > 0.5) {
    out.push(
      `Snoozes: every account reads the same partition twice a run (${fmt(snooze, 2)} of its read units at a quiet run, growing with the snoozes alive): reading them once per message instead of once per account divides that by ${fmt(perMessage)}.`,
    );
  }
  const member = limits.filter(
    (l) => l.limit.endsWith('per member account-region') && l.share > 0.5,
  );
  out.push(
    member.length === 0
      ? 'In the member accounts, no throttle comes near: the listing is a handful of pages, EC2 acts in batches of 1,000.'
      : `In the member accounts, only ${member.map((l) => `${l.limit.replace(', per member account-region', '')} (${fmt(l.share, 2)})`).join(', ')} comes near: a group or a database is two calls to stop and two to start, five at a time, where EC2 takes 1,000 instances a call.`,
  );
  return out;
}

export const scaleModelSection: BenchSection = {
  id: 'scale-model',
  title: `Many accounts on paper: ${ISSUE_12_SCALE.accounts} accounts × ${ISSUE_12_SCALE.regionsPerAccount} regions × ${Object.values(ISSUE_12_SCALE.perAccountRegion).reduce((n, v) => n + v, 0)} instances`,
  description:
    'Issue 12, part 4: what the stopinator asks of AWS at this scale, computed by scripts/bench/scale-model.ts ' +
    "from the assumptions below (AWS limits and prices with their sources; the adapters' own page and batch " +
    'sizes, imported from src/aws; DynamoDB item sizes measured on the real codecs; assumed latencies). ' +
    `Nothing is measured against AWS. Runs: quiet (nothing to do: ${DEFAULT_OPERATION.intervalMinutes}-minute runs, most of them), ` +
    'stop and start edges (every resource of every account-region at once), and the verify run after a start.' +
    ` Latencies default to ${ASSUMED_LATENCY_MS.ec2Describe} ms a DescribeInstances page and the like (see the table).`,
  async run() {
    return scaleModelTables();
  },
};
