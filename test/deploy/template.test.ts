import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type {
  CloudFormationResource,
  CloudFormationTemplate,
  PackagedStack,
} from '../../scripts/deploy/package-stack.js';
import { TABLE_DEFINITION } from '../../src/aws/table-definition.js';
import { AUDIT_PK, CURSOR_KEY, FLEET_PK, REQUEST_PK, SNOOZE_PK } from '../../src/aws/table-keys.js';
import { EXCLUDED_VALUES } from '../../src/core/config.js';
import { stopMarkTagKey } from '../../src/core/instance.js';
import { loadConfig } from '../../src/runtime/load-config.js';
import {
  actionsOf,
  allowedActions,
  allStatements,
  conditionHolds,
  type PolicyStatement,
  resourcesOf,
  roleStatements,
} from './iam.js';
import {
  LOCAL_SECRETS,
  PACKAGE_TIMEOUT_MS,
  PROD_CONFIG_CHANGES,
  packagedStack,
  REPO_ROOT,
} from './packaged-stack.js';

let dev: PackagedStack;
let prod: PackagedStack;
const config = loadConfig(join(REPO_ROOT, 'stopinator.config.yml'));

beforeAll(async () => {
  [dev, prod] = await Promise.all([packagedStack('dev'), packagedStack('prod')]);
}, PACKAGE_TIMEOUT_MS);

function resource(template: CloudFormationTemplate, id: string): CloudFormationResource {
  const found = template.Resources[id];
  if (!found) throw new Error(`no resource ${id} in the template`);
  return found;
}

function ofType(
  template: CloudFormationTemplate,
  type: string,
): [string, CloudFormationResource][] {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties are untyped JSON; the tests walk them.
const props = (r: CloudFormationResource) => (r.Properties ?? {}) as Record<string, any>;
/** A CloudFormation `Fn::Sub` string, written without a template literal. */
const sub = (text: string) => ({ 'Fn::Sub': text.replaceAll('{{', '${').replaceAll('}}', '}') });
const getAtt = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });

describe('the schedule', () => {
  it('runs the scheduler function at the configured interval with the scheduled time', () => {
    const [[, schedule] = []] = ofType(dev.template, 'AWS::Scheduler::Schedule');
    expect(schedule).toBeDefined();
    const p = props(schedule as CloudFormationResource);

    expect(p.ScheduleExpression).toBe(`rate(${config.scheduler.intervalMinutes} minutes)`);
    expect(p.ScheduleExpression).toBe('rate(5 minutes)');
    expect(p.State).toBe('ENABLED');
    expect(p.Target.Arn).toEqual(getAtt('SchedulerLambdaFunction'));
    expect(JSON.parse(p.Target.Input)).toEqual({
      scheduledTime: '<aws.scheduler.scheduled-time>',
    });
  });

  it('retries delivery for less than one interval, then dead-letters to a queue', () => {
    const p = props(ofType(dev.template, 'AWS::Scheduler::Schedule')[0]?.[1] as never);

    expect(p.Target.RetryPolicy.MaximumRetryAttempts).toBeGreaterThanOrEqual(1);
    expect(p.Target.RetryPolicy.MaximumEventAgeInSeconds).toBeGreaterThanOrEqual(60);
    expect(p.Target.RetryPolicy.MaximumEventAgeInSeconds).toBeLessThan(5 * 60);
    const [queueId] = p.Target.DeadLetterConfig.Arn['Fn::GetAtt'];
    expect(resource(dev.template, queueId).Type).toBe('AWS::SQS::Queue');
  });

  it('sends runs that still fail after Lambda retried them to the same queue', () => {
    const config = props(resource(dev.template, 'SchedulerLambdaEvConf'));
    const schedule = props(ofType(dev.template, 'AWS::Scheduler::Schedule')[0]?.[1] as never);

    expect(config.MaximumRetryAttempts).toBe(1);
    expect(config.DestinationConfig.OnFailure.Destination).toEqual(
      schedule.Target.DeadLetterConfig.Arn,
    );
  });

  it('invokes with a role of its own that can do nothing else', () => {
    const p = props(ofType(dev.template, 'AWS::Scheduler::Schedule')[0]?.[1] as never);
    const [roleId] = p.Target.RoleArn['Fn::GetAtt'];
    const role = props(resource(dev.template, roleId));

    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      }),
    ]);
    expect(roleStatements(dev.template, roleId).map((s) => [actionsOf(s), resourcesOf(s)])).toEqual(
      [
        [['lambda:InvokeFunction'], [getAtt('SchedulerLambdaFunction')]],
        [['sqs:SendMessage'], [getAtt('SchedulerDeadLetterQueue')]],
      ],
    );
  });

  it('takes its rate from scheduler.interval of the shipped configuration', () => {
    const p = props(ofType(prod.template, 'AWS::Scheduler::Schedule')[0]?.[1] as never);

    expect(p.ScheduleExpression).toBe('rate(10 minutes)');
    expect(p.Target.RetryPolicy.MaximumEventAgeInSeconds).toBeLessThan(10 * 60);
  });
});

