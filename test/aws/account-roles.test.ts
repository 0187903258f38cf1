import { describe, expect, it } from 'vitest';
import {
  AccountRoles,
  AccountUnreachableError,
  type AssumeRole,
  RENEW_BEFORE_MS,
  roleArn,
  unreachableAccount,
} from '../../src/aws/account-roles.js';

const HOUR_MS = 3_600_000;
const DEV = { id: '111111111111', role: 'stopinator-spoke-prod' };

function sts(now: () => number, fail?: (arn: string) => Error | undefined) {
  const calls: Parameters<AssumeRole>[0][] = [];
  const assume: AssumeRole = async (input) => {
    calls.push(input);
    const error = fail?.(input.RoleArn);
    if (error) throw error;
    return {
      Credentials: {
        AccessKeyId: `AKIA${calls.length}`,
        SecretAccessKey: 'secret',
        SessionToken: 'token',
        Expiration: new Date(now() + HOUR_MS),
      },
    };
  };
  return { calls, assume };
}

describe('AccountRoles', () => {
  it('assumes a role once, with the external id, and shares the credentials until near expiry', async () => {
    // Prepare
    let now = Date.parse('2026-11-24T19:00:00Z');
    const { calls, assume } = sts(() => now);
    const roles = new AccountRoles({
      assumeRole: assume,
      externalId: async () => 'the-external-id',
      sessionName: 'stopinator-scheduler-prod',
      hubRegion: 'eu-west-1',
      clock: () => now,
    });
    const credentials = roles.credentialsFor(DEV);

    // Act
    const [a, b] = await Promise.all([credentials(), credentials()]);
    now += HOUR_MS - RENEW_BEFORE_MS - 1;
    const stillFirst = await credentials();
    now += 2;
    const renewed = await credentials();

    // Assess
    expect(calls).toEqual([
      {
        RoleArn: 'arn:aws:iam::111111111111:role/stopinator-spoke-prod',
        RoleSessionName: 'stopinator-scheduler-prod',
        ExternalId: 'the-external-id',
        DurationSeconds: 3600,
      },
      expect.objectContaining({ RoleArn: 'arn:aws:iam::111111111111:role/stopinator-spoke-prod' }),
    ]);
    expect(a.accessKeyId).toBe('AKIA1');
    expect(b).toBe(a);
    expect(stillFirst).toBe(a);
    expect(renewed.accessKeyId).toBe('AKIA2');
    expect(roles.calls).toBe(2);
  });

  it('names the account on a refusal, keeps no failure, and tries again at the next use', async () => {
    // Prepare
    let refuse = true;
    const denied = Object.assign(new Error('not authorized to perform: sts:AssumeRole'), {
      name: 'AccessDenied',
    });
    const { calls, assume } = sts(Date.now, () => (refuse ? denied : undefined));
    const roles = new AccountRoles({
      assumeRole: assume,
      externalId: async () => undefined,
      sessionName: 's',
      hubRegion: 'eu-west-1',
    });

    // Act
    const failure = await roles
      .credentialsFor(DEV)()
      .catch((error: unknown) => error);
    refuse = false;
    const later = await roles.credentialsFor(DEV)();

    // Assess
    expect(failure).toBeInstanceOf(AccountUnreachableError);
    expect((failure as AccountUnreachableError).account).toBe('111111111111');
    expect((failure as Error).message).toBe(
      'could not assume arn:aws:iam::111111111111:role/stopinator-spoke-prod: AccessDenied: not authorized to perform: sts:AssumeRole',
    );
    expect(calls[0]).not.toHaveProperty('ExternalId');
    expect(later.accessKeyId).toBe('AKIA2');
    // The SDK may wrap it: found through the causes.
    expect(unreachableAccount(new Error('listing failed', { cause: failure }))).toBe(failure);
    expect(unreachableAccount(new Error('throttled'))).toBeUndefined();
  });

  it('writes role ARNs in the hub region’s partition', () => {
    expect(roleArn(DEV, 'cn-north-1')).toBe(
      'arn:aws-cn:iam::111111111111:role/stopinator-spoke-prod',
    );
    expect(roleArn(DEV, 'us-gov-west-1')).toMatch(/^arn:aws-us-gov:iam::/);
  });
});
