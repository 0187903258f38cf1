import { partitionsFor, type TableUser } from '../../src/aws/table-keys.js';
import { defaultSpokeRole, spokeRoleName } from '../../src/core/account.js';
import type { StopinatorConfig } from '../../src/core/config.js';
import { capacityTagKey, stopMarkTagKey } from '../../src/core/instance.js';
import type { ResourceKind } from '../../src/core/resource-kind.js';
import { maxEventAgeSeconds } from '../../src/core/run-window.js';
import { hubRoleName, spokeExternalIdParameter } from './hub-identity.js';
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
  /**
   * The names member accounts know the hub by (hub-identity.ts), with `${sls:stage}` and
   * `${aws:region}` left for serverless to resolve: the check runs before the stage is known.
   */
  readonly hub: {
    readonly roleNames: Record<TableUser, string>;
    /** The SSM parameter holding the external id the roles pass to the spoke roles. */
    readonly externalIdParam: string;
  };
  readonly iam: {
    /**
     * Per function, the statements of the kinds in `resources:` (scripts/deploy/kind-permissions.ts):
     * one policy of each role in serverless.yml is exactly this list, never empty (`resources:`
     * lists at least one kind).
     */
    readonly kinds: Record<TableUser, readonly PolicyStatement[]>;
    /**
     * Per function, its resources policy in serverless.yml: the kinds' statements, then, when
     * the configuration names member accounts (`accounts:` or `organization:`), AssumeRole into
     * their spoke roles and the external id's parameter (and, for the scheduler alone with
     * `organization:`, the listing of the accounts). Without accounts, exactly `kinds`.
     */
    readonly resources: Record<TableUser, readonly PolicyStatement[]>;
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
  const spokes = spokeStatements(config);
  const resources = {
    scheduler: [...kinds.scheduler, ...spokes.scheduler],
    bot: [...kinds.bot, ...spokes.bot],
  };
  for (const [role, statements] of Object.entries(resources)) {
    const size = resolvedPolicySize({ Version: '2012-10-17', Statement: statements });
    if (size > KIND_STATEMENTS_BUDGET) {
      throw new StackValuesError(
        `regions: the ${role}'s IAM statements for ${config.regions.length} region(s) and ` +
          `resources ${config.resources.join(', ')}${spokes.scheduler.length > 0 ? " (and the member accounts' roles)" : ''} take ${size} characters, over the ` +
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
    hub: {
      roleNames: {
        scheduler: hubRoleName(STAGE, REGION, 'scheduler'),
        bot: hubRoleName(STAGE, REGION, 'bot'),
      },
      externalIdParam: spokeExternalIdParameter(STAGE),
    },
    iam: {
      kinds,
      resources,
      table: { scheduler: tableAccess('scheduler'), bot: tableAccess('bot') },
    },
  };
}

/**
 * serverless variables, resolved by serverless when it reads stack.json (it resolves variables
 * in what a file gives, as in serverless.yml itself): the check runs before the stage is known.
 */
const STAGE = variable('sls:stage');
const REGION = variable('aws:region');

/** `${name}`, for serverless or for CloudFormation's Fn::Sub. */
export function variable(name: string): string {
  return `\${${name}}`;
}

/**
 * Hub and spoke: both functions assume the spoke role of each member account (the bot to wake,
 * the scheduler for everything else), passing the external id read from SSM. The role names
 * are the configuration's (`role:`, else the stage's default); the spoke role's own trust policy
 * (spoke/) is what limits it to this hub. Nothing at all without accounts.
 */
function spokeStatements(config: StopinatorConfig): Record<TableUser, PolicyStatement[]> {
  const { accounts, organization } = config;
  if (!accounts?.length && !organization) return { scheduler: [], bot: [] };
  const names = new Set((accounts ?? []).map((account) => spokeRoleName(account, STAGE)));
  if (organization) names.add(organization.role ?? defaultSpokeRole(STAGE));
  const parameter = `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter${spokeExternalIdParameter(STAGE)}`;
  const shared: PolicyStatement[] = [
    {
      Sid: 'AssumeSpokeRoles',
      Effect: 'Allow',
      Action: ['sts:AssumeRole'],
      Resource: [...names].map((name) => ({
        'Fn::Sub': `arn:\${AWS::Partition}:iam::*:role/${name}`,
      })),
      Condition: {},
    },
    {
      Sid: 'ReadSpokeExternalId',
      Effect: 'Allow',
      Action: ['ssm:GetParameter', 'ssm:GetParameters'],
      Resource: [{ 'Fn::Sub': parameter }],
      Condition: {},
    },
    // As for the Slack secrets: a SecureString is decrypted through SSM only, for it alone.
    {
      Sid: 'DecryptSpokeExternalIdViaSsm',
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: [
        { 'Fn::Sub': `arn:\${AWS::Partition}:kms:\${AWS::Region}:\${AWS::AccountId}:key/*` },
      ],
      Condition: {
        StringEquals: {
          'kms:ViaService': { 'Fn::Sub': `ssm.\${AWS::Region}.amazonaws.com` },
          'kms:EncryptionContext:PARAMETER_ARN': [{ 'Fn::Sub': parameter }],
        },
      },
    },
  ];
  // Discovery: Organizations answers only in the management account or a delegated
  // administrator (README "Many accounts"), and its listing calls take no resource ARN.
  const discovery: PolicyStatement[] = organization
    ? [
        {
          Sid: 'ListMemberAccounts',
          Effect: 'Allow',
          Action: [
            'organizations:ListAccountsForParent',
            ...(organization.nested !== false
              ? ['organizations:ListOrganizationalUnitsForParent']
              : []),
          ],
          Resource: '*',
          Condition: {},
        },
      ]
    : [];
  return { scheduler: [...shared, ...discovery], bot: shared };
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