describe('the Slack route', () => {
  it('sends POST /slack/events to the bot function, payload 2.0', () => {
    const routes = ofType(dev.template, 'AWS::ApiGatewayV2::Route').map(([, r]) => props(r));
    expect(routes.map((r) => r.RouteKey)).toEqual(['POST /slack/events']);

    const join = routes[0]?.Target['Fn::Join'] as [string, [string, { Ref: string }]];
    const [, [, integrationId]] = join;
    const integration = props(resource(dev.template, integrationId.Ref));
    expect(integration.PayloadFormatVersion).toBe('2.0');
    expect(JSON.stringify(integration.IntegrationUri)).toContain('BotLambdaFunction');
  });
});

describe('limits', () => {
  it('throttle the Slack route at the HTTP API stage, 20 requests a second, bursts of 40', () => {
    for (const stack of [dev, prod]) {
      const stages = ofType(stack.template, 'AWS::ApiGatewayV2::Stage');
      expect(stages.map(([id]) => id)).toEqual(['HttpApiStage']);
      const [[, stage]] = stages as [[string, CloudFormationResource]];
      expect(props(stage).StageName).toBe('$default');
      expect(props(stage).DefaultRouteSettings).toEqual({
        DetailedMetricsEnabled: false,
        ThrottlingRateLimit: 20,
        ThrottlingBurstLimit: 40,
      });
      expect(props(stage).RouteSettings).toBeUndefined();
    }
  });

  it('let one scheduler run at a time, and leave the bot unreserved', () => {
    const fn = (id: string) => props(resource(dev.template, id));

    expect(fn('SchedulerLambdaFunction').ReservedConcurrentExecutions).toBe(1);
    expect(fn('BotLambdaFunction').ReservedConcurrentExecutions).toBeUndefined();
    expect(
      props(resource(prod.template, 'SchedulerLambdaFunction')).ReservedConcurrentExecutions,
    ).toBe(1);
  });
});

