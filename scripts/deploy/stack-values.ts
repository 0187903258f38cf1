import { partitionsFor, type TableUser } from '../../src/aws/table-keys.js';
import type { StopinatorConfig } from '../../src/core/config.js';
import { capacityTagKey, stopMarkTagKey } from '../../src/core/instance.js';
import type { ResourceKind } from '../../src/core/resource-kind.js';
import { maxEventAgeSeconds } from '../../src/core/run-window.js';
import { type Condition, kindStatements, type PolicyStatement } from './kind-permissions.js';
import {
  FIXED_STATEMENTS_ALLOWANCE,
  KIND_STATEMENTS_BUDGET,
  ROLE_INLINE_POLICIES_MAX,
  resolvedPolicySize,
} from './policy-size.js';

export type { Condition, PolicyStatement } from './kind-permissions.js';

/** The table's CloudFormation properties that come from src/aws/table-definition.ts. */
export interface TableProperties {
  readonly AttributeDefinitions: readonly { AttributeName: string; AttributeType: string }[];
  readonly KeySchema: readonly { AttributeName: string; KeyType: string }[];
  readonly BillingMode: string;
  readonly TimeToLiveSpecification: { AttributeName: string; Enabled: boolean };
}

/**
 * What serverless.yml reads from `.serverless-config/stack.json`: values taken from the validated
 * configuration and from the table definition, so the stack cannot drift from either. IAM
 * conditions are built here because a tag key is part of a condition's *key*
 * (`aws:ResourceTag/<tagKey>`), and neither serverless variables nor CloudFormation resolve keys;
 * the resource kinds' statements too, because YAML cannot leave a list item out.
 */
export interface StackValues {
  /** The configuration the functions read (validated JSON in each zip), relative to the service. */
  readonly configFile: string;
  readonly tagKey: string;
  readonly stopMarkTagKey: string;
  readonly regions: readonly string[];
  /** The kinds managed (`resources:`): the only ones the roles get permissions for. */
  readonly resources: readonly ResourceKind[];
  /** Deployment region when no --region is given: the first managed region. */
  readonly defaultRegion: string;
  /** EventBridge Scheduler expression for `scheduler.interval`. */
  readonly scheduleExpression: string;
  /** A delivery or run older than the next run is useless: the next run catches up. */
  readonly maxEventAgeSeconds: number;
  readonly table: TableProperties;
  readonly iam: {
    /**
     * Per function, the statements of the kinds in `resources:` (scripts/deploy/kind-permissions.ts):
     * one policy of each role in serverless.yml is exactly this list, never empty (`resources:`
     * lists at least one kind).
     */
    readonly kinds: Record<TableUser, readonly PolicyStatement[]>;
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
  if (config.resources.length === 0) {
    throw new StackValuesError('resources: at least one kind is needed');
  }
  const mark = stopMarkTagKey(config.tagKey);
  const kinds = kindStatements(config.resources, {
    regions: config.regions,
    tagKey: config.tagKey,
    stopMarkTagKey: mark,
    capacityTagKey: capacityTagKey(config.tagKey),
  });
  for (const [role, statements] of Object.entries(kinds)) {
    const size = resolvedPolicySize({ Version: '2012-10-17', Statement: statements });
    if (size > KIND_STATEMENTS_BUDGET) {
      throw new StackValuesError(
        `regions: the ${role}'s IAM statements for ${config.regions.length} region(s) and ` +
          `resources ${config.resources.join(', ')} take ${size} characters, over the ` +
          `${KIND_STATEMENTS_BUDGET} left of IAM's ${ROLE_INLINE_POLICIES_MAX} for a role's ` +
          `inline policies (${FIXED_STATEMENTS_ALLOWANCE} go to its other statements): manage ` +
          'fewer regions or kinds per stage, or a shorter tagKey',
      );
    }
  }
  return {
    configFile,
    tagKey: config.tagKey,
    stopMarkTagKey: mark,
    regions: config.regions,
    resources: config.resources,
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
      kinds,
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
