/**
 * What the paper model of many accounts (scale-model.ts) assumes: AWS's published limits and
 * prices, each with where it comes from, the fleet it is computed for, and the latencies a run's
 * calls are assumed to take. Change a number here and `npm run bench -- scale-model` shows what
 * follows from it.
 */

import { BATCH_SIZE, FAN_OUT_ABOVE } from '../../src/core/config.js';
import { ACCOUNT_CONCURRENCY } from '../../src/scheduler/run-accounts.js';

/** Where a number comes from, as the table of assumptions shows it. */
export interface Sourced<T> {
  readonly value: T;
  readonly source: string;
}

const ec2Throttling = 'EC2 Developer Guide, "Request throttling for the Amazon EC2 API"';

/** A token bucket, per account and region unless said otherwise. */
export interface TokenBucket {
  /** Tokens it holds when full: the calls that can land at once. */
  readonly size: number;
  /** Tokens added per second. */
  readonly refillPerSecond: number;
}

/** The throttles a run's calls count against, in each member account and region. */
export const API_LIMITS = {
  ec2Describe: {
    value: { size: 100, refillPerSecond: 20 },
    source: `${ec2Throttling}: non-mutating actions (Describe*), per API`,
  },
  ec2Mutating: {
    value: { size: 200, refillPerSecond: 5 },
    source: `${ec2Throttling}: mutating actions (CreateTags, DeleteTags, StopInstances, StartInstances), per API`,
  },
  ec2StopResources: {
    value: { size: 1000, refillPerSecond: 20 },
    source: `${ec2Throttling}: resource token bucket of StopInstances (one token per instance)`,
  },
  ec2StartResources: {
    value: { size: 1000, refillPerSecond: 2 },
    source: `${ec2Throttling}: resource token bucket of StartInstances (one token per instance)`,
  },
  rds: {
    value: { size: 300, refillPerSecond: 12 },
    source:
      'RDS User Guide, "Request throttling for the Amazon RDS API": 300 in a burst, 12 a second sustained; taken as one bucket for every RDS operation (the cautious reading)',
  },
  autoScaling: {
    value: { size: 40, refillPerSecond: 4 },
    source:
      'EC2 Auto Scaling API Reference, "API request rate": one bucket shared by every Auto Scaling operation; its size is not published, so 40 tokens and 4 a second are a cautious guess',
  },
  stsAssumeRole: {
    value: { size: 600, refillPerSecond: 600 },
    source:
      'not in the "IAM and AWS STS quotas" page; 600 requests a second per calling account and region, as STS throttling is reported (awslabs/mountpoint-s3#1358): approximate, counted in the hub account',
  },
} as const satisfies Record<string, Sourced<TokenBucket>>;

/** Lambda, SQS and DynamoDB limits in the hub account, where the functions and the table are. */
export const HUB_LIMITS = {
  lambdaConcurrency: {
    value: 1000,
    source:
      'Lambda Developer Guide, "Lambda quotas": 1,000 concurrent executions per region by default, shared by every function of the account (new accounts may start lower)',
  },
  lambdaScalingPer10s: {
    value: 1000,
    source:
      'Lambda Developer Guide, "Lambda scaling behavior": each function adds up to 1,000 concurrent executions every 10 seconds',
  },
  sqsPollersAtStart: {
    value: 5,
    source:
      'Lambda Developer Guide, "Configuring scaling behavior for SQS event source mappings": starts with 5 concurrent batches',
  },
  sqsPollersAddedPerMinute: {
    value: 300,
    source: 'same page: adds up to 300 concurrent invocations a minute while messages wait',
  },
  sqsMaxConcurrentBatches: {
    value: 1000,
    source: 'same page: at most 1,000 batches processed at once by one event source mapping',
  },
  sqsSendBatch: {
    value: 10,
    source:
      'SQS Developer Guide: SendMessageBatch takes up to 10 messages; standard queues have nearly unlimited throughput',
  },
  dynamoPartitionWcu: {
    value: 1000,
    source:
      'DynamoDB Developer Guide, "Partitions and data distribution": 1,000 write units a second per partition',
  },
  dynamoPartitionRcu: {
    value: 3000,
    source: 'same page: 3,000 read units a second per partition',
  },
  dynamoTableStartWcu: {
    value: 4000,
    source:
      'DynamoDB Developer Guide, "On-demand capacity mode": a new on-demand table serves up to 4,000 write request units a second at once (12,000 read), then twice its previous peak',
  },
  dynamoItemBytes: {
    value: 400 * 1024,
    source: 'DynamoDB Developer Guide, "Quotas": an item holds at most 400 KB',
  },
  dynamoTransactItems: {
    value: 100,
    source: 'same page: TransactWriteItems takes at most 100 items and 4 MB',
  },
} as const satisfies Record<string, Sourced<number>>;

