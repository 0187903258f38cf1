import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { Account } from '../core/account.js';

/** What AssumeRole needs: the STS API's call, as a function (tests and the SDK client alike). */
export type AssumeRole = (input: {
  readonly RoleArn: string;
  readonly RoleSessionName: string;
  readonly ExternalId?: string;
  readonly DurationSeconds: number;
}) => Promise<{
  readonly Credentials?: {
    readonly AccessKeyId?: string;
    readonly SecretAccessKey?: string;
    readonly SessionToken?: string;
    readonly Expiration?: Date;
  };
}>;

/** A member account's role could not be assumed: every region of it is out until it can. */
export class AccountUnreachableError extends Error {
  override readonly name = 'AccountUnreachable';
  constructor(
    readonly account: string,
    readonly roleArn: string,
    cause: unknown,
  ) {
    const why = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(`could not assume ${roleArn}: ${why}`, { cause });
  }
}

/** Credentials are renewed this long before they expire, so no call runs on stale ones. */
export const RENEW_BEFORE_MS = 5 * 60_000;
/** An hour: the longest any role allows without raising its maximum session duration. */
const SESSION_SECONDS = 3600;

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export function roleArn(account: Pick<Account, 'id' | 'role'>, hubRegion: string): string {
  return `arn:${partitionOf(hubRegion)}:iam::${account.id}:role/${account.role}`;
}

/**
 * Each member account's credentials, from its spoke role: assumed on first use, shared by
 * every client of the account, kept per container until RENEW_BEFORE_MS before they expire
 * (a warm Lambda assumes each role about once an hour). Concurrent first uses share one call;
 * a failure is not kept, so the next run tries again.
 */
export class AccountRoles {
  readonly #assume: AssumeRole;
  readonly #externalId: () => Promise<string | undefined>;
  readonly #sessionName: string;
  readonly #hubRegion: string;
  readonly #clock: () => number;
  readonly #held = new Map<string, Promise<AwsCredentialIdentity>>();
  /** AssumeRole calls made (the bench counts them). */
  calls = 0;

  constructor(options: {
    readonly assumeRole: AssumeRole;
    /** The external id the spoke role's trust policy asks for (an SSM parameter). */
    readonly externalId: () => Promise<string | undefined>;
    /** Shown in the member account's CloudTrail: which function acted. */
    readonly sessionName: string;
    readonly hubRegion: string;
    readonly clock?: () => number;
  }) {
    this.#assume = options.assumeRole;
    this.#externalId = options.externalId;
    this.#sessionName = options.sessionName;
    this.#hubRegion = options.hubRegion;
    this.#clock = options.clock ?? Date.now;
  }

  /** The provider an SDK client of this account takes as `credentials`. */
  credentialsFor(account: Pick<Account, 'id' | 'role'>): AwsCredentialIdentityProvider {
    return () => this.#current(account);
  }

  #current(account: Pick<Account, 'id' | 'role'>): Promise<AwsCredentialIdentity> {
    const key = `${account.id}/${account.role}`;
    const held = this.#held.get(key);
    if (held) {
      return held.then((credentials) => {
        const expires = credentials.expiration?.getTime() ?? Number.POSITIVE_INFINITY;
        if (expires - RENEW_BEFORE_MS > this.#clock()) return credentials;
        if (this.#held.get(key) === held) this.#held.delete(key);
        return this.#current(account);
      });
    }
    const assumed = this.#assumeFor(account);
    this.#held.set(key, assumed);
    assumed.catch(() => {
      if (this.#held.get(key) === assumed) this.#held.delete(key);
    });
    return assumed;
  }

  async #assumeFor(account: Pick<Account, 'id' | 'role'>): Promise<AwsCredentialIdentity> {
    const arn = roleArn(account, this.#hubRegion);
    try {
      const externalId = await this.#externalId();
      this.calls++;
      const { Credentials: c } = await this.#assume({
        RoleArn: arn,
        RoleSessionName: this.#sessionName,
        ...(externalId ? { ExternalId: externalId } : {}),
        DurationSeconds: SESSION_SECONDS,
      });
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('STS returned no credentials');
      return {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
        ...(c.Expiration ? { expiration: new Date(c.Expiration) } : {}),
      };
    } catch (error) {
      throw new AccountUnreachableError(account.id, arn, error);
    }
  }
}

/** The failure that made a region unlistable, when it is its account's role. */
export function unreachableAccount(error: unknown): AccountUnreachableError | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e instanceof AccountUnreachableError) return e;
  }
  return undefined;
}
