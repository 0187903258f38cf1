import { beforeAll, describe, expect, it } from 'vitest';
import type { PackagedStack } from '../../scripts/deploy/package-stack.js';
import {
  FIXED_STATEMENTS_ALLOWANCE,
  ROLE_INLINE_POLICIES_MAX,
  resolvedPolicySize,
} from '../../scripts/deploy/policy-size.js';
import { EXCLUDED_VALUES } from '../../src/core/config.js';
import { capacityTagKey, stopMarkTagKey } from '../../src/core/instance.js';
import { ALL_KINDS } from '../../src/core/resource-kind.js';
import {
  actionsOf,
  allowedActions,
  allStatements,
  conditionHolds,
  type PolicyStatement,
  type RequestContext,
  resourcesOf,
  roleStatements,
} from './iam.js';
import { PACKAGE_TIMEOUT_MS, PROD_CONFIG_CHANGES, packagedStack } from './packaged-stack.js';

// The IAM of the kinds besides EC2 (EC2's own is in template.test.ts): dev manages every kind,
// prod EC2 alone (packaged-stack.ts).
let dev: PackagedStack;
let prod: PackagedStack;

beforeAll(async () => {
  [dev, prod] = await Promise.all([packagedStack('dev'), packagedStack('prod')]);
}, PACKAGE_TIMEOUT_MS);

/** A CloudFormation `Fn::Sub` string, written without a template literal. */
const sub = (text: string) => ({ 'Fn::Sub': text.replaceAll('{{', '${').replaceAll('}}', '}') });

/** The one statement of a role that allows an action. */
function statementWith(stack: PackagedStack, role: string, action: string): PolicyStatement {
  const found = roleStatements(stack.template, role).filter((s) => actionsOf(s).includes(action));
  expect(found, `${role} ${action}`).toHaveLength(1);
  return found[0] as PolicyStatement;
}

interface KindCase {
  readonly kind: string;
  readonly describe: string;
  /** The scheduler's stop and start (one action for a group: the resize). */
  readonly stopAndStart: readonly string[];
  readonly tagWrites: readonly string[];
  /** RDS's tag calls serve both its kinds: one statement each, by Sid. */
  readonly tagWritesSid: string;
  readonly botStart: string;
  readonly arn: string;
  /** The condition key prefix the service knows the resource's tags by. */
  readonly tagCondition: string;
  /** What the scheduler's tag writes may name, besides nothing else. */
  readonly ownTags: (tagKey: string) => readonly string[];
  /** What a stop sends for the condition keys beyond the tag and region. */
  readonly stopRequest?: RequestContext;
}

const KIND_CASES: readonly KindCase[] = [
  {
    kind: 'rds',
    describe: 'rds:DescribeDBInstances',
    stopAndStart: ['rds:StopDBInstance', 'rds:StartDBInstance'],
    tagWrites: ['rds:AddTagsToResource', 'rds:RemoveTagsFromResource'],
    tagWritesSid: 'WriteStopMarkOnTaggedDBInstances',
    botStart: 'rds:StartDBInstance',
    arn: 'arn:{{AWS::Partition}}:rds:*:{{AWS::AccountId}}:db:*',
    tagCondition: 'aws:ResourceTag',
    ownTags: (tagKey) => [stopMarkTagKey(tagKey)],
  },
  {
    kind: 'cluster',
    describe: 'rds:DescribeDBClusters',
    stopAndStart: ['rds:StopDBCluster', 'rds:StartDBCluster'],
    tagWrites: ['rds:AddTagsToResource', 'rds:RemoveTagsFromResource'],
    tagWritesSid: 'WriteStopMarkOnTaggedDBClusters',
    botStart: 'rds:StartDBCluster',
    arn: 'arn:{{AWS::Partition}}:rds:*:{{AWS::AccountId}}:cluster:*',
    tagCondition: 'aws:ResourceTag',
    ownTags: (tagKey) => [stopMarkTagKey(tagKey)],
  },
  {
    kind: 'asg',
    describe: 'autoscaling:DescribeAutoScalingGroups',
    stopAndStart: ['autoscaling:UpdateAutoScalingGroup'],
    tagWrites: ['autoscaling:CreateOrUpdateTags', 'autoscaling:DeleteTags'],
    tagWritesSid: 'WriteStopMarkAndCapacityOnTaggedGroups',
    botStart: 'autoscaling:UpdateAutoScalingGroup',
    arn: 'arn:{{AWS::Partition}}:autoscaling:*:{{AWS::AccountId}}:autoScalingGroup:*:autoScalingGroupName/*',
    tagCondition: 'autoscaling:ResourceTag',
    ownTags: (tagKey) => [stopMarkTagKey(tagKey), capacityTagKey(tagKey)],
    stopRequest: { 'autoscaling:MinSize': '0', 'autoscaling:MaxSize': '0' },
  },
];

