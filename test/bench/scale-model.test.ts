import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_OPERATION, type Latencies } from '../../scripts/bench/scale-assumptions.js';
import { accountRegionCalls } from '../../scripts/bench/scale-calls.js';
import { batchesOf, drain } from '../../scripts/bench/scale-fan-out.js';
import { defaultInput, type ModelInput, scaleModel } from '../../scripts/bench/scale-model.js';

/** Round numbers, so that every result below can be worked out by hand. */
const LATENCY: Latencies = {
  assumeRole: 100,
  ec2Describe: 100,
  ec2Mutate: 100,
  rdsDescribe: 100,
  rdsMutate: 100,
  asgDescribe: 100,
  asgMutate: 100,
  dynamoRead: 10,
  dynamoWrite: 10,
  dynamoTransact: 20,
  sqsSend: 10,
  dynamoPage: 10,
  coldStart: 100,
  decodePerEntry: 0.5,
  planPerResource: 0,
};

/** 2 accounts × 1 region × 10 EC2 instances, below the fan-out threshold. */
function smallCase(): ModelInput {
  const base = defaultInput();
  return {
    ...base,
    scale: {
      accounts: 2,
      regionsPerAccount: 1,
      perAccountRegion: { ec2: 10, rds: 0, cluster: 0, asg: 0 },
      membersPerCluster: 2,
    },
    operation: {
      ...DEFAULT_OPERATION,
      workerConcurrency: 10,
      coldStartShare: 1,
      memoryMb: 1024,
      activeSnoozes: 2,
      snoozeItemBytes: 1000,
      logBytes: { decision: 100, runDone: 50, invocation: 200 },
      idleSqsReceivesPerMonth: 0,
    },
    latency: LATENCY,
    sizes: {
      indexShards: [2048],
      pendingShards: [1500],
      recordItems: [1500],
      historyItems: [1500],
      emptyPending: 100,
      indexSeen: 100,
    },
    prices: {
      lambdaGbSecondArm: 0.001,
      lambdaRequest: 0.01,
      dynamoWriteUnit: 0.001,
      dynamoReadUnit: 0.0001,
      sqsRequest: 0.01,
      schedulerInvocation: 0.1,
      // $0.001 a byte.
      logsGb: 1024 ** 3 / 1000,
    },
  };
}

describe('the scale model, on a case worked out by hand', () => {
  it('counts the API calls of a stop edge and of a quiet run', () => {
    // Prepare
    const model = scaleModel(smallCase());

    // Act
    const { stop, quiet } = model.runs;

    // Assess: every kind is listed even when empty (4 listings); the stop adds one CreateTags
    // and one StopInstances for the 10 instances.
    expect(stop.perAccountRegion).toEqual({ EC2: 3, RDS: 2, 'Auto Scaling': 1 });
    expect(stop.apiCalls).toBe(12);
    expect(quiet.perAccountRegion).toEqual({ EC2: 1, RDS: 2, 'Auto Scaling': 1 });
    expect(quiet.apiCalls).toBe(8);
  });

  it('times a run: cursor, listing, journal, cursor, acting, settling', () => {
    const { stop, quiet } = scaleModel(smallCase()).runs;

    // stop: 10 + 100 + 20 + 10 + (100 CreateTags + 100 StopInstances) + 20 = 360 ms
    expect(stop.accountRegionMs).toBe(360);
    // quiet: 10 + 100 + 10 (snoozes again) + 10 + 20 (index write) = 150 ms
    expect(quiet.accountRegionMs).toBe(150);
    // One invocation (2 ≤ 50): cold start 100; its accounts' index (4 KB: one page) read
    // 10 + 10 and its 20 entries decoded, 10; one round of accounts (both under the 10 at once): role
    // 100 + the run; the result item 10.
    expect(stop.fanOut).toBe(false);
    expect(stop.invocations).toBe(1);
    expect(stop.workerMs).toBe(100 + 10 + 10 + 10 + 100 + 360 + 10);
    expect(quiet.workerMs).toBe(100 + 10 + 10 + 10 + 100 + 150 + 10);
    expect(stop.assumeRolesCold).toBe(2);
  });

  it('counts the table units: per account, per account-region, transactions twice', () => {
    const { stop, quiet } = scaleModel(smallCase()).runs;

    // Snoozes (2 KB, consistent: 1 a read) read once for the invocation and again by each
    // account: 3; the outages once, 0.5; per account: its own index 0.5 (2 KB, eventual),
    // cursor 1, pending 1, × 2 = 5. 3 + 0.5 + 5 = 8.5.
    expect(stop.table.readUnits).toBe(8.5);
    expect(stop.table.snoozeReadUnits).toBe(3);
    expect(stop.table.indexReadUnits).toBe(1);
    // Writes per account: cursor 1; pending 2 × 2 KB; settled 2 × 1 KB (empty) + records
    // 2 × 2 KB; stopped hours 2 KB, one plain PutItem: 1 + 4 + 2 + 4 + 2 = 13, × 2 = 26;
    // the index 2 × 2 × 2 KB... 2 × 4 = 8. 34 in all.
    expect(stop.table.writeUnits).toBe(34);
    expect(stop.table.indexWriteUnits).toBe(8);
    expect(stop.table.pendingWriteUnits).toBe(2 * (4 + 2));
    expect(stop.table.journalWriteUnits).toBe(2 * (4 + 2));
    // Items per account: cursor, pending, settled pending, records, stopped hours; and the
    // 2 index shards.
    expect(stop.table.itemsWritten).toBe(2 * 5 + 2);
    // Quiet: the cursors, and each account-region's "seen" item (100 B, a plain PutItem: 1),
    // not its shards: 2 + 2.
    expect(quiet.table.writeUnits).toBe(4);
    expect(quiet.table.indexWriteUnits).toBe(2);
    expect(quiet.table.itemsWritten).toBe(2 + 2);
  });

  it('prices a stop edge and counts the runs of a month', () => {
    const model = scaleModel(smallCase());
    const { cost, lambdaGbSeconds, logBytes } = model.runs.stop;

    expect(lambdaGbSeconds).toBeCloseTo(0.6, 10);
    expect(cost.lambda).toBeCloseTo(0.6 * 0.001 + 0.01, 10);
    expect(cost.dynamo).toBeCloseTo(34 * 0.001 + 8.5 * 0.0001, 10);
    expect(cost.sqs).toBe(0);
    // One invocation's lines, two run summaries, 20 decisions.
    expect(logBytes).toBe(200 + 2 * 50 + 20 * 100);
    expect(cost.logs).toBeCloseTo(2.3, 10);
    expect(cost.total).toBeCloseTo(0.0106 + 0.03485 + 0.1 + 2.3, 10);
    // 288 runs a day for 30 days, 22 of them with a stop, a start and a verify run.
    expect(model.runsPerMonth).toEqual({ quiet: 8574, stop: 22, start: 22, verify: 22 });
  });
});

