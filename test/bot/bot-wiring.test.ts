import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateTagsCommand,
  DeleteTagsCommand,
  EC2Client,
  StartInstancesCommand,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { botDeps } from '../../src/bot/bot-wiring.js';
import { parseConfig } from '../../src/core/config.js';
import { memoryLogger } from '../fixtures/memory-ports.js';

const ec2 = mockClient(EC2Client);

afterEach(() => ec2.reset());

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