it('packages dev with every kind and prod with EC2 alone', () => {
  expect(dev.values.resources).toEqual(ALL_KINDS);
  expect(prod.values.resources).toEqual(PROD_CONFIG_CHANGES.resources);
});

for (const k of KIND_CASES) {
  describe(`IAM for ${k.kind}`, () => {
    const tagKey = () => dev.values.tagKey;
    const regions = () => dev.values.regions;
    const tag = () => `${k.tagCondition}/${tagKey()}`;
    /** A request on a resource tagged `value` (untagged when undefined), in a managed region. */
    const on = (value: string | undefined, more: RequestContext = {}): RequestContext => ({
      'aws:RequestedRegion': regions()[0],
      [tag()]: value,
      ...more,
    });
    const taggedCondition = () => ({
      StringLike: { [tag()]: '*' },
      StringNotEqualsIgnoreCase: { [tag()]: [...EXCLUDED_VALUES] },
      StringEquals: { 'aws:RequestedRegion': regions() },
    });

    it('lets both roles describe, on "*", in the managed regions only', () => {
      for (const role of ['SchedulerRole', 'BotRole']) {
        const statement = statementWith(dev, role, k.describe);
        expect(actionsOf(statement)).toEqual([k.describe]);
        expect(resourcesOf(statement)).toEqual(['*']);
        expect(statement.Condition).toEqual({
          StringEquals: { 'aws:RequestedRegion': regions() },
        });
      }
    });

    it('lets the scheduler stop and start only resources tagged and not opted out', () => {
      const statement = statementWith(dev, 'SchedulerRole', k.stopAndStart[0] as string);

      expect(actionsOf(statement)).toEqual(k.stopAndStart);
      expect(resourcesOf(statement)).toEqual([sub(k.arn)]);
      expect(statement.Condition).toEqual(taggedCondition());
    });

    it('refuses, by IAM’s rules, a stop of a resource tagged off, and allows one tagged office-hours', () => {
      const condition = statementWith(dev, 'SchedulerRole', k.stopAndStart[0] as string).Condition;
      const stops = (value: string | undefined, more?: RequestContext) =>
        conditionHolds(condition ?? {}, on(value, { ...k.stopRequest, ...more }));

      expect(stops('office-hours')).toBe(true);
      expect(stops('true')).toBe(true);
      expect(stops('off')).toBe(false);
      for (const value of [...EXCLUDED_VALUES, 'OFF', 'Never'])
        expect(stops(value), value).toBe(false);
      expect(stops(undefined)).toBe(false);
      expect(stops('office-hours', { 'aws:RequestedRegion': 'ap-south-1' })).toBe(false);
    });

    it('limits the scheduler’s tag writes to its own keys, on tagged resources', () => {
      const tagWrites = roleStatements(dev.template, 'SchedulerRole').filter((s) =>
        actionsOf(s).some((a) => k.tagWrites.includes(a)),
      );
      const statement = tagWrites.find((s) => s.Sid === k.tagWritesSid) as PolicyStatement;
      const own = k.ownTags(tagKey());

      // RDS: one for DB instances, one for clusters, each on its own ARNs.
      expect(tagWrites).toHaveLength(k.tagCondition === 'aws:ResourceTag' ? 2 : 1);

      expect(actionsOf(statement)).toEqual(k.tagWrites);
      expect(resourcesOf(statement)).toEqual([sub(k.arn)]);
      expect(statement.Condition).toEqual({
        ...taggedCondition(),
        'ForAllValues:StringEquals': { 'aws:TagKeys': own },
        Null: { 'aws:TagKeys': 'false' },
      });
      const writes = (keys: readonly string[] | undefined, value = 'office-hours') =>
        conditionHolds(statement.Condition ?? {}, on(value, { 'aws:TagKeys': keys }));
      expect(writes(own)).toBe(true);
      for (const key of own) expect(writes([key]), key).toBe(true);
      expect(writes([tagKey()])).toBe(false);
      expect(writes([...own, 'Name'])).toBe(false);
      expect(writes(undefined)).toBe(false);
      expect(writes(own, 'off')).toBe(false);
    });

    it('lets the bot start tagged resources, and no other call on them', () => {
      const statement = statementWith(dev, 'BotRole', k.botStart);
      const onThisKind = roleStatements(dev.template, 'BotRole').filter(
        (s) => s === statement || actionsOf(s).includes(k.describe),
      );

      expect(onThisKind.flatMap(actionsOf)).toEqual([k.describe, k.botStart]);
      expect(actionsOf(statement)).toEqual([k.botStart]);
      expect(resourcesOf(statement)).toEqual([sub(k.arn)]);
      expect(statement.Condition).toMatchObject(taggedCondition());
    });
  });
}

