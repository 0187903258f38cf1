/**
 * Many accounts on paper (issue 12, part 4): from the assumptions (scale-assumptions.ts), what one
 * run of each kind asks of AWS, of Lambda and SQS and of the table, how long it takes, and what
 * it costs, per run and per month. Pure and deterministic: no AWS call, no clock.
 */

import { ENTRIES_PER_SHARD } from '../../src/aws/sharded-list.js';
import {
  API_LIMITS,
  ASSUMED_LATENCY_MS,
  DEFAULT_OPERATION,
  HUB_LIMITS,
  ISSUE_12_SCALE,
  type Latencies,
  type Operation,
  PRICES,
  type Scale,
  type TokenBucket,
} from './scale-assumptions.js';
import {
  accountRegionCalls,
  accountRegionTime,
  type Bucket,
  type BucketUse,
  bucketUse,
  RUN_KINDS,
  type RunKind,
} from './scale-calls.js';
import {
  batchesOf,
  type Drain,
  drain,
  type IndexRead,
  invocationsOf,
  workerMs,
} from './scale-fan-out.js';
import { type ItemSizes, itemSizes } from './scale-items.js';

/** The numbers of a table of sourced assumptions, widened: a test or a what-if may change them. */
type Values<T extends Record<string, { readonly value: unknown }>> = {
  readonly [K in keyof T]: T[K]['value'] extends number ? number : T[K]['value'];
};
const values = <T extends Record<string, { readonly value: unknown }>>(sourced: T): Values<T> =>
  Object.fromEntries(Object.entries(sourced).map(([k, v]) => [k, v.value])) as Values<T>;

export interface ModelInput {
  readonly scale: Scale;
  readonly operation: Operation;
  readonly latency: Latencies;
  readonly limits: Readonly<Record<Bucket, TokenBucket>>;
  readonly hub: Values<typeof HUB_LIMITS>;
  readonly prices: Values<typeof PRICES>;
  readonly sizes: ItemSizes;
  /** Account-regions per SQS message. */
  readonly batchSize: number;
}

export function defaultInput(overrides: Partial<ModelInput> = {}): ModelInput {
  const scale = overrides.scale ?? ISSUE_12_SCALE;
  return {
    scale,
    operation: DEFAULT_OPERATION,
    latency: ASSUMED_LATENCY_MS,
    limits: values(API_LIMITS),
    hub: values(HUB_LIMITS),
    prices: values(PRICES),
    sizes: itemSizes(scale.perAccountRegion),
    batchSize: DEFAULT_OPERATION.batchSize,
    ...overrides,
  };
}

/** Request and capacity units one run takes of the table, and where the hottest land. */
export interface TableUse {
  readonly readUnits: number;
  readonly writeUnits: number;
  /** pk "snooze": every invocation reads the organisation's snoozes, twice, consistently. */
  readonly snoozeReadUnits: number;
  /** pk "fleet": every invocation reads the whole index. */
  readonly indexReadUnits: number;
  /** pk "fleet": every account-region's index rewritten (the account in the sort key). */
  readonly indexWriteUnits: number;
  /** pk "pending": every account's pending set written and settled at an edge. */
  readonly pendingWriteUnits: number;
  /** pk "journal": every account's records and stopped hours. */
  readonly journalWriteUnits: number;
  /** Items put (transactions counted item by item). */
  readonly itemsWritten: number;
}

export interface RunCost {
  readonly lambda: number;
  readonly sqs: number;
  readonly dynamo: number;
  readonly scheduler: number;
  readonly logs: number;
  readonly total: number;
}

export interface RunModel {
  readonly kind: RunKind;
  /** Calls to the member accounts' APIs, one account-region, by service. */
  readonly perAccountRegion: Readonly<Record<'EC2' | 'RDS' | 'Auto Scaling', number>>;
  /** Calls to the member accounts' APIs, whole run. */
  readonly apiCalls: number;
  readonly accountRegionMs: number;
  readonly fanOut: boolean;
  readonly messages: number;
  readonly invocations: number;
  /** The longest worker invocation (or the one invocation without fan-out). */
  readonly workerMs: number;
  readonly drain: Drain;
  /** AssumeRole calls when every container is new (the most a run can make). */
  readonly assumeRolesCold: number;
  readonly table: TableUse;
  readonly lambdaGbSeconds: number;
  readonly sqsRequests: number;
  readonly logBytes: number;
  readonly cost: RunCost;
  readonly buckets: readonly BucketUse[];
}

