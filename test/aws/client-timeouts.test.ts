import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoClient } from '../../src/aws/dynamo-client.js';
import { ec2ClientsByRegion } from '../../src/aws/ec2-clients.js';
import { BOT_CLIENT_SETTINGS, RETRY_SETTINGS } from '../../src/aws/retry-settings.js';
import { TEST_CREDENTIALS } from '../support/aws-clients.js';

// A server on 127.0.0.1 that accepts requests and never answers: a hung AWS call.
let server: Server;
let url = '';
beforeAll(async () => {
  server = createServer(() => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const short = {
  maxAttempts: 1,
  requestHandler: { connectionTimeout: 200, requestTimeout: 300, throwOnRequestTimeout: true },
};

describe('every AWS client has timeouts', () => {
  it('the defaults are set: no client waits forever', () => {
    expect(RETRY_SETTINGS.requestHandler).toEqual({
      connectionTimeout: 3_000,
      requestTimeout: 20_000,
      throwOnRequestTimeout: true,
    });
    expect(BOT_CLIENT_SETTINGS.requestHandler.requestTimeout).toBeLessThan(2_000);
  });

  it('a hung EC2 call fails with a timeout instead of running into the Lambda timeout', async () => {
    process.env.AWS_ENDPOINT_URL_EC2 = url;
    try {
      const ec2 = ec2ClientsByRegion(short)('eu-west-1');
      ec2.config.credentials = async () => TEST_CREDENTIALS;
      await expect(ec2.send(new DescribeInstancesCommand({}))).rejects.toMatchObject({
        name: expect.stringMatching(/TimeoutError/),
      });
    } finally {
      delete process.env.AWS_ENDPOINT_URL_EC2;
    }
  });

  it('a hung DynamoDB call too', async () => {
    process.env.AWS_ENDPOINT_URL_DYNAMODB = url;
    try {
      const client = dynamoClient('eu-west-1', short);
      client.config.credentials = async () => TEST_CREDENTIALS;
      await expect(
        client.send(
          new QueryCommand({
            TableName: 't',
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': { S: 'x' } },
          }),
        ),
      ).rejects.toMatchObject({ name: expect.stringMatching(/TimeoutError/) });
    } finally {
      delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
    }
  });
});