describe('IAM for the bot, every kind', () => {
  const stopsAndTagWrites = [
    'ec2:StopInstances',
    'rds:StopDBInstance',
    'rds:StopDBCluster',
    'ec2:CreateTags',
    'ec2:DeleteTags',
    'rds:AddTagsToResource',
    'rds:RemoveTagsFromResource',
    'autoscaling:CreateOrUpdateTags',
    'autoscaling:DeleteTags',
  ];

  it('allows no stop and no tag write, for any kind, on any stage', () => {
    for (const stack of [dev, prod]) {
      const actions = allowedActions(stack.template, 'BotRole');
      for (const action of stopsAndTagWrites) expect(actions.has(action), action).toBe(false);
    }
    const kindActions = [...allowedActions(dev.template, 'BotRole')].filter((a) =>
      /^(ec2|rds|autoscaling):/.test(a),
    );
    expect(kindActions.sort()).toEqual([
      'autoscaling:DescribeAutoScalingGroups',
      'autoscaling:UpdateAutoScalingGroup',
      'ec2:DescribeInstances',
      'ec2:StartInstances',
      'rds:DescribeDBClusters',
      'rds:DescribeDBInstances',
      'rds:StartDBCluster',
      'rds:StartDBInstance',
    ]);
  });

  it('cannot zero a group: its resize must name a maximum above 0 (IAM cannot check it against the saved one)', () => {
    const restore = statementWith(dev, 'BotRole', 'autoscaling:UpdateAutoScalingGroup');
    const resizes = (sizes: RequestContext, value = 'office-hours') =>
      conditionHolds(restore.Condition ?? {}, {
        'aws:RequestedRegion': dev.values.regions[0],
        [`autoscaling:ResourceTag/${dev.values.tagKey}`]: value,
        ...sizes,
      });

    expect(resizes({ 'autoscaling:MinSize': '1', 'autoscaling:MaxSize': '4' })).toBe(true);
    expect(resizes({ 'autoscaling:MinSize': '0', 'autoscaling:MaxSize': '0' })).toBe(false);
    expect(resizes({})).toBe(false);
    expect(resizes({ 'autoscaling:MinSize': '1', 'autoscaling:MaxSize': '4' }, 'off')).toBe(false);
    // The scheduler's resize sets 0/0/0: no such bound there.
    const resize = statementWith(dev, 'SchedulerRole', 'autoscaling:UpdateAutoScalingGroup');
    expect(resize.Condition?.NumericGreaterThan).toBeUndefined();
  });
});

describe('IAM for the kinds left out of resources', () => {
  it('grants them nothing: resources [ec2] has no RDS or Auto Scaling statement', () => {
    const elsewhere = allStatements(prod.template).filter(({ statement }) =>
      actionsOf(statement).some((a) => /^(rds|autoscaling):/.test(a)),
    );
    expect(elsewhere).toEqual([]);
    const text = JSON.stringify(prod.template.Resources);
    expect(text).not.toMatch(/\b(rds|autoscaling):/);
    for (const role of ['SchedulerRole', 'BotRole']) {
      const services = new Set(
        [...allowedActions(prod.template, role)].map((a) => a.split(':')[0]),
      );
      expect(services.has('ec2')).toBe(true);
      expect(services.has('rds')).toBe(false);
      expect(services.has('autoscaling')).toBe(false);
    }
  });

  it('keeps the statements of the kinds in their own policy of each role', () => {
    const policies = (stack: PackagedStack, role: string) =>
      (
        (stack.template.Resources[role]?.Properties?.Policies ?? []) as { PolicyName: string }[]
      ).map((p) => p.PolicyName);
    expect(policies(dev, 'SchedulerRole')).toEqual(['scheduler', 'scheduler-resources']);
    expect(policies(dev, 'BotRole')).toEqual(['bot', 'bot-resources']);
    const sids = (role: string) => roleStatements(prod.template, role).map((s) => s.Sid);
    expect(sids('BotRole')).toContain('StartTaggedInstances');
    expect(sids('BotRole').filter((sid) => /DB|Group/.test(sid ?? ''))).toEqual([]);
  });
});

describe('IAM size', () => {
  it('keeps each role’s inline policies within IAM’s 10,240 characters', () => {
    for (const stack of [dev, prod]) {
      for (const [role, fixed] of [
        ['SchedulerRole', 'scheduler'],
        ['BotRole', 'bot'],
      ] as const) {
        const policies = (stack.template.Resources[role]?.Properties?.Policies ?? []) as {
          PolicyName: string;
          PolicyDocument: unknown;
        }[];
        expect(policies).toHaveLength(2);
        const size = (p: { PolicyDocument: unknown }) => resolvedPolicySize(p.PolicyDocument);
        const total = policies.reduce((sum, p) => sum + size(p), 0);
        expect(total, role).toBeLessThanOrEqual(ROLE_INLINE_POLICIES_MAX);
        // What stack-values.ts leaves serverless.yml's own statements.
        const own = policies.find((p) => p.PolicyName === fixed);
        expect(own && size(own), role).toBeLessThanOrEqual(FIXED_STATEMENTS_ALLOWANCE);
      }
    }
  });
});
