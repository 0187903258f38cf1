import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CloudFormationTemplate,
  type PackagedStack,
  packageSpokeStack,
} from '../../scripts/deploy/package-stack.js';
import { ROLE_INLINE_POLICIES_MAX, resolvedPolicySize } from '../../scripts/deploy/policy-size.js';
import {
  type SpokeTemplate,
  spokeRegions,
  spokeTemplate,
  TRUST_POLICY_MAX,
} from '../../scripts/deploy/spoke-template.js';
import { StackValuesError } from '../../scripts/deploy/stack-values.js';
import { EXCLUDED_VALUES, parseConfig } from '../../src/core/config.js';
import { loadConfig } from '../../src/runtime/load-config.js';
import {
  actionsOf,
  allStatements,
  conditionHolds,
  type PolicyStatement,
  resourcesOf,
  roleStatements,
} from './iam.js';
import {
  ACCOUNTS_CONFIG_CHANGES,
  PACKAGE_TIMEOUT_MS,
  packagedStack,
  REPO_ROOT,
} from './packaged-stack.js';

// The spoke stack (spoke/): the role a member account gives the hub. Its template is written
// once (scripts/deploy/spoke-template.ts), checked in as spoke/stackset.template.json for
// StackSets, and included by spoke/serverless.yml: here, the three agree, and the role is what
// the hub's own roles are allowed, trusted by those two roles alone.

const HUB_ACCOUNT = '123456789012';
const STAGE = 'prod';
const HUB_REGION = 'eu-central-1';

