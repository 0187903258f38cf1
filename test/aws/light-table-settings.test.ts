import { describe, expect, it } from 'vitest';
import {
  EndpointSettingError,
  lightTableSettingsFromEnv,
} from '../../src/aws/light-table-settings.js';

// What Lambda puts in every function's environment.
const LAMBDA_ENV = {
  AWS_REGION: 'eu-west-1',
  AWS_DEFAULT_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'secret',
  AWS_SESSION_TOKEN: 'token',
};

describe('lightTableSettingsFromEnv', () => {
  it("reads a Lambda's region and role keys, with the region's endpoint and the bot's limits", () => {
    expect(lightTableSettingsFromEnv(LAMBDA_ENV)).toEqual({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' },
      endpoint: 'https://dynamodb.eu-west-1.amazonaws.com',
      connectionTimeoutMs: 1_000,
      requestTimeoutMs: 1_500,
      maxAttempts: 2,
    });
  });

  it('takes AWS_DEFAULT_REGION without AWS_REGION, and long-lived keys without a token', () => {
    // Act
    const settings = lightTableSettingsFromEnv({
      AWS_DEFAULT_REGION: 'cn-north-1',
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
    });

    // Assess
    expect(settings?.region).toBe('cn-north-1');
    expect(settings?.endpoint).toBe('https://dynamodb.cn-north-1.amazonaws.com.cn');
    expect(settings?.credentials).toEqual({
      accessKeyId: 'AKIAEXAMPLE',
      secretAccessKey: 'secret',
    });
  });

  it.each([
    ['no region', { AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined }],
    ['no access key', { AWS_ACCESS_KEY_ID: undefined }],
    ['an empty secret key', { AWS_SECRET_ACCESS_KEY: ' ' }],
  ])('leaves it to the SDK with %s', (_, change) => {
    expect(lightTableSettingsFromEnv({ ...LAMBDA_ENV, ...change })).toBeUndefined();
  });

  it('prefers the DynamoDB endpoint setting to the general one', () => {
    // Prepare
    const env = { ...LAMBDA_ENV, AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' };

    // Act + Assess
    expect(lightTableSettingsFromEnv(env)?.endpoint).toBe('http://127.0.0.1:4566');
    expect(
      lightTableSettingsFromEnv({ ...env, AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:5000' })
        ?.endpoint,
    ).toBe('http://127.0.0.1:5000');
  });

  it('ignores configured endpoints when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true', () => {
    // Act
    const settings = lightTableSettingsFromEnv({
      ...LAMBDA_ENV,
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:5000',
      AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'TRUE',
    });

    // Assess
    expect(settings?.endpoint).toBe('https://dynamodb.eu-west-1.amazonaws.com');
  });

  it.each(['127.0.0.1:5000', 'ftp://127.0.0.1'])('refuses the endpoint %s, naming it', (url) => {
    expect(() =>
      lightTableSettingsFromEnv({ ...LAMBDA_ENV, AWS_ENDPOINT_URL_DYNAMODB: url }),
    ).toThrow(EndpointSettingError);
  });
});
