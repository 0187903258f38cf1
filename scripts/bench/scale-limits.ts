/**
 * The scale model's limits, side by side: for each, what AWS allows, what the worst run asks of
 * it, and the share (above 1: throttled, refused or late). Sorted, the first binds first.
 */
import { ENTRIES_PER_SHARD, MAX_SHARDS } from '../../src/aws/sharded-list.js';
import { API_LIMITS, HEAP_PER_INDEX_ENTRY } from './scale-assumptions.js';
import type { Bucket } from './scale-calls.js';
import { indexRead, type RunModel, type ScaleModel } from './scale-model.js';

export interface LimitUse {
  readonly limit: string;
  readonly allowed: string;
  readonly use: string;
  readonly share: number;
  /** Which run asks most of it. */
  readonly run: string;
}

const BUCKET_LABELS: Readonly<Record<Bucket, string>> = {
  ec2Describe: 'EC2 DescribeInstances (non-mutating), per member account-region',
  ec2Mutating: 'EC2 mutating calls (each API its own bucket), per member account-region',
  ec2StopResources: 'EC2 StopInstances resource tokens, per member account-region',
  ec2StartResources: 'EC2 StartInstances resource tokens, per member account-region',
  rds: 'RDS API, per member account-region',
  autoScaling: 'EC2 Auto Scaling API (size guessed), per member account-region',
  stsAssumeRole: 'STS AssumeRole, in the hub account',
};

const RUN_LABELS = { quiet: 'quiet', stop: 'stop edge', start: 'start edge', verify: 'verify' };