let work: string;
let packaged: CloudFormationTemplate;
let dev: PackagedStack;
let accounts: PackagedStack;
const committed = () =>
  JSON.parse(
    readFileSync(join(REPO_ROOT, 'spoke', 'stackset.template.json'), 'utf8'),
  ) as SpokeTemplate;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'stopinator-spoke-test-'));
  packaged = packageSpokeStack({
    repoRoot: REPO_ROOT,
    workDir: work,
    stage: STAGE,
    params: { hubAccountId: HUB_ACCOUNT, hubRegion: HUB_REGION },
  });
  dev = await packagedStack('dev');
  accounts = await packagedStack('accounts');
}, PACKAGE_TIMEOUT_MS * 2);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A literal `Fn::Sub` string resolved with these values (the test's stand-in for CloudFormation). */
function resolveSub(value: unknown, values: Readonly<Record<string, string>>): string {
  const text = (value as { 'Fn::Sub': string })['Fn::Sub'];
  expect(typeof text, JSON.stringify(value)).toBe('string');
  return text.replace(/\$\{([^}]+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** The role's properties: a CloudFormation document, read as the JSON it is. */
// biome-ignore lint/suspicious/noExplicitAny: nested CloudFormation, checked by the assertions
type Json = Record<string, any>;
const spokeRole = (template: CloudFormationTemplate | SpokeTemplate): Json =>
  (template.Resources as CloudFormationTemplate['Resources']).SpokeRole?.Properties as Json;

describe('the spoke template', () => {
  it('is the one the repository’s configuration gives (npm run spoke:template)', () => {
    expect(committed()).toEqual(
      spokeTemplate(loadConfig(join(REPO_ROOT, 'stopinator.config.yml'))),
    );
  });

  it('is what spoke/serverless.yml packages, besides serverless’s deployment bucket', () => {
    const template = committed();
    for (const section of ['Parameters', 'Conditions', 'Metadata'] as const) {
      expect(packaged[section], section).toEqual(template[section]);
    }
    expect(Object.keys(packaged.Resources).sort()).toEqual([
      'ServerlessDeploymentBucket',
      'ServerlessDeploymentBucketPolicy',
      'SpokeRole',
    ]);
    expect(packaged.Resources.SpokeRole).toEqual(template.Resources.SpokeRole);
    expect(packaged.Outputs?.SpokeRoleArn).toMatchObject(template.Outputs.SpokeRoleArn as object);
  });

  it('is trusted by the hub’s scheduler and bot roles alone, with the external id', () => {
    const trust = spokeRole(packaged).AssumeRolePolicyDocument;
    const [statement, ...more] = trust.Statement;
    expect(more).toEqual([]);
    expect(statement.Effect).toBe('Allow');
    expect(statement.Action).toBe('sts:AssumeRole');
    expect(statement.Condition).toEqual({
      StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } },
    });
    expect(Object.keys(statement.Principal)).toEqual(['AWS']);
    const values = { 'AWS::Partition': 'aws', HubAccountId: HUB_ACCOUNT, HubStage: 'dev' };

    // The names the hub's dev stack gives its roles (region: the configuration's first).
    const hubRoles = ['SchedulerRole', 'BotRole'].map(
      (role) =>
        `arn:aws:iam::${HUB_ACCOUNT}:role/${dev.template.Resources[role]?.Properties?.RoleName}`,
    );
    expect(
      statement.Principal.AWS.map((p: unknown) =>
        resolveSub(p, { ...values, HubRegion: dev.values.defaultRegion }),
      ),
    ).toEqual(hubRoles);
    expect(hubRoles).toEqual([
      `arn:aws:iam::${HUB_ACCOUNT}:role/stopinator-dev-eu-west-1-scheduler`,
      `arn:aws:iam::${HUB_ACCOUNT}:role/stopinator-dev-eu-west-1-bot`,
    ]);
    expect(resolvedPolicySize(trust)).toBeLessThanOrEqual(TRUST_POLICY_MAX);
  });

  it('takes the stage’s default role name, or the one given', () => {
    const name = spokeRole(packaged).RoleName;
    expect(name).toEqual({
      'Fn::If': [
        'DefaultRoleName',
        { 'Fn::Sub': 'stopinator-spoke-$' + '{HubStage}' },
        { Ref: 'RoleName' },
      ],
    });
    expect(resolveSub(name['Fn::If'][1], { HubStage: STAGE })).toBe('stopinator-spoke-prod');
    expect(packaged.Parameters).toMatchObject({
      RoleName: { Default: '' },
      ExternalId: { NoEcho: true },
    });
    // What serverless passes to CloudFormation at deploy.
    const state = JSON.parse(
      readFileSync(join(work, 'spoke', '.serverless', 'serverless-state.json'), 'utf8'),
    );
    expect(state.service.provider.stackParameters).toEqual([
      { ParameterKey: 'HubAccountId', ParameterValue: HUB_ACCOUNT },
      { ParameterKey: 'HubStage', ParameterValue: STAGE },
      { ParameterKey: 'HubRegion', ParameterValue: HUB_REGION },
      { ParameterKey: 'ExternalId', ParameterValue: '' },
      { ParameterKey: 'RoleName', ParameterValue: '' },
    ]);
  });

  it('allows exactly what the hub’s scheduler may do to the kinds, tag-conditioned', () => {
    const [policy, ...more] = spokeRole(packaged).Policies;
    expect(more).toEqual([]);
    const statements = policy.PolicyDocument.Statement as PolicyStatement[];
    // The dev stack manages every kind in the configuration's regions, without accounts.
    const hubPolicies = (dev.template.Resources.SchedulerRole?.Properties?.Policies ?? []) as {
      PolicyName: string;
      PolicyDocument: { Statement: unknown };
    }[];
    const hubKinds = hubPolicies.find((p) => p.PolicyName === 'scheduler-resources')?.PolicyDocument
      .Statement;
    expect(statements).toEqual(hubKinds);

    const tagKey = dev.values.tagKey;
    for (const s of statements) {
      expect(s.Condition?.StringEquals, s.Sid).toMatchObject({
        'aws:RequestedRegion': dev.values.regions,
      });
      if (resourcesOf(s).includes('*')) {
        expect(
          actionsOf(s).every((a) => /:Describe/.test(a)),
          s.Sid,
        ).toBe(true);
        continue;
      }
      // On this account's ARNs (the spoke's: resolved where it is deployed), tagged, not opted out.
      for (const arn of resourcesOf(s)) {
        expect(resolveSub(arn, {}), s.Sid).toContain(':$' + '{AWS::AccountId}:');
      }
      const [tagCondition] = Object.keys(s.Condition?.StringLike ?? {});
      expect(tagCondition, s.Sid).toMatch(new RegExp(`^(aws|autoscaling):ResourceTag/${tagKey}$`));
      const request = (value: string | undefined) => ({
        'aws:RequestedRegion': dev.values.regions[0],
        [tagCondition as string]: value,
        'aws:TagKeys': [`${tagKey}:stopped-at`],
        'autoscaling:MaxSize': '2',
      });
      expect(conditionHolds(s.Condition ?? {}, request('office-hours')), s.Sid).toBe(true);
      for (const value of [...EXCLUDED_VALUES, undefined]) {
        expect(conditionHolds(s.Condition ?? {}, request(value)), `${s.Sid} ${value}`).toBe(false);
      }
    }
    expect(resolvedPolicySize(policy.PolicyDocument)).toBeLessThanOrEqual(ROLE_INLINE_POLICIES_MAX);
  });

  it('holds in every region the hub works in there: the accounts’ and the organization’s', () => {
    const config = parseConfig({
      defaultSchedule: 'office',
      regions: ['eu-west-1'],
      schedules: { office: { timezone: 'Europe/Paris', start: '08:00', stop: '20:00' } },
      accounts: [
        { id: '111111111111', regions: ['us-east-1', 'eu-west-1'] },
        { id: '222222222222' },
      ],
      organization: { parents: ['ou-ab12-cdef3456'], regions: ['ap-south-1'] },
      resources: ['ec2'],
    });
    expect(spokeRegions(config)).toEqual(['eu-west-1', 'us-east-1', 'ap-south-1']);
    const statements = spokeRole(spokeTemplate(config)).Policies[0].PolicyDocument
      .Statement as PolicyStatement[];
    for (const s of statements) {
      expect(s.Condition?.StringEquals?.['aws:RequestedRegion']).toEqual(spokeRegions(config));
    }
    expect(statements.flatMap(actionsOf).every((a) => a.startsWith('ec2:'))).toBe(true);
  });

  it('refuses, naming the field, statements past IAM’s size for a role', () => {
    const regions = ['eu', 'us', 'ap', 'sa', 'me']
      .flatMap((area) => ['west', 'east', 'north', 'south', 'central'].map((w) => `${area}-${w}`))
      .flatMap((name) => [1, 2, 3].map((d) => `${name}-${d}`));
    const config = parseConfig({
      defaultSchedule: 'office',
      regions: regions.slice(0, 5),
      schedules: { office: { timezone: 'Europe/Paris', start: '08:00', stop: '20:00' } },
      accounts: [{ id: '111111111111', regions: regions.slice(5, 60) }],
    });
    expect(() => spokeTemplate(config)).toThrow(StackValuesError);
    expect(() => spokeTemplate(config)).toThrow(/^regions: the spoke role's IAM statements/);
  });
});

describe('the hub with member accounts', () => {
  const assumeStatements = (stack: PackagedStack, role: string) =>
    roleStatements(stack.template, role).filter((s) => actionsOf(s).includes('sts:AssumeRole'));

  it('has no AssumeRole, external id or Organizations statement without accounts', () => {
    expect(
      allStatements(dev.template).filter(({ statement }) =>
        /sts:|organizations:/.test(JSON.stringify(actionsOf(statement))),
      ),
    ).toEqual([]);
    expect(JSON.stringify(dev.template.Resources)).not.toContain('spoke-external-id"}');
  });

  it('lets both roles assume the accounts’ spoke roles, by their names, and read the external id', () => {
    const parameter = {
      'Fn::Sub':
        'arn:$' +
        '{AWS::Partition}:ssm:$' +
        '{AWS::Region}:$' +
        '{AWS::AccountId}:parameter/stopinator/hub/spoke-external-id',
    };
    for (const role of ['SchedulerRole', 'BotRole']) {
      const [assume, ...more] = assumeStatements(accounts, role);
      expect(more, role).toEqual([]);
      expect(actionsOf(assume as PolicyStatement)).toEqual(['sts:AssumeRole']);
      // The default name for stage `hub` (accounts and organization), and the one configured.
      expect(resourcesOf(assume as PolicyStatement).map((r) => resolveSub(r, {}))).toEqual([
        'arn:$' + '{AWS::Partition}:iam::*:role/stopinator-spoke-hub',
        `arn:$\{AWS::Partition}:iam::*:role/${ACCOUNTS_CONFIG_CHANGES.accounts[1].role}`,
      ]);
      const ssm = roleStatements(accounts.template, role).filter((s) =>
        resourcesOf(s).some((r) => JSON.stringify(r).includes('spoke-external-id')),
      );
      expect(ssm.map((s) => s.Sid)).toEqual(['ReadSpokeExternalId']);
      expect(resourcesOf(ssm[0] as PolicyStatement)).toEqual([parameter]);
      const decrypt = roleStatements(accounts.template, role).find(
        (s) => s.Sid === 'DecryptSpokeExternalIdViaSsm',
      );
      expect(decrypt?.Condition?.StringEquals?.['kms:EncryptionContext:PARAMETER_ARN']).toEqual([
        parameter,
      ]);
    }
    const variables = (fn: string) =>
      accounts.template.Resources[fn]?.Properties?.Environment as { Variables: object };
    for (const fn of ['SchedulerLambdaFunction', 'BotLambdaFunction']) {
      expect(variables(fn).Variables).toMatchObject({
        SPOKE_EXTERNAL_ID_PARAM: '/stopinator/hub/spoke-external-id',
      });
    }
  });

  it('lets the scheduler alone list the organization’s accounts', () => {
    const lists = (role: string) =>
      roleStatements(accounts.template, role).filter((s) =>
        actionsOf(s).some((a) => a.startsWith('organizations:')),
      );
    expect(lists('SchedulerRole').flatMap(actionsOf)).toEqual([
      'organizations:ListAccountsForParent',
      'organizations:ListOrganizationalUnitsForParent',
    ]);
    expect(lists('BotRole')).toEqual([]);
  });

  it('keeps each role’s inline policies within IAM’s limit with the accounts’ statements', () => {
    for (const role of ['SchedulerRole', 'BotRole']) {
      const policies = accounts.template.Resources[role]?.Properties?.Policies as {
        PolicyDocument: unknown;
      }[];
      const total = policies.reduce((sum, p) => sum + resolvedPolicySize(p.PolicyDocument), 0);
      expect(total, role).toBeLessThanOrEqual(ROLE_INLINE_POLICIES_MAX);
    }
  });
});
