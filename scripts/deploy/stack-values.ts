import { partitionsFor, type TableUser } from '../../src/aws/table-keys.js';
import { EXCLUDED_VALUES, type StopinatorConfig } from '../../src/core/config.js';
import { stopMarkTagKey } from '../../src/core/instance.js';
import { maxEventAgeSeconds } from '../../src/core/run-window.js';

/** The table's CloudFormation properties that come from src/aws/table-definition.ts. */
export interface TableProperties {
  readonly AttributeDefinitions: readonly { AttributeName: string; AttributeType: string }[];
  readonly KeySchema: readonly { AttributeName: string; KeyType: string }[];
  readonly BillingMode: string;
  readonly TimeToLiveSpecification: { AttributeName: string; Enabled: boolean };
}

/** An IAM condition block: operator -> condition key -> value(s). */
export type Condition = Record<string, Record<string, string | readonly string[]>>;

/**
 * What serverless.yml reads from `.serverless-config/stack.json`: values taken from the validated
 * configuration and from the table definition, so the stack cannot drift from either. IAM
 * condition blocks are built here because a tag key is part of a condition's *key*
 * (`aws:ResourceTag/<tagKey>`), and neither serverless variables nor CloudFormation resolve keys.
 */
export interface StackValues {
  /** The configuration the functions read (validated JSON in each zip), relative to the service. */
  readonly configFile: string;
  readonly tagKey: string;
  readonly stopMarkTagKey: string;
  readonly regions: readonly string[];
  /** Deployment region when no --region is given: the first managed region. */
  readonly defaultRegion: string;
  /** EventBridge Scheduler expression for `scheduler.interval`. */
  readonly scheduleExpression: string;
  /** A delivery or run older than the next run is useless: the next run catches up. */
  readonly maxEventAgeSeconds: number;
  readonly table: TableProperties;
  readonly iam: {
    /** Instance ARNs in the managed regions only. */
    readonly instanceArns: readonly { 'Fn::Sub': string }[];
    /** DescribeInstances cannot be narrowed by resource; it can by region. */
    readonly inManagedRegions: Condition;
    /** Only instances that carry the stopinator tag, with any value but an opt-out one. */
    readonly taggedInstance: Condition;
    /** Tag writes on those instances, limited to the stopinator's own stop mark. */
    readonly stopMarkOnly: Condition;
    /** Per function, the table items it may read and write: by partition key (pk). */
    readonly table: Record<TableUser, { readonly read: Condition; readonly write: Condition }>;
  };
}

export class StackValuesError extends Error {
  override readonly name = 'StackValuesError';
}

export function stackValues(
  config: StopinatorConfig,
  table: TableProperties,
  configFile: string,
): StackValues {
  const interval = config.scheduler.intervalMinutes;
  if (!Number.isInteger(interval) || interval < 1 || interval > 1440) {
    throw new StackValuesError(
      `scheduler.interval: EventBridge Scheduler needs whole minutes from 1m to 24h (got ${interval} minutes)`,
    );
  }
  const [defaultRegion] = config.regions;
  if (!defaultRegion) throw new StackValuesError('regions: at least one region is needed');
  const mark = stopMarkTagKey(config.tagKey);
  const tag = `aws:ResourceTag/${config.tagKey}`;
  const taggedInstance = {
    // Present (StringLike "*" is false when the instance has no such tag)...
    StringLike: { [tag]: '*' },
    // ...and none of the opt-out values: a negated operator with several values holds when the
    // value equals none of them, and operators in one block are ANDed. The code also trims the
    // value before comparing; IAM cannot, so " off " is refused by the code alone.
    StringNotEqualsIgnoreCase: { [tag]: [...EXCLUDED_VALUES] },
  };
  return {
    configFile,
    tagKey: config.tagKey,
    stopMarkTagKey: mark,
    regions: config.regions,
    defaultRegion,
    scheduleExpression: `rate(${interval} ${interval === 1 ? 'minute' : 'minutes'})`,
    // The same age the scheduler's scheduledTime check allows for (core/run-window.ts).
    maxEventAgeSeconds: maxEventAgeSeconds(interval),
    table: {
      AttributeDefinitions: table.AttributeDefinitions,
      KeySchema: table.KeySchema,
      BillingMode: table.BillingMode,
      TimeToLiveSpecification: table.TimeToLiveSpecification,
    },
    iam: {
      instanceArns: config.regions.map((region) => ({
        'Fn::Sub': `arn:\${AWS::Partition}:ec2:${region}:\${AWS::AccountId}:instance/*`,
      })),
      inManagedRegions: { StringEquals: { 'aws:RequestedRegion': config.regions } },
      taggedInstance,
      stopMarkOnly: {
        ...taggedInstance,
        // ForAllValues alone is true when the request names no tag keys at all (a DeleteTags
        // without Tags removes every tag), so the key must also be present.
        'ForAllValues:StringEquals': { 'aws:TagKeys': [mark] },
        Null: { 'aws:TagKeys': 'false' },
      },
      table: { scheduler: tableAccess('scheduler'), bot: tableAccess('bot') },
    },
  };
}

/**
 * dynamodb:LeadingKeys is the partition key of every item a request touches (each item of a
 * BatchWriteItem or a transaction is authorised on its own); ForAllValues: all of them must be
 * on the list.
 */
function tableAccess(user: TableUser): { read: Condition; write: Condition } {
  const only = (keys: readonly string[]) => {
    if (keys.length === 0) throw new StackValuesError(`PARTITIONS: the ${user} uses no partition`);
    return { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': keys } };
  };
  return { read: only(partitionsFor(user, 'read')), write: only(partitionsFor(user, 'write')) };
}