export function limitUses(model: ScaleModel): LimitUse[] {
  const { input } = model;
  const runs = Object.values(model.runs);
  const worst = (score: (run: RunModel) => number) =>
    runs.reduce((a, b) => (score(b) > score(a) ? b : a));
  const perSecond = (units: number, run: RunModel) => units / Math.max(run.drain.ms / 1000, 0.001);
  const fmt = (n: number, digits = 0) =>
    n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const uses: LimitUse[] = [];

  for (const bucket of Object.keys(BUCKET_LABELS) as Bucket[]) {
    if (bucket === 'stsAssumeRole') continue;
    const found = runs.flatMap((run) =>
      run.buckets.filter((b) => b.bucket === bucket).map((b) => ({ run, use: b })),
    );
    const top = found.reduce<(typeof found)[number] | undefined>(
      (a, b) => (!a || b.use.share > a.use.share ? b : a),
      undefined,
    );
    if (!top) continue;
    const limit = input.limits[bucket];
    uses.push({
      limit: BUCKET_LABELS[bucket],
      allowed: `${fmt(limit.size)} at once, ${fmt(limit.refillPerSecond)}/s`,
      use: `${fmt(top.use.tokens)} in ${fmt(top.use.seconds, 1)} s`,
      share: top.use.share,
      run: RUN_LABELS[top.run.kind],
    });
  }

  const sts = worst((r) => perSecond(r.assumeRolesCold, r));
  const stsRate = perSecond(sts.assumeRolesCold, sts);
  uses.push({
    limit: BUCKET_LABELS.stsAssumeRole,
    allowed: `${fmt(API_LIMITS.stsAssumeRole.value.refillPerSecond)}/s`,
    use: `${fmt(sts.assumeRolesCold)} in ${fmt(sts.drain.ms / 1000, 1)} s (every container cold)`,
    share: stsRate / input.limits.stsAssumeRole.refillPerSecond,
    run: RUN_LABELS[sts.kind],
  });

  const busiest = worst((r) => r.drain.peakConcurrency);
  uses.push({
    limit: 'Lambda concurrency, hub region (shared with every other function)',
    allowed: fmt(input.hub.lambdaConcurrency),
    use: `${fmt(busiest.drain.peakConcurrency)} at once`,
    share: busiest.drain.peakConcurrency / input.hub.lambdaConcurrency,
    run: RUN_LABELS[busiest.kind],
  });

  const longest = worst((r) => r.workerMs);
  if (longest.fanOut) {
    uses.push({
      limit: 'Worker timeout (a batch that runs out of time fails and is delivered again)',
      allowed: `${fmt(input.operation.workerTimeoutSeconds)} s`,
      use: `${fmt(longest.workerMs / 1000, 1)} s, the longest batch`,
      share: longest.workerMs / 1000 / input.operation.workerTimeoutSeconds,
      run: RUN_LABELS[longest.kind],
    });
  }
  const slowest = worst((r) => r.drain.ms);
  const intervalMs = input.operation.intervalMinutes * 60_000;
  uses.push({
    limit: 'A run done within its interval (the next run waits for it)',
    allowed: `${fmt(intervalMs / 1000)} s`,
    use: `${fmt(slowest.drain.ms / 1000, 1)} s`,
    share: slowest.drain.ms / intervalMs,
    run: RUN_LABELS[slowest.kind],
  });
  uses.push({
    limit: 'A run done within its interval, by one invocation without fan-out',
    allowed: `${fmt(intervalMs / 1000)} s (Lambda stops it at 900 s)`,
    use: `${fmt(model.singleInvocationMs / 1000, 0)} s`,
    share: model.singleInvocationMs / intervalMs,
    run: RUN_LABELS.stop,
  });

  const partitionRow = (
    limit: string,
    units: (r: RunModel) => number,
    allowed: number,
    unit: 'read' | 'write',
  ) => {
    const run = worst((r) => perSecond(units(r), r));
    const rate = perSecond(units(run), run);
    uses.push({
      limit,
      allowed: `${fmt(allowed)} ${unit} units/s`,
      use: `${fmt(units(run))} in ${fmt(run.drain.ms / 1000, 1)} s: ${fmt(rate)}/s`,
      share: rate / allowed,
      run: RUN_LABELS[run.kind],
    });
  };
  partitionRow(
    'DynamoDB partition of pk "snooze": read consistently by every invocation and every account',
    (r) => r.table.snoozeReadUnits,
    input.hub.dynamoPartitionRcu,
    'read',
  );
  partitionRow(
    input.operation.readsWholeIndex
      ? 'DynamoDB partition of pk "fleet", read: every invocation reads the whole index'
      : 'DynamoDB partition of pk "fleet", read: every account its own places',
    (r) => r.table.indexReadUnits,
    input.hub.dynamoPartitionRcu,
    'read',
  );
  partitionRow(
    'DynamoDB partition of pk "fleet", written: every account-region\'s index (rewritten at edges, seen between)',
    (r) => r.table.indexWriteUnits,
    input.hub.dynamoPartitionWcu,
    'write',
  );
  partitionRow(
    'DynamoDB partition of pk "pending": every account\'s pending set, at edges',
    (r) => r.table.pendingWriteUnits,
    input.hub.dynamoPartitionWcu,
    'write',
  );
  partitionRow(
    'DynamoDB partition of pk "journal": every account\'s records and stopped hours',
    (r) => r.table.journalWriteUnits,
    input.hub.dynamoPartitionWcu,
    'write',
  );
  partitionRow(
    'DynamoDB table, on demand, before it has seen a higher peak',
    (r) => r.table.writeUnits,
    input.hub.dynamoTableStartWcu,
    'write',
  );

  const biggest = Math.min(input.batchSize, model.accountRegions);
  const read = indexRead(input, { accountRegions: biggest });
  const heap = read.entries * HEAP_PER_INDEX_ENTRY.value;
  uses.push({
    limit: input.operation.readsWholeIndex
      ? 'Worker memory: the whole fleet index decoded in every invocation'
      : "Worker memory: a batch's own index decoded",
    allowed: `${fmt(input.operation.memoryMb)} MB`,
    use: `${fmt(read.entries)} entries, about ${fmt(heap / 1024 ** 2)} MB of heap`,
    share: heap / (input.operation.memoryMb * 1024 ** 2),
    run: 'every run',
  });

  // A full shard (ENTRIES_PER_SHARD entries) of the index, from the measured one.
  const resources = Object.values(input.scale.perAccountRegion).reduce((n, v) => n + v, 0);
  const shardBytes =
    (input.sizes.indexShards[0] ?? 0) * (ENTRIES_PER_SHARD / Math.max(resources, 1));
  uses.push({
    limit: 'DynamoDB item size: a full fleet index shard',
    allowed: `${fmt(input.hub.dynamoItemBytes / 1024)} KB`,
    use: `${fmt(shardBytes / 1024, 1)} KB (${fmt(ENTRIES_PER_SHARD)} entries, gzipped)`,
    share: shardBytes / input.hub.dynamoItemBytes,
    run: 'every run',
  });
  const shards = Math.ceil(resources / ENTRIES_PER_SHARD);
  uses.push({
    limit: "TransactWriteItems items: one account-region's index",
    allowed: `${fmt(input.hub.dynamoTransactItems)} items (${fmt(MAX_SHARDS * ENTRIES_PER_SHARD)} resources)`,
    use: `${fmt(shards)} shard(s)`,
    share: shards / input.hub.dynamoTransactItems,
    run: 'every run',
  });
  return uses.sort((a, b) => b.share - a.share);
}
