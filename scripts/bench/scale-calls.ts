/**
 * One account-region's part of a run, on paper: the API calls the adapters make (their page and
 * batch sizes imported, not copied), how long the run takes with the assumed latencies, and how
 * much of each throttle's bucket the calls take while they land.
 */
import {
  PAGE_SIZE as ASG_PAGE_SIZE,
  PARALLEL_CALLS as ASG_PARALLEL_CALLS,
} from '../../src/aws/asg-fleet.js';
import { DEFAULT_PAGE_SIZE, STATE_BATCH_SIZE, TAG_BATCH_SIZE } from '../../src/aws/ec2-fleet.js';
import {
  PAGE_SIZE as RDS_PAGE_SIZE,
  PARALLEL_CALLS as RDS_PARALLEL_CALLS,
} from '../../src/aws/rds-fleet.js';
import type { API_LIMITS, Latencies, ResourceMix, Scale } from './scale-assumptions.js';

/**
 * quiet: nothing to do (most runs); stop, start: every resource of the account-region at its
 * edge; verify: the run after a start, which checks the starts from its listing.
 */
export type RunKind = 'quiet' | 'stop' | 'start' | 'verify';
export const RUN_KINDS: readonly RunKind[] = ['quiet', 'stop', 'start', 'verify'];

export type Bucket = keyof typeof API_LIMITS;

/** Calls of one operation in one account-region's run. */
export interface ApiCall {
  readonly service: 'EC2' | 'RDS' | 'Auto Scaling';
  readonly operation: string;
  readonly count: number;
  /** The request bucket it draws from. */
  readonly bucket: Bucket;
  /** A resource bucket it also draws from, one token per resource (StopInstances, StartInstances). */
  readonly resources?: { readonly bucket: Bucket; readonly tokens: number };
  /** When it lands: during the listing, or while acting. */
  readonly phase: 'list' | 'act';
}

const pages = (items: number, size: number) => Math.max(1, Math.ceil(items / size));
const batches = (items: number, size: number) => Math.ceil(items / size);

/** Each adapter's calls for one account-region, as ec2-fleet.ts, rds-fleet.ts and asg-fleet.ts make them. */
export function accountRegionCalls(scale: Scale, kind: RunKind): ApiCall[] {
  const { ec2, rds, cluster, asg } = scale.perAccountRegion;
  const dbInstances = rds + cluster * scale.membersPerCluster;
  const stateBatch = Math.min(STATE_BATCH_SIZE, TAG_BATCH_SIZE);
  const calls: ApiCall[] = [
    ec2Call('DescribeInstances', pages(ec2, DEFAULT_PAGE_SIZE), 'ec2Describe', 'list'),
    rdsCall('DescribeDBInstances', pages(dbInstances, RDS_PAGE_SIZE), 'list'),
    rdsCall('DescribeDBClusters', pages(cluster, RDS_PAGE_SIZE), 'list'),
    asgCall('DescribeAutoScalingGroups', pages(asg, ASG_PAGE_SIZE), 'list'),
  ];
  if (kind === 'stop') {
    calls.push(
      ec2Call('CreateTags', batches(ec2, TAG_BATCH_SIZE), 'ec2Mutating', 'act'),
      {
        ...ec2Call('StopInstances', batches(ec2, stateBatch), 'ec2Mutating', 'act'),
        resources: { bucket: 'ec2StopResources', tokens: ec2 },
      },
      rdsCall('AddTagsToResource', rds + cluster, 'act'),
      rdsCall('StopDBInstance', rds, 'act'),
      rdsCall('StopDBCluster', cluster, 'act'),
      asgCall('CreateOrUpdateTags', asg, 'act'),
      asgCall('UpdateAutoScalingGroup', asg, 'act'),
    );
  }
  if (kind === 'start') {
    calls.push(
      {
        ...ec2Call('StartInstances', batches(ec2, stateBatch), 'ec2Mutating', 'act'),
        resources: { bucket: 'ec2StartResources', tokens: ec2 },
      },
      ec2Call('DeleteTags', batches(ec2, TAG_BATCH_SIZE), 'ec2Mutating', 'act'),
      rdsCall('StartDBInstance', rds, 'act'),
      rdsCall('StartDBCluster', cluster, 'act'),
      rdsCall('RemoveTagsFromResource', rds + cluster, 'act'),
      // The start lists the groups again: the capacity saved at the stop, and the group's now.
      asgCall('DescribeAutoScalingGroups', asg > 0 ? pages(asg, ASG_PAGE_SIZE) : 0, 'act'),
      asgCall('UpdateAutoScalingGroup', asg, 'act'),
      asgCall('DeleteTags', asg, 'act'),
    );
  }
  return calls.filter((c) => c.count > 0);
}

function ec2Call(
  operation: string,
  count: number,
  bucket: Bucket,
  phase: ApiCall['phase'],
): ApiCall {
  return { service: 'EC2', operation, count, bucket, phase };
}
function rdsCall(operation: string, count: number, phase: ApiCall['phase']): ApiCall {
  return { service: 'RDS', operation, count, bucket: 'rds', phase };
}
function asgCall(operation: string, count: number, phase: ApiCall['phase']): ApiCall {
  return { service: 'Auto Scaling', operation, count, bucket: 'autoScaling', phase };
}