/**
 * us-east-1 list prices as the AWS pricing pages gave them in 2025, not checked again when this
 * model was written (December 2026): prices change, check them before quoting a bill. Free
 * tiers left out.
 */
export const PRICES = {
  lambdaGbSecondArm: {
    value: 0.0000133334,
    source: 'AWS Lambda pricing, arm64, first 7.5 billion GB-s a month, per GB-second',
  },
  lambdaRequest: { value: 0.2 / 1e6, source: 'AWS Lambda pricing: $0.20 per million requests' },
  dynamoWriteUnit: {
    value: 0.625 / 1e6,
    source: 'DynamoDB pricing, on-demand: $0.625 per million write request units',
  },
  dynamoReadUnit: {
    value: 0.125 / 1e6,
    source: 'DynamoDB pricing, on-demand: $0.125 per million read request units',
  },
  sqsRequest: {
    value: 0.4 / 1e6,
    source: 'SQS pricing, standard queue: $0.40 per million requests (each 64 KB chunk one)',
  },
  schedulerInvocation: {
    value: 1 / 1e6,
    source: 'EventBridge Scheduler pricing: $1.00 per million invocations',
  },
  logsGb: {
    value: 0.5,
    source: 'CloudWatch pricing, Logs standard ingestion: $0.50 per GB',
  },
} as const satisfies Record<string, Sourced<number>>;

/** The kinds of resource in one account-region, as the adapters split them. */
export interface ResourceMix {
  readonly ec2: number;
  /** RDS DB instances (not cluster members). */
  readonly rds: number;
  /** Aurora DB clusters, stopped as a whole. */
  readonly cluster: number;
  readonly asg: number;
}

/** What the model is computed for. */
export interface Scale {
  readonly accounts: number;
  readonly regionsPerAccount: number;
  readonly perAccountRegion: ResourceMix;
  /** Members of each Aurora cluster: DescribeDBInstances lists them too. */
  readonly membersPerCluster: number;
}

/** Issue 12's fleet: 500 accounts × 4 regions × 200 resources. */
export const ISSUE_12_SCALE: Scale = {
  accounts: 500,
  regionsPerAccount: 4,
  perAccountRegion: { ec2: 150, rds: 25, cluster: 5, asg: 20 },
  membersPerCluster: 2,
};

/** How the stopinator is set up and how often it acts. */
export interface Operation {
  /** scheduler.interval (config.ts default). */
  readonly intervalMinutes: number;
  /** Above this many account-regions a run fans out through SQS (scheduler.fanOutAbove). */
  readonly fanOutAbove: number;
  /** Account-regions per SQS message, whole accounts (scheduler.batchSize). */
  readonly batchSize: number;
  /** Batches worked at once: the worker's event source mapping's maximumConcurrency. */
  readonly maxConcurrentBatches: number;
  /** The worker's timeout. */
  readonly workerTimeoutSeconds: number;
  /**
   * Whether each invocation reads the whole fleet index (run-accounts.ts until main's d0fe6b1)
   * or, as now, each account its own places (one Query on its sort-key prefix).
   */
  readonly readsWholeIndex: boolean;
  /** Accounts one invocation works at once (run-accounts.ts: each lists its regions in parallel). */
  readonly workerConcurrency: number;
  /** SQS messages per worker invocation (the event source mapping's batchSize). */
  readonly messagesPerInvocation: number;
  /**
   * Share of worker invocations that start a new container, for the bill (timings assume every
   * one does): a run every 5 minutes keeps most of the previous run's containers warm.
   */
  readonly coldStartShare: number;
  /** The functions' memory (serverless.yml: the scheduler has 512 MB). */
  readonly memoryMb: number;
  /** Days a month with a stop and a start edge (Monday to Friday, the default days). */
  readonly edgeDaysPerMonth: number;
  readonly daysPerMonth: number;
  /** Snoozes alive at a time across the whole organisation, and the bytes of one item. */
  readonly activeSnoozes: number;
  readonly snoozeItemBytes: number;
  /** Log bytes per decision line (info, edges only), per run summary, per invocation (START/END/REPORT). */
  readonly logBytes: {
    readonly decision: number;
    readonly runDone: number;
    readonly invocation: number;
  };
  /** SQS receives a month while the queue is empty (the mapping's long-polling pollers). */
  readonly idleSqsReceivesPerMonth: number;
}