export interface ScaleModel {
  readonly input: ModelInput;
  readonly accountRegions: number;
  readonly resources: number;
  readonly runs: Readonly<Record<RunKind, RunModel>>;
  readonly runsPerMonth: Readonly<Record<RunKind, number>>;
  readonly month: RunCost;
  /** One invocation working everything, without fan-out (Lambda stops any at 900 s). */
  readonly singleInvocationMs: number;
}

export function scaleModel(input: ModelInput): ScaleModel {
  const { scale, operation } = input;
  const accountRegions = scale.accounts * scale.regionsPerAccount;
  const { ec2, rds, cluster, asg } = scale.perAccountRegion;
  const runs = Object.fromEntries(RUN_KINDS.map((kind) => [kind, runModel(input, kind)])) as Record<
    RunKind,
    RunModel
  >;
  const perDay = (24 * 60) / operation.intervalMinutes;
  const edges = operation.edgeDaysPerMonth;
  const runsPerMonth: Record<RunKind, number> = {
    quiet: perDay * operation.daysPerMonth - 3 * edges,
    stop: edges,
    start: edges,
    verify: edges,
  };
  const sum = (key: keyof RunCost) =>
    RUN_KINDS.reduce((n, kind) => n + runs[kind].cost[key] * runsPerMonth[kind], 0);
  const stopMs = accountRegionTime(scale, 'stop', input.latency).total;
  return {
    input,
    accountRegions,
    resources: accountRegions * (ec2 + rds + cluster + asg),
    runs,
    runsPerMonth,
    month: {
      lambda: sum('lambda'),
      sqs: sum('sqs') + operation.idleSqsReceivesPerMonth * input.prices.sqsRequest,
      dynamo: sum('dynamo'),
      scheduler: sum('scheduler'),
      logs: sum('logs'),
      total: sum('total') + operation.idleSqsReceivesPerMonth * input.prices.sqsRequest,
    },
    singleInvocationMs: workerMs(
      { accountRegions, accounts: scale.accounts },
      stopMs,
      indexRead(input),
      operation,
      input.latency,
    ),
  };
}

function runModel(input: ModelInput, kind: RunKind): RunModel {
  const { scale, operation, latency: ms, prices, hub } = input;
  const accountRegions = scale.accounts * scale.regionsPerAccount;
  const calls = accountRegionCalls(scale, kind);
  const by = (service: 'EC2' | 'RDS' | 'Auto Scaling') =>
    calls.filter((c) => c.service === service).reduce((n, c) => n + c.count, 0);
  const perAccountRegion = { EC2: by('EC2'), RDS: by('RDS'), 'Auto Scaling': by('Auto Scaling') };
  const arMs = accountRegionTime(scale, kind, ms).total;
  const fanOut = accountRegions > operation.fanOutAbove;
  const batches = fanOut
    ? batchesOf(scale.accounts, scale.regionsPerAccount, input.batchSize)
    : [{ accountRegions, accounts: scale.accounts }];
  const invocations = fanOut ? invocationsOf(batches, operation.messagesPerInvocation) : batches;
  const durations = invocations.map((b) => workerMs(b, arMs, indexRead(input, b), operation, ms));
  const coordinatorMs = fanOut
    ? ms.coldStart +
      Math.ceil(batches.length / hub.sqsSendBatch / operation.workerConcurrency) * ms.sqsSend
    : 0;
  const drained = fanOut
    ? drain(durations, {
        maxConcurrency: operation.maxConcurrentBatches,
        pollersAtStart: hub.sqsPollersAtStart,
        addedPerMinute: hub.sqsPollersAddedPerMinute,
        maxBatches: hub.sqsMaxConcurrentBatches,
        lambdaConcurrency: hub.lambdaConcurrency,
        lambdaScalingPer10s: hub.lambdaScalingPer10s,
      })
    : { ms: durations[0] ?? 0, peakConcurrency: 1 };
  const pairs = batches.reduce((n, b) => n + b.accounts, 0);
  const table = tableUse(input, kind, batches, invocations.length, fanOut);
  // Billed: every invocation's time, a cold start only for the share of them that are cold.
  const warmSaving = ms.coldStart * (1 - operation.coldStartShare);
  const billedMs = durations.reduce((n, d) => n + d - warmSaving, 0) + coordinatorMs;
  const gbSeconds = (billedMs / 1000) * (operation.memoryMb / 1024);
  const requests = invocations.length + (fanOut ? 1 : 0);
  const sqsRequests = fanOut
    ? Math.ceil(batches.length / hub.sqsSendBatch) + 2 * invocations.length
    : 0;
  const resources = accountRegions * totalOf(scale);
  const edge = kind === 'stop' || kind === 'start';
  const logBytes =
    requests * operation.logBytes.invocation +
    accountRegions * operation.logBytes.runDone +
    (edge ? resources * operation.logBytes.decision : 0);
  const lambda = gbSeconds * prices.lambdaGbSecondArm + requests * prices.lambdaRequest;
  const sqs = sqsRequests * prices.sqsRequest;
  const dynamo =
    table.readUnits * prices.dynamoReadUnit + table.writeUnits * prices.dynamoWriteUnit;
  const scheduler = prices.schedulerInvocation;
  const logs = (logBytes / 1024 ** 3) * prices.logsGb;
  return {
    kind,
    perAccountRegion,
    apiCalls:
      accountRegions *
      (perAccountRegion.EC2 + perAccountRegion.RDS + perAccountRegion['Auto Scaling']),
    accountRegionMs: arMs,
    fanOut,
    messages: fanOut ? batches.length : 0,
    invocations: requests,
    workerMs: Math.max(...durations),
    drain: {
      ms: drained.ms + coordinatorMs,
      peakConcurrency: drained.peakConcurrency + (fanOut ? 1 : 0),
    },
    assumeRolesCold: pairs,
    table,
    lambdaGbSeconds: gbSeconds,
    sqsRequests,
    logBytes,
    cost: { lambda, sqs, dynamo, scheduler, logs, total: lambda + sqs + dynamo + scheduler + logs },
    buckets: bucketUse(scale, kind, ms, input.limits),
  };
}

