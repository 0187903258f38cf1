import { EXCLUDED_VALUES } from '../../src/core/config.js';
import type { ResourceKind } from '../../src/core/resource-kind.js';

/** A CloudFormation `Fn::Sub` ARN: partition and account resolved at deploy time. */
export type SubArn = { readonly 'Fn::Sub': string };

/** An IAM condition block: operator -> condition key -> value(s), literal or `Fn::Sub`. */
export type Condition = Record<
  string,
  Record<string, string | SubArn | readonly string[] | readonly SubArn[]>
>;

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: readonly string[];
  readonly Resource: '*' | readonly SubArn[];
  readonly Condition: Condition;
}

/** What a kind's statements are built from: the validated configuration. */
export interface KindScope {
  readonly regions: readonly string[];
  readonly tagKey: string;
  readonly stopMarkTagKey: string;
  readonly capacityTagKey: string;
}

/** Per role, what a kind needs: the scheduler stops, starts and marks; the bot starts (`wake`). */
export interface KindPermissions {
  readonly scheduler: readonly PolicyStatement[];
  readonly bot: readonly PolicyStatement[];
}

/**
 * Each kind's IAM, declared once, next to no other kind's: a kind left out of `resources:` gets
 * no statement at all, and a new kind does not compile until it says what its roles may do.
 *
 * The tag is the privilege boundary (README "Security model"): every call that changes a
 * resource holds only for resources carrying the tag key with a value that is not an opt-out
 * one, and tag writes are limited to the stopinator's own keys. Describe calls are on "*":
 * EC2's DescribeInstances and DescribeAutoScalingGroups support no resource-level permission
 * (Service Authorization Reference), and an RDS listing that names no identifier is no one
 * resource (AWS's own Instance Scheduler grants these on "*" as well).
 *
 * Every statement holds in the managed regions only, by aws:RequestedRegion (these APIs act on
 * resources of the region called), on ARNs of any region: an ARN per region and kind would take
 * the scheduler's inline policies past IAM's 10,240 characters at 8 regions with every kind; a
 * region in the condition lists costs a third of that (policy-size.ts measures what is left).
 */
const KIND_PERMISSIONS: Readonly<Record<ResourceKind, (scope: KindScope) => KindPermissions>> = {
  ec2: (scope) => {
    const instances = arns('ec2', 'instance/*');
    const tagged = taggedWith('aws:ResourceTag', scope.tagKey);
    const describe = described('DescribeInstances', 'ec2:DescribeInstances');
    return {
      scheduler: [
        describe,
        allow(
          'StopAndStartTaggedInstances',
          ['ec2:StopInstances', 'ec2:StartInstances'],
          instances,
          tagged,
        ),
        allow('WriteStopMarkOnTaggedInstances', ['ec2:CreateTags', 'ec2:DeleteTags'], instances, {
          ...tagged,
          ...onlyTagKeys([scope.stopMarkTagKey]),
        }),
      ],
      // `wake` starts instances; stopping and the stop mark are the scheduler's alone (a mark
      // left on a woken instance is harmless: the scheduler replaces it at the next stop).
      bot: [describe, allow('StartTaggedInstances', ['ec2:StartInstances'], instances, tagged)],
    };
  },
  rds: (scope) => rdsKind(scope, { noun: 'DBInstances', arn: 'db:*', verb: 'DBInstance' }),
  cluster: (scope) => rdsKind(scope, { noun: 'DBClusters', arn: 'cluster:*', verb: 'DBCluster' }),
  asg: (scope) => {
    const groups = arns('autoscaling', 'autoScalingGroup:*:autoScalingGroupName/*');
    // Auto Scaling's own key (the Service Authorization Reference lists it for
    // UpdateAutoScalingGroup, CreateOrUpdateTags and DeleteTags, with aws:TagKeys for the last two).
    const tagged = taggedWith('autoscaling:ResourceTag', scope.tagKey);
    const describe = described(
      'DescribeAutoScalingGroups',
      'autoscaling:DescribeAutoScalingGroups',
    );
    return {
      scheduler: [
        describe,
        // A stop sets min/desired/max to 0; a start restores what the capacity tag saved.
        allow('ResizeTaggedGroups', ['autoscaling:UpdateAutoScalingGroup'], groups, tagged),
        allow(
          'WriteStopMarkAndCapacityOnTaggedGroups',
          ['autoscaling:CreateOrUpdateTags', 'autoscaling:DeleteTags'],
          groups,
          { ...tagged, ...onlyTagKeys([scope.stopMarkTagKey, scope.capacityTagKey]) },
        ),
      ],
      bot: [
        describe,
        // `wake` only ever restores the capacity the scheduler saved, but IAM cannot compare a
        // request with a tag: this lets the bot resize a tagged group to any size. It cannot
        // zero one, though: autoscaling:MaxSize must be in the request and above 0 (as a saved
        // one always is: only a running group is stopped, and its maximum is at least its
        // desired capacity). README "Security model".
        allow('RestoreTaggedGroups', ['autoscaling:UpdateAutoScalingGroup'], groups, {
          ...tagged,
          NumericGreaterThan: { 'autoscaling:MaxSize': '0' },
        }),
      ],
    };
  },
};

