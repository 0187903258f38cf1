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

  it('builds the IAM conditions from the tag key and its stop mark', () => {
    const iam = values({ tagKey: 'auto-stop' }).iam;

    const tagged = {
      StringLike: { 'aws:ResourceTag/auto-stop': '*' },
      StringNotEqualsIgnoreCase: { 'aws:ResourceTag/auto-stop': ['off', 'false', 'never', 'no'] },
    };
    expect(iam.taggedInstance).toEqual(tagged);
    expect(iam.stopMarkOnly).toEqual({
      ...tagged,
      'ForAllValues:StringEquals': { 'aws:TagKeys': ['auto-stop:stopped-at'] },
      Null: { 'aws:TagKeys': 'false' },
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
    ]);
    expect(partitionsFor('bot', 'write')).toEqual(['snooze', 'audit', 'request']);
  });

  it('scopes instances and DescribeInstances to the managed regions', () => {
    const v = values({ regions: ['eu-west-1', 'us-east-1'] });

    expect(v.defaultRegion).toBe('eu-west-1');
    expect(v.iam.instanceArns).toEqual([
      { 'Fn::Sub': `arn:${PARTITION}:ec2:eu-west-1:${ACCOUNT}:instance/*` },
      { 'Fn::Sub': `arn:${PARTITION}:ec2:us-east-1:${ACCOUNT}:instance/*` },
    ]);
    expect(v.iam.inManagedRegions).toEqual({
      StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] },
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