/**
 * The fleet index as an invocation reads it: every account-region's shards (as run-accounts.ts
 * reads it), or, with `readsWholeIndex` off, those of its own batch's account-regions.
 */
export function indexRead(
  input: ModelInput,
  batch?: { readonly accountRegions: number },
): IndexRead {
  const accountRegions =
    input.operation.readsWholeIndex || !batch
      ? input.scale.accounts * input.scale.regionsPerAccount
      : batch.accountRegions;
  return {
    bytes: accountRegions * input.sizes.indexShards.reduce((n, b) => n + b, 0),
    entries: accountRegions * totalOf(input.scale),
  };
}

function totalOf(scale: Scale): number {
  const { ec2, rds, cluster, asg } = scale.perAccountRegion;
  return ec2 + rds + cluster + asg;
}

/** Read units of one Query or GetItem: its items' bytes in 4 KB units, half when eventually consistent. */
export function readUnits(bytes: number, consistent: boolean): number {
  return Math.max(1, Math.ceil(bytes / 4096)) * (consistent ? 1 : 0.5);
}

/** Write units of one item: 1 KB units, twice in a transaction. */
export function writeUnits(bytes: number, transactional: boolean): number {
  return Math.max(1, Math.ceil(bytes / 1024)) * (transactional ? 2 : 1);
}

/**
 * The table's work in one run, as run-accounts.ts shares it. Per invocation: the snoozes read
 * twice per round of accounts (consistent; the account runs share a read a second old), the
 * whole fleet index once (eventual), the open outages once. Per account in each message (its own cursor and pending
 * set, the account in their sort keys): the cursor read and moved, the pending set read; at
 * an edge, the pending set written, then settled with the records, and the stopped hours. Per
 * account-region: its index rewritten at an edge and the run after (states change), and on a
 * quiet run only its "seen" item (fleet-index-table.ts: a region as the last run left it; one
 * changed between edges, by a snooze or a person, is rewritten: not modelled). Fan-out adds
 * the run's record (fan-out-runs.ts).
 */
