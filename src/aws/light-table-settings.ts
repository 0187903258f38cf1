import { BOT_CLIENT_SETTINGS } from './retry-settings.js';
import type { SigningCredentials } from './sigv4.js';

export interface LightTableSettings {
  readonly region: string;
  readonly credentials: SigningCredentials;
  /** http://127.0.0.1:5000, https://dynamodb.eu-west-1.amazonaws.com; the region's by default. */
  readonly endpoint?: string;
  /** Defaults: the bot's client settings (retry-settings.ts). */
  readonly connectionTimeoutMs?: number;
  /** The whole exchange of one attempt, connecting included. */
  readonly requestTimeoutMs?: number;
  readonly maxAttempts?: number;
}

/** An endpoint setting that is not an http(s) URL. */
export class EndpointSettingError extends Error {
  override readonly name = 'EndpointSettingError';
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The light table's settings from a Lambda's environment (region and the role's keys are
 * always there), or undefined when the region or keys are not: then the SDK, which knows
 * profiles, SSO and the rest of the credential chain, has to do.
 */
export function lightTableSettingsFromEnv(env: Env): LightTableSettings | undefined {
  const region = (env.AWS_REGION || env.AWS_DEFAULT_REGION)?.trim();
  const accessKeyId = env.AWS_ACCESS_KEY_ID?.trim();
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY?.trim();
  if (!region || !accessKeyId || !secretAccessKey) return undefined;
  const sessionToken = env.AWS_SESSION_TOKEN?.trim();
  const configured =
    env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.trim().toLowerCase() === 'true'
      ? undefined
      : env.AWS_ENDPOINT_URL_DYNAMODB?.trim() || env.AWS_ENDPOINT_URL?.trim();
  return {
    region,
    credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
    endpoint: configured ? checkedEndpoint(configured) : regionEndpoint(region),
    connectionTimeoutMs: BOT_CLIENT_SETTINGS.requestHandler.connectionTimeout,
    requestTimeoutMs: BOT_CLIENT_SETTINGS.requestHandler.requestTimeout,
    maxAttempts: BOT_CLIENT_SETTINGS.maxAttempts,
  };
}

export function regionEndpoint(region: string): string {
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://dynamodb.${region}.${suffix}`;
}

/** The endpoint as a URL, refused unless it is http or https. */
export function checkedEndpoint(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new EndpointSettingError(`DynamoDB endpoint "${endpoint}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new EndpointSettingError(`DynamoDB endpoint "${endpoint}" is not http or https`);
  }
  return endpoint;
}
