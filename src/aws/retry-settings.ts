import type { AwsCredentialIdentityProvider } from '@smithy/types';

/**
 * The SDK's standard retry mode backs off exponentially with jitter and treats EC2's
 * RequestLimitExceeded as throttling; a few more attempts than its default 3 ride out a
 * burst of stops across regions. Endpoints and credentials come from the SDK's own
 * settings, so AWS_ENDPOINT_URL_EC2 / AWS_ENDPOINT_URL_DYNAMODB point at an emulator.
 *
 * Every client also has connection and request timeouts: the SDK's defaults wait forever, so
 * one hung call would run the scheduler into the Lambda timeout with nothing said.
 */
export const RETRY_SETTINGS = {
  maxAttempts: 6,
  retryMode: 'standard',
  // throwOnRequestTimeout: without it, this version of the SDK's HTTP handler only logs a
  // warning when requestTimeout passes, and goes on waiting.
  requestHandler: { connectionTimeout: 3_000, requestTimeout: 20_000, throwOnRequestTimeout: true },
} as const;

/** The bot has seconds, not minutes: few retries and short timeouts, inside its deadline. */
export const BOT_CLIENT_SETTINGS = {
  maxAttempts: 2,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 1_500, throwOnRequestTimeout: true },
} as const;

export interface ClientSettings {
  /** Another account's, from its role (account-roles.ts); the SDK's default chain otherwise. */
  readonly credentials?: AwsCredentialIdentityProvider;
  readonly maxAttempts?: number;
  readonly retryMode?: 'standard' | 'adaptive';
  readonly requestHandler?: {
    readonly connectionTimeout: number;
    readonly requestTimeout: number;
    readonly throwOnRequestTimeout?: boolean;
  };
}