export function tableUse(
  input: ModelInput,
  kind: RunKind,
  batches: readonly { readonly accountRegions: number; readonly accounts: number }[],
  invocations: number,
  fanOut: boolean,
): TableUse {
  const { operation, sizes } = input;
  const accountRegions = batches.reduce((n, b) => n + b.accountRegions, 0);
  const sum = (list: readonly number[]) => list.reduce((n, b) => n + b, 0);
  const tx = (items: readonly number[]) => sum(items.map((b) => writeUnits(b, true)));
  // run-accounts.ts: the snoozes a run decides with are one read shared by the invocation's
  // accounts; the read again before the stops is each account's own.
  const snoozeReads = batches.reduce((n, b) => n + 1 + b.accounts, 0);
  const snoozes =
    snoozeReads * readUnits(operation.activeSnoozes * operation.snoozeItemBytes, true);
  const perAccountIndex = readUnits(
    indexRead(input, { accountRegions: input.scale.regionsPerAccount }).bytes,
    false,
  );
  const index = operation.readsWholeIndex
    ? invocations * readUnits(indexRead(input).bytes, false)
    : batches.reduce((n, b) => n + b.accounts * perAccountIndex, 0);
  let reads = snoozes + index + invocations * 0.5;
  let writes = 0;
  let journalWrites = 0;
  let pendingWrites = 0;
  let items = 0;
  for (const batch of batches) {
    // The account-regions of one account in this batch (evenly, as batchesOf cuts them).
    const perAccount = batch.accountRegions / batch.accounts;
    const resources = totalOf(input.scale);
    const pending = scaled(sizes.pendingShards, resources, perAccount);
    const records = scaled(sizes.recordItems, resources, perAccount);
    const history = scaled(sizes.historyItems, resources, perAccount);
    const pendingRead = kind === 'verify' ? sum(pending.map((b) => readUnits(b, true))) : 1;
    reads += batch.accounts * (1 + pendingRead);
    writes += batch.accounts * 1;
    let sets = 0;
    let log = 0;
    let put = 1;
    if (kind === 'stop' || kind === 'start') {
      const settledPending = kind === 'start' ? pending : [sizes.emptyPending];
      sets = tx(pending) + tx(settledPending);
      log = tx(records) + (history.length === 1 ? writeUnits(history[0] ?? 0, false) : tx(history));
      put += pending.length + settledPending.length + records.length + history.length;
    }
    if (kind === 'verify') {
      sets = tx([sizes.emptyPending]);
      log = tx(records);
      put += 1 + records.length;
    }
    items += batch.accounts * put;
    writes += batch.accounts * (sets + log);
    pendingWrites += batch.accounts * sets;
    journalWrites += batch.accounts * log;
  }
  const unchanged = kind === 'quiet';
  const indexWrites =
    accountRegions * (unchanged ? writeUnits(sizes.indexSeen, false) : tx(sizes.indexShards));
  writes += indexWrites;
  items += accountRegions * (unchanged ? 1 : sizes.indexShards.length);
  if (fanOut) {
    // fan-out-runs.ts: the run's item (its batches' account ids) written by the coordinator,
    // which first reads the run before; each batch saves its outcomes (gzipped: counts and
    // failures, a few KB once a big edge's decisions are dropped) and counts itself done on
    // the run's item (an update costs the item's size); the last one claims the report and
    // reads every batch's outcomes.
    const runItem = 200 + input.scale.accounts * 16 + batches.length * 4;
    const outcome = kind === 'stop' || kind === 'start' ? 4096 : 1024;
    writes +=
      2 * writeUnits(runItem, false) +
      batches.length * (writeUnits(outcome, false) + writeUnits(runItem, false));
    items += 1 + batches.length;
    reads += readUnits(runItem, false) + readUnits(batches.length * outcome, false);
  }
  return {
    readUnits: reads,
    writeUnits: writes,
    snoozeReadUnits: snoozes,
    indexReadUnits: index,
    indexWriteUnits: indexWrites,
    pendingWriteUnits: pendingWrites,
    journalWriteUnits: journalWrites,
    itemsWritten: items,
  };
}

/** One account-region's list (its items' bytes) as `accountRegions` of them make it: ENTRIES_PER_SHARD an item. */
function scaled(items: readonly number[], resources: number, accountRegions: number): number[] {
  const bytes = items.reduce((n, b) => n + b, 0) * accountRegions;
  const count = Math.max(1, Math.ceil((resources * accountRegions) / ENTRIES_PER_SHARD));
  return Array.from({ length: count }, () => bytes / count);
}

/** Per kind, the most resources of it one account-region can hold before an edge run is throttled. */
export interface Headroom {
  readonly kind: 'ec2' | 'rds' | 'asg';
  readonly run: 'stop' | 'start';
  readonly bucket: Bucket;
  /** How many the issue's fleet has, and the most that stays within the bucket. */
  readonly now: number;
  readonly most: number;
}

export function edgeHeadroom(input: ModelInput): Headroom[] {
  const checks: Omit<Headroom, 'now' | 'most'>[] = [
    { kind: 'ec2', run: 'start', bucket: 'ec2StartResources' },
    { kind: 'rds', run: 'stop', bucket: 'rds' },
    { kind: 'asg', run: 'start', bucket: 'autoScaling' },
  ];
  return checks.map((check) => {
    const share = (n: number) => {
      const scale = {
        ...input.scale,
        perAccountRegion: { ...input.scale.perAccountRegion, [check.kind]: n },
      };
      const use = bucketUse(scale, check.run, input.latency, input.limits);
      return use.find((u) => u.bucket === check.bucket)?.share ?? 0;
    };
    let low = 0;
    let high = 100_000;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (share(mid) <= 1) low = mid;
      else high = mid - 1;
    }
    return { ...check, now: input.scale.perAccountRegion[check.kind], most: low };
  });
}