/**
 * RDS DB instances and DB clusters: the same calls on their own ARNs. The stop mark is written
 * with AddTagsToResource and cleared with RemoveTagsFromResource (which always names its keys).
 * A DB on a customer managed KMS key needs no KMS permission to stop or start.
 */
function rdsKind(
  scope: KindScope,
  kind: { readonly noun: string; readonly arn: string; readonly verb: string },
): KindPermissions {
  const resources = arns('rds', kind.arn);
  const tagged = taggedWith('aws:ResourceTag', scope.tagKey);
  const describe = described(`Describe${kind.noun}`, `rds:Describe${kind.noun}`);
  return {
    scheduler: [
      describe,
      allow(
        `StopAndStartTagged${kind.noun}`,
        [`rds:Stop${kind.verb}`, `rds:Start${kind.verb}`],
        resources,
        tagged,
      ),
      allow(
        `WriteStopMarkOnTagged${kind.noun}`,
        ['rds:AddTagsToResource', 'rds:RemoveTagsFromResource'],
        resources,
        { ...tagged, ...onlyTagKeys([scope.stopMarkTagKey]) },
      ),
    ],
    bot: [describe, allow(`StartTagged${kind.noun}`, [`rds:Start${kind.verb}`], resources, tagged)],
  };
}

/** The statements of the kinds managed, per role, each holding in the managed regions only. */
export function kindStatements(
  kinds: readonly ResourceKind[],
  scope: KindScope,
): { scheduler: PolicyStatement[]; bot: PolicyStatement[] } {
  const all = kinds.map((kind) => KIND_PERMISSIONS[kind](scope));
  const inManagedRegions = (s: PolicyStatement): PolicyStatement => ({
    ...s,
    Condition: { ...s.Condition, ...inRegions(scope.regions) },
  });
  // An Aurora cluster's members' classes, for their price, are a DescribeDBInstances: the
  // rds kind allows it already; clusters alone need it too (the scheduler prices, the bot not).
  const members =
    kinds.includes('cluster') && !kinds.includes('rds')
      ? [described('DescribeDBClusterMembers', 'rds:DescribeDBInstances')]
      : [];
  return {
    scheduler: [...all.flatMap((p) => p.scheduler), ...members].map(inManagedRegions),
    bot: all.flatMap((p) => p.bot).map(inManagedRegions),
  };
}

/** Calls in the managed regions only. */
export function inRegions(regions: readonly string[]): Condition {
  return { StringEquals: { 'aws:RequestedRegion': regions } };
}

/**
 * Present (StringLike "*" is false when the resource has no such tag), and none of the opt-out
 * values: a negated operator with several values holds when the value equals none of them, and
 * operators in one block are ANDed. The code also trims the value before comparing; IAM cannot,
 * so " off " is refused by the code alone.
 */
export function taggedWith(
  prefix: 'aws:ResourceTag' | 'autoscaling:ResourceTag',
  tagKey: string,
): Condition {
  const key = `${prefix}/${tagKey}`;
  return { StringLike: { [key]: '*' }, StringNotEqualsIgnoreCase: { [key]: [...EXCLUDED_VALUES] } };
}

/**
 * Tag writes naming these keys only. ForAllValues alone is true when the request names no tag
 * keys at all (an EC2 DeleteTags without Tags removes every tag), so the key must be present too.
 */
export function onlyTagKeys(keys: readonly string[]): Condition {
  return {
    'ForAllValues:StringEquals': { 'aws:TagKeys': keys },
    Null: { 'aws:TagKeys': 'false' },
  };
}

function described(sid: string, action: string): PolicyStatement {
  return allow(sid, [action], '*', {});
}

function allow(
  sid: string,
  actions: readonly string[],
  resources: PolicyStatement['Resource'],
  condition: Condition,
): PolicyStatement {
  return { Sid: sid, Effect: 'Allow', Action: actions, Resource: resources, Condition: condition };
}

/** Resources of a service in this account and partition, in any region (see KIND_PERMISSIONS). */
function arns(service: string, resource: string): SubArn[] {
  return [{ 'Fn::Sub': `arn:\${AWS::Partition}:${service}:*:\${AWS::AccountId}:${resource}` }];
}
