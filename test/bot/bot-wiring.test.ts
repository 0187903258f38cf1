import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateTagsCommand,
  DeleteTagsCommand,
  EC2Client,
  StartInstancesCommand,
} from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { botDeps } from '../../src/bot/bot-wiring.js';
import { parseConfig } from '../../src/core/config.js';
import { memoryLogger } from '../fixtures/memory-ports.js';

const ec2 = mockClient(EC2Client);
const sts = mockClient(STSClient);

afterEach(() => {
  ec2.reset();
  sts.reset();
});

describe('the bot’s EC2 fleet', () => {
  it('starts instances without writing tags, which its IAM role does not allow', async () => {
    // Prepare
    ec2.on(StartInstancesCommand).resolves({ StartingInstances: [] });
    const deps = botDeps({
      config: parseConfig({
        defaultSchedule: 'office',
        regions: ['eu-west-1'],
        schedules: { office: { timezone: 'Europe/Paris', start: '08:00', stop: '20:00' } },
      }),
      dynamo: new DynamoDBClient({ region: 'eu-west-1' }),
      tableName: 'stopinator-wiring-test',
      log: memoryLogger().log,
    });

    // Act
    const outcomes = await (await deps.fleet()).startInstances('eu-west-1', ['i-0a', 'i-0b']);

    // Assess
    expect(outcomes).toEqual([
      { instanceId: 'i-0a', ok: true },
      { instanceId: 'i-0b', ok: true },
    ]);
    expect(ec2.commandCalls(StartInstancesCommand)).toHaveLength(1);
    expect(ec2.commandCalls(DeleteTagsCommand)).toHaveLength(0);
    expect(ec2.commandCalls(CreateTagsCommand)).toHaveLength(0);
  });
});

describe('the bot’s fleet in member accounts', () => {
  it('wakes through the account’s spoke role, as stopinator-bot-<stage>, with the external id', async () => {
    // Prepare
    ec2.on(StartInstancesCommand).resolves({ StartingInstances: [] });
    sts.on(AssumeRoleCommand).resolves({
      Credentials: {
        AccessKeyId: 'ASIADEV',
        SecretAccessKey: 'secret',
        SessionToken: 'token',
        Expiration: new Date(Date.now() + 3_600_000),
      },
    });
    const deps = botDeps({
      config: parseConfig({
        defaultSchedule: 'office',
        regions: ['eu-west-1'],
        accounts: [{ id: '111111111111', name: 'dev' }],
        schedules: { office: { timezone: 'Europe/Paris', start: '08:00', stop: '20:00' } },
      }),
      dynamo: new DynamoDBClient({ region: 'eu-west-1' }),
      tableName: 'stopinator-wiring-test',
      log: memoryLogger().log,
      env: { AWS_REGION: 'eu-west-1', SPOKE_EXTERNAL_ID: 'the-external-id' },
      stage: 'prod',
    });

    // Act
    const outcomes = await (await deps.fleet()).startInstances('111111111111/eu-west-1', ['i-0a']);

    // Assess: the mock answers before the SDK signs; the client's credentials are the role's.
    expect(outcomes).toEqual([{ instanceId: 'i-0a', ok: true }]);
    const [start] = ec2.commandCalls(StartInstancesCommand);
    const credentials = await start?.thisValue.config.credentials();
    expect(credentials?.accessKeyId).toBe('ASIADEV');
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input)).toEqual([
      {
        RoleArn: 'arn:aws:iam::111111111111:role/stopinator-spoke-prod',
        RoleSessionName: 'stopinator-bot-prod',
        ExternalId: 'the-external-id',
        DurationSeconds: 3600,
      },
    ]);
    expect(ec2.commandCalls(CreateTagsCommand)).toHaveLength(0);
  });
});