describe('the table', () => {
  const table = () => props(ofType(dev.template, 'AWS::DynamoDB::Table')[0]?.[1] as never);

  it('has the keys, billing mode and TTL of src/aws/table-definition.ts', () => {
    expect(table().KeySchema).toEqual(TABLE_DEFINITION.KeySchema);
    expect(table().AttributeDefinitions).toEqual(TABLE_DEFINITION.AttributeDefinitions);
    expect(table().BillingMode).toBe('PAY_PER_REQUEST');
    expect(table().TimeToLiveSpecification).toEqual({ AttributeName: 'ttl', Enabled: true });
    expect(table().TimeToLiveSpecification).toEqual(TABLE_DEFINITION.TimeToLiveSpecification);
  });

  it('keeps point-in-time recovery on every stage', () => {
    for (const stack of [dev, prod]) {
      const p = props(ofType(stack.template, 'AWS::DynamoDB::Table')[0]?.[1] as never);
      expect(p.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    }
  });

  it('is protected from deletion on prod only', () => {
    const prodTable = props(ofType(prod.template, 'AWS::DynamoDB::Table')[0]?.[1] as never);

    expect(table().DeletionProtectionEnabled).toBe(false);
    expect(prodTable.DeletionProtectionEnabled).toBe(true);
    expect(table().TableName).toBe('stopinator-dev');
    expect(prodTable.TableName).toBe('stopinator-prod');
  });
});

describe('the functions', () => {
  const fn = (stack: PackagedStack, name: string) =>
    props(resource(stack.template, `${name[0]?.toUpperCase()}${name.slice(1)}LambdaFunction`));

  it('run on Node.js 24, arm64, with their handler, timeout and memory', () => {
    expect(fn(dev, 'scheduler')).toMatchObject({
      Handler: 'src/scheduler/handler.handler',
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Timeout: 120,
      MemorySize: 512,
    });
    expect(fn(dev, 'bot')).toMatchObject({
      Handler: 'src/bot/handler.handler',
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Timeout: 10,
      MemorySize: 1024,
    });
  });

  it('get the table, the shipped configuration and the secrets parameter names they use', () => {
    const common = {
      STOPINATOR_TABLE: { Ref: 'StopinatorTable' },
      STOPINATOR_CONFIG_FILE: dev.values.configFile,
      SLACK_BOT_TOKEN_PARAM: '/stopinator/dev/slack-bot-token',
      SPOKE_EXTERNAL_ID_PARAM: '/stopinator/dev/spoke-external-id',
      STOPINATOR_STAGE: 'dev',
      NODE_OPTIONS: '--enable-source-maps',
      LOG_LEVEL: 'info',
    };
    expect(fn(dev, 'scheduler').Environment.Variables).toEqual({
      ...common,
      STOPINATOR_WORKER_QUEUE_URL: { Ref: 'WorkerQueue' },
    });
    expect(fn(dev, 'worker').Environment.Variables).toEqual(common);
    expect(fn(dev, 'bot').Environment.Variables).toEqual({
      ...common,
      SLACK_SIGNING_SECRET_PARAM: '/stopinator/dev/slack-signing-secret',
    });
    expect(fn(prod, 'scheduler').Environment.Variables.STOPINATOR_STAGE).toBe('prod');
    expect(fn(prod, 'bot').Environment.Variables.SLACK_BOT_TOKEN_PARAM).toBe(
      '/stopinator/prod/slack-bot-token',
    );
    expect(fn(prod, 'bot').Environment.Variables.SLACK_SIGNING_SECRET_PARAM).toBe(
      '/stopinator/prod/slack-signing-secret',
    );
  });

  it('each have a role of their own, the worker the scheduler’s', () => {
    expect(fn(dev, 'scheduler').Role).toEqual(getAtt('SchedulerRole'));
    expect(fn(dev, 'bot').Role).toEqual(getAtt('BotRole'));
    // The spoke roles trust the scheduler's role by name; the worker acts for the scheduler.
    expect(fn(dev, 'worker').Role).toEqual(getAtt('SchedulerRole'));
    expect(dev.template.Resources.IamRoleLambdaExecution).toBeUndefined();
    // Named, so that member accounts' spoke roles can trust them (spoke/): stage and region.
    const roleName = (stack: PackagedStack, role: string) =>
      props(stack.template.Resources[role] as CloudFormationResource).RoleName;
    expect(roleName(dev, 'SchedulerRole')).toBe('stopinator-dev-eu-west-1-scheduler');
    expect(roleName(dev, 'BotRole')).toBe('stopinator-dev-eu-west-1-bot');
    expect(roleName(prod, 'SchedulerRole')).toBe('stopinator-prod-eu-central-1-scheduler');
  });

  it('keep their logs 14 days on dev and 90 on prod', () => {
    const retention = (stack: PackagedStack) =>
      ofType(stack.template, 'AWS::Logs::LogGroup').map(([, g]) => props(g).RetentionInDays);
    expect(retention(dev)).toEqual([14, 14, 14]);
    expect(retention(prod)).toEqual([90, 90, 90]);
  });
});

describe('no secret in the stack', () => {
  it('carries no secret value, even when the packaging shell has them set', () => {
    for (const stack of [dev, prod]) {
      const text = readFileSync(
        join(stack.serviceDir, '.serverless/cloudformation-template-update-stack.json'),
        'utf8',
      );
      expect(text).not.toContain('xoxb-');
      expect(text).not.toContain(LOCAL_SECRETS.SLACK_SIGNING_SECRET);
      expect(text).not.toContain(LOCAL_SECRETS.SLACK_BOT_TOKEN);
    }
  });

  it('gives the functions parameter names, never variables holding the secrets', () => {
    for (const [, fn] of ofType(dev.template, 'AWS::Lambda::Function')) {
      const variables = props(fn).Environment.Variables as Record<string, unknown>;
      const secretNamed = Object.keys(variables).filter((name) =>
        /SLACK_(BOT_TOKEN|SIGNING_SECRET|TOKEN|SECRET)$|_TOKEN$|_SECRET$/.test(name),
      );
      expect(secretNamed).toEqual([]);
      expect(JSON.stringify(variables)).not.toMatch(/xox[abp]-/);
      for (const [name, value] of Object.entries(variables)) {
        if (/SLACK/.test(name)) expect(value).toMatch(/^\/stopinator\/dev\/slack-[a-z-]+$/);
      }
    }
  });
});

describe('IAM, least privilege', () => {
  const statements = () => [...allStatements(dev.template), ...allStatements(prod.template)];
  const allows = () => statements().filter(({ statement }) => statement.Effect === 'Allow');
  const instanceActions = [
    'ec2:StopInstances',
    'ec2:StartInstances',
    'ec2:CreateTags',
    'ec2:DeleteTags',
  ];

  it('grants no wildcard action', () => {
    for (const { owner, statement } of allows()) {
      for (const action of actionsOf(statement)) {
        expect(action, `${owner}: ${action}`).not.toContain('*');
      }
    }
  });

  it('grants Resource "*" only for the describe calls, one each, in the managed regions (and prices)', () => {
    const describes = new Set([
      'ec2:DescribeInstances',
      'rds:DescribeDBInstances',
      'rds:DescribeDBClusters',
      'autoscaling:DescribeAutoScalingGroups',
    ]);
    for (const [stack, regions] of [
      [dev, config.regions],
      [prod, PROD_CONFIG_CHANGES.regions],
    ] as const) {
      for (const { owner, statement } of allStatements(stack.template)) {
        if (!resourcesOf(statement).includes('*')) continue;
        // Public prices, in the Price List's own region (checked below).
        if (actionsOf(statement).join() === 'pricing:GetProducts') continue;
        expect(actionsOf(statement), owner).toHaveLength(1);
        expect(describes, owner).toContain(actionsOf(statement)[0]);
        expect(statement.Condition, owner).toEqual({
          StringEquals: { 'aws:RequestedRegion': regions },
        });
      }
    }
  });

  it('lets stop, start and tag calls touch only instances carrying the tag, not opted out', () => {
    for (const [stack, tagKey] of [
      [dev, config.tagKey],
      [prod, PROD_CONFIG_CHANGES.tagKey],
    ] as const) {
      const ec2Writes = allStatements(stack.template).filter(({ statement }) =>
        actionsOf(statement).some((a) => instanceActions.includes(a)),
      );
      expect(ec2Writes.map(({ owner }) => owner)).toEqual([
        'SchedulerRole',
        'SchedulerRole',
        'BotRole',
      ]);
      for (const { owner, statement } of ec2Writes) {
        expect(statement.Condition?.StringLike, owner).toEqual({
          [`aws:ResourceTag/${tagKey}`]: '*',
        });
        expect(statement.Condition?.StringNotEqualsIgnoreCase, owner).toEqual({
          [`aws:ResourceTag/${tagKey}`]: ['off', 'false', 'never', 'no'],
        });
        for (const arn of resourcesOf(statement)) {
          expect(arn).toEqual(sub('arn:{{AWS::Partition}}:ec2:*:{{AWS::AccountId}}:instance/*'));
        }
      }
    }
  });

  it('refuses, by IAM’s rules, instances untagged or tagged with an opt-out value', () => {
    const [stop] = roleStatements(prod.template, 'SchedulerRole').filter((s) =>
      actionsOf(s).includes('ec2:StopInstances'),
    );
    const condition = stop?.Condition ?? {};
    const region = { 'aws:RequestedRegion': PROD_CONFIG_CHANGES.regions[0] };
    const tagged = (value?: string) =>
      conditionHolds(condition, {
        ...region,
        [`aws:ResourceTag/${PROD_CONFIG_CHANGES.tagKey}`]: value,
      });

    for (const value of ['true', 'on', 'default', '', 'office-hours', 'offline'])
      expect(tagged(value), value).toBe(true);
    for (const value of [...EXCLUDED_VALUES, 'OFF', 'False', 'Never', 'NO'])
      expect(tagged(value), value).toBe(false);
    expect(tagged(undefined)).toBe(false);
    expect(conditionHolds(condition, { ...region, 'aws:ResourceTag/stopinator': 'true' })).toBe(
      false,
    );
  });

  it('limits tag writes to the scheduler’s stop mark', () => {
    for (const [stack, tagKey] of [
      [dev, config.tagKey],
      [prod, PROD_CONFIG_CHANGES.tagKey],
    ] as const) {
      const tagWrites = allStatements(stack.template).filter(({ statement }) =>
        actionsOf(statement).some((a) => a === 'ec2:CreateTags' || a === 'ec2:DeleteTags'),
      );
      expect(tagWrites.map(({ owner }) => owner)).toEqual(['SchedulerRole']);
      const [{ statement }] = tagWrites as [(typeof tagWrites)[number]];
      expect(actionsOf(statement)).toEqual(['ec2:CreateTags', 'ec2:DeleteTags']);
      expect(statement.Condition?.['ForAllValues:StringEquals']).toEqual({
        'aws:TagKeys': [stopMarkTagKey(tagKey)],
      });
      expect(statement.Condition?.Null).toEqual({ 'aws:TagKeys': 'false' });

      const onTagged = {
        [`aws:ResourceTag/${tagKey}`]: 'true',
        'aws:RequestedRegion': stack.values.regions[0],
      };
      const writes = (keys?: string[]) =>
        conditionHolds(statement.Condition ?? {}, { ...onTagged, 'aws:TagKeys': keys });
      expect(writes([stopMarkTagKey(tagKey)])).toBe(true);
      expect(writes([stopMarkTagKey(tagKey), tagKey])).toBe(false);
      expect(writes([tagKey])).toBe(false);
      // A DeleteTags naming no tag would remove them all.
      expect(writes(undefined)).toBe(false);
    }
  });

  it('holds every EC2 call in the regions the configuration manages, and only there', () => {
    const regions = (stack: PackagedStack) =>
      allStatements(stack.template)
        .filter(({ statement }) => actionsOf(statement).some((a) => a.startsWith('ec2:')))
        .map(({ statement }) => statement.Condition?.StringEquals?.['aws:RequestedRegion']);
    expect(regions(dev)).toEqual(Array(5).fill(config.regions));
    expect(regions(prod)).toEqual(Array(5).fill(PROD_CONFIG_CHANGES.regions));

    const [stop] = roleStatements(prod.template, 'SchedulerRole').filter((s) =>
      actionsOf(s).includes('ec2:StopInstances'),
    );
    const tagged = { [`aws:ResourceTag/${PROD_CONFIG_CHANGES.tagKey}`]: 'true' };
    const inRegion = (region: string) =>
      conditionHolds(stop?.Condition ?? {}, { ...tagged, 'aws:RequestedRegion': region });
    expect(inRegion('us-east-1')).toBe(true);
    expect(inRegion('eu-central-1')).toBe(true);
    expect(inRegion('eu-west-1')).toBe(false);
  });

  it('lets the bot read the fleet and start instances, nothing more on EC2', () => {
    const ec2 = (role: string) =>
      [...allowedActions(dev.template, role)].filter((a) => a.startsWith('ec2:')).sort();

    expect(ec2('BotRole')).toEqual(['ec2:DescribeInstances', 'ec2:StartInstances']);
    expect(ec2('SchedulerRole')).toEqual([
      'ec2:CreateTags',
      'ec2:DeleteTags',
      'ec2:DescribeInstances',
      'ec2:StartInstances',
      'ec2:StopInstances',
    ]);
  });

  it('uses DynamoDB item actions on the stopinator table only, each by partition key', () => {
    const itemActions = new Set([
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:Query',
      'dynamodb:ConditionCheckItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
    ]);
    const dynamo = allows().filter(({ statement }) =>
      actionsOf(statement).some((a) => a.startsWith('dynamodb:')),
    );
    expect(dynamo.length).toBe(8);
    for (const { owner, statement } of dynamo) {
      for (const action of actionsOf(statement)) expect(itemActions).toContain(action);
      expect(resourcesOf(statement)).toEqual([getAtt('StopinatorTable')]);
      expect(Object.keys(statement.Condition ?? {}), owner).toEqual(['ForAllValues:StringEquals']);
      expect(Object.keys(statement.Condition?.['ForAllValues:StringEquals'] ?? {})).toEqual([
        'dynamodb:LeadingKeys',
      ]);
    }
  });

  it('lets each role read and write only its own partitions of the table', () => {
    const reads = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];
    const writes = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];
    const partitions = (role: string, action: string) => {
      const statements = roleStatements(dev.template, role).filter((s) =>
        actionsOf(s).includes(action),
      );
      expect(statements, `${role} ${action}`).toHaveLength(1);
      const keys = statements[0]?.Condition?.['ForAllValues:StringEquals']?.[
        'dynamodb:LeadingKeys'
      ] as string[];
      return [...keys].sort();
    };

    for (const action of [...reads, 'dynamodb:ConditionCheckItem']) {
      expect(partitions('SchedulerRole', action)).toEqual(
        [
          'alert',
          'audit',
          'cursor',
          'digest',
          'fleet',
          'journal',
          'organization',
          'pending',
          'price',
          'run',
          'snooze',
        ].sort(),
      );
      expect(partitions('BotRole', action)).toEqual([
        'audit',
        'cursor',
        'fleet',
        'journal',
        'pending',
        'price',
        'request',
        'snooze',
      ]);
    }
    for (const action of [...writes, 'dynamodb:BatchWriteItem']) {
      expect(partitions('SchedulerRole', action)).toEqual([
        'alert',
        'cursor',
        'digest',
        'fleet',
        'journal',
        'organization',
        'pending',
        'price',
        'run',
      ]);
    }
    for (const action of writes) {
      expect(partitions('BotRole', action)).toEqual(['audit', 'request', 'snooze']);
    }
    expect(allowedActions(dev.template, 'BotRole').has('dynamodb:BatchWriteItem')).toBe(false);
    // The keys the code writes today are among them.
    expect(partitions('SchedulerRole', 'dynamodb:PutItem')).toContain(CURSOR_KEY.pk);
    expect(partitions('BotRole', 'dynamodb:PutItem')).toEqual(
      [AUDIT_PK, REQUEST_PK, SNOOZE_PK].sort(),
    );
    expect(partitions('SchedulerRole', 'dynamodb:PutItem')).toContain(FLEET_PK);
  });

  it('refuses, by IAM’s rules, a request touching another role’s partition', () => {
    const [write] = roleStatements(dev.template, 'SchedulerRole').filter((s) =>
      actionsOf(s).includes('dynamodb:BatchWriteItem'),
    );
    const writes = (...keys: string[]) =>
      conditionHolds(write?.Condition ?? {}, { 'dynamodb:LeadingKeys': keys });

    expect(writes('cursor')).toBe(true);
    expect(writes('journal', 'fleet')).toBe(true);
    expect(writes('snooze')).toBe(false);
    expect(writes('journal', 'audit')).toBe(false);
  });

  it('reads only its own stage parameters, and decrypts them only through SSM', () => {
    for (const [stack, stage] of [
      [dev, 'dev'],
      [prod, 'prod'],
    ] as const) {
      const parameterArn = (name: string) => ({
        'Fn::Sub': `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/stopinator/${stage}/${name}`,
      });
      for (const [role, names] of [
        // The scheduler posts to Slack; only the bot verifies Slack's requests.
        ['SchedulerRole', ['slack-bot-token']],
        ['BotRole', ['slack-signing-secret', 'slack-bot-token']],
      ] as const) {
        const ssm = roleStatements(stack.template, role).filter((s) =>
          actionsOf(s).some((a) => a.startsWith('ssm:')),
        );
        expect(ssm.flatMap(actionsOf).sort()).toEqual(['ssm:GetParameter', 'ssm:GetParameters']);
        expect(ssm.flatMap(resourcesOf), role).toEqual(names.map(parameterArn));

        const kms = roleStatements(stack.template, role).filter((s) =>
          actionsOf(s).some((a) => a.startsWith('kms:')),
        ) as PolicyStatement[];
        expect(kms.flatMap(actionsOf)).toEqual(['kms:Decrypt']);
        expect(kms[0]?.Condition, role).toEqual({
          StringEquals: {
            'kms:ViaService': sub('ssm.{{AWS::Region}}.amazonaws.com'),
            'kms:EncryptionContext:PARAMETER_ARN': names.map(parameterArn),
          },
        });
      }
    }
  });

  it('lets the scheduler alone read on-demand prices, in the Price List’s region', () => {
    const pricing = (role: string) =>
      roleStatements(dev.template, role).filter((s) =>
        actionsOf(s).some((a) => a.startsWith('pricing:')),
      ) as PolicyStatement[];
    const [statement, ...more] = pricing('SchedulerRole');
    expect(more).toEqual([]);
    expect(actionsOf(statement as PolicyStatement)).toEqual(['pricing:GetProducts']);
    expect(statement?.Condition).toEqual({
      StringEquals: { 'aws:RequestedRegion': 'us-east-1' },
    });
    expect(pricing('BotRole')).toEqual([]);
  });

  it('keeps the signing secret from the scheduler entirely', () => {
    const text = JSON.stringify(roleStatements(prod.template, 'SchedulerRole'));
    expect(text).not.toContain('slack-signing-secret');
    expect(text).not.toMatch(/parameter\/stopinator\/prod\/\*/);
  });

  it('writes logs only to the functions’ own log groups', () => {
    for (const [role, names] of [
      ['SchedulerRole', ['scheduler', 'worker']],
      ['BotRole', ['bot']],
    ] as const) {
      const logs = roleStatements(dev.template, role).filter((s) =>
        actionsOf(s).some((a) => a.startsWith('logs:')),
      );
      expect(logs.flatMap(actionsOf)).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
      expect(logs.flatMap(resourcesOf)).toEqual(
        names.map((name) => ({
          'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/stopinator-dev-${name}:*`,
        })),
      );
    }
  });

  it('gives each role exactly the services it needs', () => {
    const services = (role: string) =>
      [...allowedActions(dev.template, role)].map((a) => a.split(':')[0]).sort();
    const kinds = ['ec2', 'rds', 'autoscaling'];
    expect(new Set(services('SchedulerRole'))).toEqual(
      new Set(['logs', ...kinds, 'dynamodb', 'ssm', 'kms', 'sqs', 'pricing']),
    );
    expect(new Set(services('BotRole'))).toEqual(
      new Set(['logs', ...kinds, 'dynamodb', 'ssm', 'kms']),
    );
  });
});