export const DEFAULT_OPERATION: Operation = {
  intervalMinutes: 5,
  fanOutAbove: FAN_OUT_ABOVE,
  batchSize: BATCH_SIZE,
  // serverless.yml, functions.worker (test/bench/scale-model.test.ts keeps them in step).
  maxConcurrentBatches: 10,
  workerTimeoutSeconds: 120,
  readsWholeIndex: false,
  workerConcurrency: ACCOUNT_CONCURRENCY,
  messagesPerInvocation: 1,
  coldStartShare: 0.1,
  memoryMb: 512,
  edgeDaysPerMonth: 22,
  daysPerMonth: 30,
  activeSnoozes: 50,
  snoozeItemBytes: 1500,
  logBytes: { decision: 450, runDone: 400, invocation: 350 },
  // 5 pollers, each a 20-second long poll: 15 receives a minute.
  idleSqsReceivesPerMonth: 15 * 60 * 24 * 30,
};

/**
 * Assumed latencies of one call from a Lambda in the hub to an AWS endpoint in the same
 * partition, warm connection: not measured (moto answers in a few ms and scales per item,
 * see the scheduler sections above), typical of what SDK traces show. Parameters of the model.
 */
export interface Latencies {
  readonly assumeRole: number;
  readonly ec2Describe: number;
  readonly ec2Mutate: number;
  readonly rdsDescribe: number;
  readonly rdsMutate: number;
  readonly asgDescribe: number;
  readonly asgMutate: number;
  readonly dynamoRead: number;
  readonly dynamoWrite: number;
  readonly dynamoTransact: number;
  readonly sqsSend: number;
  /** One 1 MB page of a Query, beyond the first request's latency. */
  readonly dynamoPage: number;
  /** A new worker container: runtime start and the bundle's import. */
  readonly coldStart: number;
  /** Gunzipping, parsing and decoding one fleet index entry (CPU). */
  readonly decodePerEntry: number;
  /** Planning, per resource (CPU: 7 ms for 305 instances in the scheduler section above). */
  readonly planPerResource: number;
}

export const ASSUMED_LATENCY_MS: Latencies = {
  assumeRole: 120,
  ec2Describe: 450,
  ec2Mutate: 250,
  rdsDescribe: 300,
  rdsMutate: 200,
  asgDescribe: 250,
  asgMutate: 150,
  dynamoRead: 8,
  dynamoWrite: 10,
  dynamoTransact: 25,
  sqsSend: 20,
  dynamoPage: 40,
  coldStart: 450,
  // Measured once on this machine (Node 20): 2,000 shards of the made-up account-region's index,
  // 400,000 entries, decoded in 2.4 s and 562 MB of heap (see HEAP_PER_INDEX_ENTRY).
  decodePerEntry: 0.006,
  planPerResource: 0.025,
};

/** Heap one decoded fleet index entry takes (measured with decodePerEntry above). */
export const HEAP_PER_INDEX_ENTRY: Sourced<number> = {
  value: 1470,
  source:
    "measured once on Node 20: 400,000 entries of scale-items.ts's made-up index decoded by decodeEntry took 562 MB of heap",
};