describe('fan-out on paper', () => {
  it('cuts whole accounts, as the coordinator does', () => {
    // 3 accounts × 4 regions, at most 10 a batch: two accounts, then one; an account with
    // more regions than the batch size is a batch alone.
    expect(batchesOf(3, 4, 10)).toEqual([
      { accountRegions: 8, accounts: 2 },
      { accountRegions: 4, accounts: 1 },
    ]);
    expect(batchesOf(2, 4, 3)).toEqual([
      { accountRegions: 4, accounts: 1 },
      { accountRegions: 4, accounts: 1 },
    ]);
  });

  it('drains as the event source mapping scales: 5 at first, one more every 200 ms', () => {
    const limits = {
      maxConcurrency: 1000,
      pollersAtStart: 5,
      addedPerMinute: 300,
      maxBatches: 1000,
      lambdaConcurrency: 1000,
      lambdaScalingPer10s: 1000,
    };

    // Five start at 0, one each at 200, 400, 600 and 800 ms; the tenth when the first five end.
    expect(drain(Array(10).fill(1000), limits)).toEqual({ ms: 2000, peakConcurrency: 9 });
    // The worker's maximumConcurrency caps it: 10 of 1 s, 3 at a time, take 4 rounds.
    expect(drain(Array(10).fill(1000), { ...limits, maxConcurrency: 3 })).toEqual({
      ms: 4000,
      peakConcurrency: 3,
    });
  });

  it('takes the worker as serverless.yml deploys it', () => {
    // Prepare: the file as osls reads it (its ${...} variables stay strings here).
    const stack = parse(readFileSync('serverless.yml', 'utf8')) as {
      functions: {
        worker: {
          timeout: number;
          memorySize: number;
          events: { sqs?: { batchSize: number; maximumConcurrency: number } }[];
        };
      };
    };
    const { worker } = stack.functions;
    const sqs = worker.events.find((e) => e.sqs)?.sqs;

    // Assess
    expect(DEFAULT_OPERATION.workerTimeoutSeconds).toBe(worker.timeout);
    expect(DEFAULT_OPERATION.memoryMb).toBe(worker.memorySize);
    expect(DEFAULT_OPERATION.maxConcurrentBatches).toBe(sqs?.maximumConcurrency);
    expect(DEFAULT_OPERATION.messagesPerInvocation).toBe(sqs?.batchSize);
  });

  it('pages and batches as the EC2 adapter does, by its own constants', () => {
    const scale = {
      ...smallCase().scale,
      perAccountRegion: { ec2: 2500, rds: 0, cluster: 0, asg: 0 },
    };
    const calls = accountRegionCalls(scale, 'stop').filter((c) => c.service === 'EC2');

    expect(calls.map((c) => [c.operation, c.count])).toEqual([
      ['DescribeInstances', 3],
      ['CreateTags', 3],
      ['StopInstances', 3],
    ]);
  });
});
