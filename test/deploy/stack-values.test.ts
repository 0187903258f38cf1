import { describe, expect, it } from 'vitest';
import { StackValuesError, stackValues } from '../../scripts/deploy/stack-values.js';
import { TABLE_DEFINITION } from '../../src/aws/table-definition.js';
import { PARTITIONS, type PartitionKey, partitionsFor } from '../../src/aws/table-keys.js';
import { parseConfig } from '../../src/core/config.js';

function config(overrides: Record<string, unknown> = {}) {
  return parseConfig({
    defaultSchedule: 'office',
    regions: ['eu-west-1'],
    schedules: { office: { timezone: 'Europe/Paris', start: '08:00', stop: '20:00' } },
    ...overrides,
  });
}

/** CloudFormation pseudo parameters as Fn::Sub writes them. */
const PARTITION = '$' + '{AWS::Partition}';
const ACCOUNT = '$' + '{AWS::AccountId}';

const values = (overrides: Record<string, unknown> = {}) =>
  stackValues(config(overrides), TABLE_DEFINITION, '.serverless-config/stopinator.config.yml');

describe('stack values from the configuration', () => {
  it('turns scheduler.interval into a Scheduler rate expression', () => {
    expect(values().scheduleExpression).toBe('rate(5 minutes)');
    expect(values({ scheduler: { interval: '1m' } }).scheduleExpression).toBe('rate(1 minute)');
    expect(values({ scheduler: { interval: '1h' } }).scheduleExpression).toBe('rate(60 minutes)');
  });

  it('keeps retries younger than the next run, within the 60 s floor', () => {
    expect(values().maxEventAgeSeconds).toBe(240);
    expect(values({ scheduler: { interval: '1m' } }).maxEventAgeSeconds).toBe(60);
    expect(values({ scheduler: { interval: '24h' } }).maxEventAgeSeconds).toBe(21_600);
  });

  it('refuses an interval the Scheduler cannot express, naming the field', () => {
    expect(() => values({ scheduler: { interval: '25h' } })).toThrow(StackValuesError);
    expect(() => values({ scheduler: { interval: '25h' } })).toThrow(/^scheduler\.interval:/);
  });

  it('builds the tag conditions from the tag key, its stop mark and the capacity tag', () => {
    const { scheduler } = values({ tagKey: 'auto-stop' }).iam.kinds;
    const condition = (sid: string) => scheduler.find((s) => s.Sid === sid)?.Condition;

    const tagged = (prefix: string) => ({
      StringLike: { [`${prefix}/auto-stop`]: '*' },
      StringNotEqualsIgnoreCase: { [`${prefix}/auto-stop`]: ['off', 'false', 'never', 'no'] },
      StringEquals: { 'aws:RequestedRegion': ['eu-west-1'] },
    });
    for (const sid of [
      'StopAndStartTaggedInstances',
      'StopAndStartTaggedDBInstances',
      'StopAndStartTaggedDBClusters',
    ]) {
      expect(condition(sid), sid).toEqual(tagged('aws:ResourceTag'));
    }
    expect(condition('ResizeTaggedGroups')).toEqual(tagged('autoscaling:ResourceTag'));
    for (const sid of [
      'WriteStopMarkOnTaggedInstances',
      'WriteStopMarkOnTaggedDBInstances',
      'WriteStopMarkOnTaggedDBClusters',
    ]) {
      expect(condition(sid), sid).toEqual({
        ...tagged('aws:ResourceTag'),
        'ForAllValues:StringEquals': { 'aws:TagKeys': ['auto-stop:stopped-at'] },
        Null: { 'aws:TagKeys': 'false' },
      });
    }
    expect(condition('WriteStopMarkAndCapacityOnTaggedGroups')).toEqual({
      ...tagged('autoscaling:ResourceTag'),
      'ForAllValues:StringEquals': {
        'aws:TagKeys': ['auto-stop:stopped-at', 'auto-stop:capacity'],
      },
      Null: { 'aws:TagKeys': 'false' },
    });
  });

  it('gives each role statements for the kinds in resources only, in their order', () => {
    const sids = (resources?: string[]) => {
      const { kinds } = values(resources ? { resources } : {}).iam;
      return { scheduler: kinds.scheduler.map((s) => s.Sid), bot: kinds.bot.map((s) => s.Sid) };
    };

    expect(sids()).toEqual({
      scheduler: [
        'DescribeInstances',
        'StopAndStartTaggedInstances',
        'WriteStopMarkOnTaggedInstances',
        'DescribeDBInstances',
        'StopAndStartTaggedDBInstances',
        'WriteStopMarkOnTaggedDBInstances',
        'DescribeDBClusters',
        'StopAndStartTaggedDBClusters',
        'WriteStopMarkOnTaggedDBClusters',
        'DescribeAutoScalingGroups',
        'ResizeTaggedGroups',
        'WriteStopMarkAndCapacityOnTaggedGroups',
      ],
      bot: [
        'DescribeInstances',
        'StartTaggedInstances',
        'DescribeDBInstances',
        'StartTaggedDBInstances',
        'DescribeDBClusters',
        'StartTaggedDBClusters',
        'DescribeAutoScalingGroups',
        'RestoreTaggedGroups',
      ],
    });
    expect(sids(['ec2'])).toEqual({
      scheduler: [
        'DescribeInstances',
        'StopAndStartTaggedInstances',
        'WriteStopMarkOnTaggedInstances',
      ],
      bot: ['DescribeInstances', 'StartTaggedInstances'],
    });
    // Clusters without the rds kind: the scheduler may still read their members' classes.
    expect(sids(['cluster']).scheduler).toEqual([
      'DescribeDBClusters',
      'StopAndStartTaggedDBClusters',
      'WriteStopMarkOnTaggedDBClusters',
      'DescribeDBClusterMembers',
    ]);
    expect(sids(['cluster']).bot).toEqual(['DescribeDBClusters', 'StartTaggedDBClusters']);
    // The configuration's order does not matter; EC2 left out gets nothing either.
    expect(sids(['asg', 'rds'])).toEqual({
      scheduler: [
        'DescribeDBInstances',
        'StopAndStartTaggedDBInstances',
        'WriteStopMarkOnTaggedDBInstances',
        'DescribeAutoScalingGroups',
        'ResizeTaggedGroups',
        'WriteStopMarkAndCapacityOnTaggedGroups',
      ],
      bot: [
        'DescribeDBInstances',
        'StartTaggedDBInstances',
        'DescribeAutoScalingGroups',
        'RestoreTaggedGroups',
      ],
    });
  });

  it('builds each role’s table access from PARTITIONS, by partition key', () => {
    const { table } = values().iam;
    const keys = (condition: Record<string, Record<string, unknown>>) =>
      condition['ForAllValues:StringEquals']?.['dynamodb:LeadingKeys'];

    for (const user of ['scheduler', 'bot'] as const) {
      for (const access of ['read', 'write'] as const) {
        expect(keys(table[user][access]), `${user} ${access}`).toEqual(partitionsFor(user, access));
      }
    }
    expect(partitionsFor('scheduler', 'write')).toEqual(
      (Object.keys(PARTITIONS) as PartitionKey[]).filter(
        (pk) => PARTITIONS[pk].scheduler === 'write',
      ),
    );
    // Writing includes reading; `none` is neither.
    expect(partitionsFor('bot', 'read')).toEqual([
      'snooze',
      'cursor',
      'audit',
      'fleet',
      'journal',
      'pending',
      'request',
      'price',
    ]);
    expect(partitionsFor('bot', 'write')).toEqual(['snooze', 'audit', 'request']);
  });

  it('holds every statement in the managed regions, on ARNs of this account', () => {
    const v = values({ regions: ['eu-west-1', 'us-east-1'] });
    const statement = (sid: string) => v.iam.kinds.scheduler.find((s) => s.Sid === sid);
    const anyRegion = (service: string, resource: string) => [
      { 'Fn::Sub': `arn:${PARTITION}:${service}:*:${ACCOUNT}:${resource}` },
    ];

    expect(v.defaultRegion).toBe('eu-west-1');
    expect(statement('StopAndStartTaggedInstances')?.Resource).toEqual(
      anyRegion('ec2', 'instance/*'),
    );
    expect(statement('StopAndStartTaggedDBInstances')?.Resource).toEqual(anyRegion('rds', 'db:*'));
    expect(statement('WriteStopMarkOnTaggedDBClusters')?.Resource).toEqual(
      anyRegion('rds', 'cluster:*'),
    );
    expect(statement('ResizeTaggedGroups')?.Resource).toEqual(
      anyRegion('autoscaling', 'autoScalingGroup:*:autoScalingGroupName/*'),
    );
    for (const role of ['scheduler', 'bot'] as const) {
      for (const s of v.iam.kinds[role]) {
        expect(s.Condition.StringEquals, s.Sid).toEqual({
          'aws:RequestedRegion': ['eu-west-1', 'us-east-1'],
        });
      }
      const describes = v.iam.kinds[role].filter((s) => s.Resource === '*');
      expect(describes.map((s) => [s.Action, s.Condition])).toEqual(
        [
          'ec2:DescribeInstances',
          'rds:DescribeDBInstances',
          'rds:DescribeDBClusters',
          'autoscaling:DescribeAutoScalingGroups',
        ].map((action) => [
          [action],
          { StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] } },
        ]),
      );
    }
  });

  it('refuses, naming the field, statements that would not fit IAM’s size for a role', () => {
    const regions = (n: number) =>
      ['eu', 'us', 'ap', 'sa', 'me']
        .flatMap((area) => ['west', 'east', 'north', 'south', 'central'].map((w) => `${area}-${w}`))
        .flatMap((name) => [1, 2].map((d) => `${name}-${d}`))
        .slice(0, n);

    expect(() => values({ regions: regions(12) })).not.toThrow();
    expect(() => values({ regions: regions(30) })).toThrow(StackValuesError);
    expect(() => values({ regions: regions(30) })).toThrow(
      /^regions: the scheduler's IAM statements for 30 region\(s\) and resources ec2, rds, cluster, asg take \d+ characters/,
    );
    // EC2 alone fits every region there is.
    expect(() => values({ regions: regions(40), resources: ['ec2'] })).not.toThrow();
    expect(() => values({ regions: regions(8), tagKey: 'k'.repeat(127) })).toThrow(/^regions:/);
  });

  it('names the hub’s roles and the external id’s parameter for serverless to finish', () => {
    const { hub } = values();

    // `${sls:stage}` and `${aws:region}` are resolved by serverless when it reads stack.json.
    expect(hub.roleNames).toEqual({
      scheduler: 'stopinator-$' + '{sls:stage}-$' + '{aws:region}-scheduler',
      bot: 'stopinator-$' + '{sls:stage}-$' + '{aws:region}-bot',
    });
    expect(hub.externalIdParam).toBe('/stopinator/$' + '{sls:stage}/spoke-external-id');
  });

  describe('member accounts', () => {
    const STAGE = '$' + '{sls:stage}';
    const REGION = '$' + '{AWS::Region}';
    const roleArn = (name: string) => ({ 'Fn::Sub': `arn:${PARTITION}:iam::*:role/${name}` });
    const parameterArn = {
      'Fn::Sub': `arn:${PARTITION}:ssm:${REGION}:${ACCOUNT}:parameter/stopinator/${STAGE}/spoke-external-id`,
    };
    const extra = (v: ReturnType<typeof values>, role: 'scheduler' | 'bot') =>
      v.iam.resources[role].slice(v.iam.kinds[role].length);

    it('grants nothing beyond the kinds without accounts', () => {
      const v = values();
      expect(v.iam.resources).toEqual(v.iam.kinds);
      expect(JSON.stringify(v.iam.resources)).not.toMatch(/sts:|organizations:|spoke/);
    });

    it('lets both roles assume each spoke role named, once, and read the external id', () => {
      const v = values({
        accounts: [
          { id: '111111111111', name: 'dev' },
          { id: '222222222222', role: 'platform-stopinator' },
          { id: '333333333333' },
        ],
      });
      for (const role of ['scheduler', 'bot'] as const) {
        const [assume, read, decrypt, ...more] = extra(v, role);
        expect(more).toEqual([]);
        expect(assume).toEqual({
          Sid: 'AssumeSpokeRoles',
          Effect: 'Allow',
          Action: ['sts:AssumeRole'],
          Resource: [roleArn(`stopinator-spoke-${STAGE}`), roleArn('platform-stopinator')],
          Condition: {},
        });
        expect(read?.Action).toEqual(['ssm:GetParameter', 'ssm:GetParameters']);
        expect(read?.Resource).toEqual([parameterArn]);
        expect(decrypt?.Action).toEqual(['kms:Decrypt']);
        expect(decrypt?.Condition.StringEquals?.['kms:EncryptionContext:PARAMETER_ARN']).toEqual([
          parameterArn,
        ]);
      }
    });

    it('lets the scheduler alone list an organization’s accounts, and assume their role', () => {
      const v = values({ organization: { parents: ['ou-ab12-cdef3456'], role: 'org-spoke' } });

      expect(extra(v, 'scheduler').map((s) => s.Sid)).toEqual([
        'AssumeSpokeRoles',
        'ReadSpokeExternalId',
        'DecryptSpokeExternalIdViaSsm',
        'ListMemberAccounts',
      ]);
      expect(extra(v, 'scheduler')[3]?.Action).toEqual([
        'organizations:ListAccountsForParent',
        'organizations:ListOrganizationalUnitsForParent',
      ]);
      const direct = values({ organization: { parents: ['ou-ab12-cdef3456'], nested: false } });
      expect(extra(direct, 'scheduler')[3]?.Action).toEqual([
        'organizations:ListAccountsForParent',
      ]);
      expect(extra(v, 'bot').map((s) => s.Sid)).not.toContain('ListMemberAccounts');
      expect(extra(v, 'bot')[0]?.Resource).toEqual([roleArn('org-spoke')]);
    });
  });

  it('copies the table definition as it is', () => {
    const { table } = values();

    expect(table.KeySchema).toEqual(TABLE_DEFINITION.KeySchema);
    expect(table.AttributeDefinitions).toEqual(TABLE_DEFINITION.AttributeDefinitions);
    expect(table.BillingMode).toBe(TABLE_DEFINITION.BillingMode);
    expect(table.TimeToLiveSpecification).toEqual(TABLE_DEFINITION.TimeToLiveSpecification);
  });
});