describe('scale-out', () => {
  const queue = (stack: PackagedStack, id: string) => props(resource(stack.template, id));

  it('queues a run’s batches for the worker, with a dead-letter queue after three receives', () => {
    for (const stack of [dev, prod]) {
      const work = queue(stack, 'WorkerQueue');
      expect(resource(stack.template, 'WorkerQueue').Type).toBe('AWS::SQS::Queue');
      expect(work.RedrivePolicy).toEqual({
        deadLetterTargetArn: getAtt('WorkerDeadLetterQueue'),
        maxReceiveCount: 3,
      });
      expect(work.SqsManagedSseEnabled).toBe(true);
      const dlq = queue(stack, 'WorkerDeadLetterQueue');
      expect(dlq.MessageRetentionPeriod).toBe(14 * 86_400);
      expect(dlq.RedriveAllowPolicy).toEqual({
        redrivePermission: 'byQueue',
        sourceQueueArns: [getAtt('WorkerQueue')],
      });
      expect(stack.template.Outputs?.WorkerDeadLetterQueueUrl).toMatchObject({
        Value: { Ref: 'WorkerDeadLetterQueue' },
      });
    }
  });

  it('invokes the worker one batch at a time, reporting failed batches, at most 10 at once', () => {
    const mappings = ofType(dev.template, 'AWS::Lambda::EventSourceMapping').map(([, m]) =>
      props(m),
    );
    expect(mappings).toHaveLength(1);
    const [mapping] = mappings;
    expect(mapping).toMatchObject({
      EventSourceArn: getAtt('WorkerQueue'),
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 10 },
      Enabled: true,
    });
    expect(JSON.stringify(mapping?.FunctionName)).toContain('WorkerLambdaFunction');
  });

  it('keeps a batch invisible longer than the worker may run', () => {
    const worker = props(resource(dev.template, 'WorkerLambdaFunction'));
    expect(worker.Handler).toBe('src/scheduler/worker.handler');
    expect(queue(dev, 'WorkerQueue').VisibilityTimeout).toBeGreaterThan(worker.Timeout);
    // Tried again before the next run: the interval is 5 minutes on dev.
    expect(queue(dev, 'WorkerQueue').VisibilityTimeout).toBeLessThan(5 * 60);
  });

  it('lets the scheduler role send to the worker queue and receive from it, nothing else on SQS', () => {
    const sqs = roleStatements(dev.template, 'SchedulerRole').filter((s) =>
      actionsOf(s).some((a) => a.startsWith('sqs:')),
    );
    expect(sqs.map((s) => [[...actionsOf(s)].sort(), resourcesOf(s)])).toEqual([
      [['sqs:SendMessage'], [getAtt('SchedulerDeadLetterQueue')]],
      [['sqs:SendMessage'], [getAtt('WorkerQueue')]],
      [
        ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'],
        [getAtt('WorkerQueue')],
      ],
    ]);
    const others = allStatements(dev.template).filter(
      ({ owner, statement }) =>
        owner !== 'SchedulerRole' && JSON.stringify(resourcesOf(statement)).includes('WorkerQueue'),
    );
    expect(others).toEqual([]);
    expect(JSON.stringify(roleStatements(dev.template, 'BotRole'))).not.toContain('sqs:');
  });
});