/** Where one account-region's run spends its time, in ms (calls in parallel where the run makes them so). */
export interface RunTime {
  readonly list: number;
  readonly act: number;
  readonly total: number;
}

/**
 * As run-scheduler.ts orders it: the cursor; the listing (every kind in parallel) beside the
 * table's reads; planning; the journal and the cursor; acting (kinds in parallel, RDS and Auto
 * Scaling a few resources at a time, two calls each) beside the index write; settling.
 */
export function accountRegionTime(scale: Scale, kind: RunKind, ms: Latencies): RunTime {
  const mix: ResourceMix = scale.perAccountRegion;
  const dbInstances = mix.rds + mix.cluster * scale.membersPerCluster;
  const list = Math.max(
    pages(mix.ec2, DEFAULT_PAGE_SIZE) * ms.ec2Describe,
    pages(dbInstances, RDS_PAGE_SIZE) * ms.rdsDescribe,
    pages(mix.cluster, RDS_PAGE_SIZE) * ms.rdsDescribe,
    pages(mix.asg, ASG_PAGE_SIZE) * ms.asgDescribe,
    ms.dynamoRead,
  );
  const resources = mix.ec2 + mix.rds + mix.cluster + mix.asg;
  const edge = kind === 'stop' || kind === 'start';
  const journal = edge ? Math.max(ms.dynamoTransact, ms.dynamoRead) : ms.dynamoRead;
  const act = edge ? actingTime(scale, kind, ms) : 0;
  const settle = kind === 'quiet' ? 0 : Math.max(ms.dynamoTransact, ms.dynamoWrite);
  const total =
    ms.dynamoRead +
    list +
    resources * ms.planPerResource +
    journal +
    ms.dynamoWrite +
    Math.max(act, ms.dynamoTransact) +
    settle;
  return { list, act, total };
}

function actingTime(scale: Scale, kind: 'stop' | 'start', ms: Latencies): number {
  const { ec2, rds, cluster, asg } = scale.perAccountRegion;
  const stateBatch = Math.min(STATE_BATCH_SIZE, TAG_BATCH_SIZE);
  // Marks then stops (or starts then unmarks): two calls after each other per batch.
  const ec2Time =
    ec2 > 0 ? (batches(ec2, TAG_BATCH_SIZE) + batches(ec2, stateBatch)) * ms.ec2Mutate : 0;
  const lanes = (n: number, lanesOf: number, call: number) => Math.ceil(n / lanesOf) * 2 * call;
  const rdsTime = Math.max(
    lanes(rds, RDS_PARALLEL_CALLS, ms.rdsMutate),
    lanes(cluster, RDS_PARALLEL_CALLS, ms.rdsMutate),
  );
  const relist = kind === 'start' && asg > 0 ? pages(asg, ASG_PAGE_SIZE) * ms.asgDescribe : 0;
  const asgTime = relist + lanes(asg, ASG_PARALLEL_CALLS, ms.asgMutate);
  return Math.max(ec2Time, rdsTime, asgTime);
}

/** How much of one throttle a run's calls take, in one member account-region. */
export interface BucketUse {
  readonly bucket: Bucket;
  /** Tokens the run takes from it (calls, or resources for a resource bucket). */
  readonly tokens: number;
  /** Over how long they land, in seconds. */
  readonly seconds: number;
  /** tokens / (size + refill × seconds): above 1 the run is throttled (and retried). */
  readonly share: number;
}

/**
 * Per bucket, the most any one API takes of it (EC2 throttles each API on its own; RDS and
 * Auto Scaling share one bucket between their operations, so those are summed).
 */
export function bucketUse(
  scale: Scale,
  kind: RunKind,
  ms: Latencies,
  limits: Readonly<Record<Bucket, { readonly size: number; readonly refillPerSecond: number }>>,
): BucketUse[] {
  const calls = accountRegionCalls(scale, kind);
  const time = accountRegionTime(scale, kind, ms);
  const seconds = (phase: ApiCall['phase']) => (phase === 'list' ? time.list : time.act) / 1000;
  const uses = new Map<Bucket, { tokens: number; seconds: number }>();
  const add = (bucket: Bucket, tokens: number, over: number, shared: boolean) => {
    const was = uses.get(bucket);
    if (!was) uses.set(bucket, { tokens, seconds: over });
    else if (shared)
      uses.set(bucket, { tokens: was.tokens + tokens, seconds: Math.max(was.seconds, over) });
    else if (tokens > was.tokens) uses.set(bucket, { tokens, seconds: over });
  };
  for (const call of calls) {
    const shared = call.bucket === 'rds' || call.bucket === 'autoScaling';
    // A shared bucket sees the whole run's calls: listing and acting, one after the other.
    add(call.bucket, call.count, shared ? time.total / 1000 : seconds(call.phase), shared);
    if (call.resources)
      add(call.resources.bucket, call.resources.tokens, seconds(call.phase), false);
  }
  return [...uses].map(([bucket, use]) => {
    const limit = limits[bucket];
    return {
      bucket,
      ...use,
      share: use.tokens / (limit.size + limit.refillPerSecond * use.seconds),
    };
  });
}
