import type { GetParametersCommandOutput, SSMClient } from '@aws-sdk/client-ssm';

/** The Slack credentials both functions need. */
export interface SlackSecrets {
  readonly signingSecret: string;
  readonly botToken: string;
}

/** Secrets that are not configured, or not found in SSM; `missing` names each one. */
export class SecretsError extends Error {
  override readonly name = 'SecretsError';
  constructor(
    message: string,
    readonly missing: readonly string[],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Each secret: the variable holding its value (local runs, tests), else its SSM parameter name. */
const SECRETS = [
  { key: 'signingSecret', value: 'SLACK_SIGNING_SECRET', param: 'SLACK_SIGNING_SECRET_PARAM' },
  { key: 'botToken', value: 'SLACK_BOT_TOKEN', param: 'SLACK_BOT_TOKEN_PARAM' },
] as const;

export type SlackSecretsReader = (env: Env, ssmClient?: SSMClient) => Promise<SlackSecrets>;

/**
 * A reader with its own cache: values given in the environment are used as they are; the others
 * come from SSM Parameter Store in one GetParameters call (decrypted), made once and remembered
 * for the life of the container. A failed read is forgotten, so the next invocation retries.
 */
export function createSlackSecretsReader(): SlackSecretsReader {
  let cached: { names: string; secrets: Promise<Record<string, string>> } | undefined;

  return async (env, ssmClient) => {
    const fromEnv: Record<string, string> = {};
    const toFetch: { key: string; name: string }[] = [];
    const unset: string[] = [];
    for (const secret of SECRETS) {
      const value = env[secret.value];
      const name = env[secret.param]?.trim();
      if (value) fromEnv[secret.key] = value;
      else if (name) toFetch.push({ key: secret.key, name });
      else unset.push(`${secret.value} or ${secret.param}`);
    }
    if (unset.length > 0) {
      throw new SecretsError(`Slack secrets not configured: set ${unset.join('; ')}`, unset);
    }

    let fetched: Record<string, string> = {};
    if (toFetch.length > 0) {
      const names = toFetch.map((s) => s.name).join('\n');
      if (cached?.names !== names) {
        const secrets = fetchParameters(toFetch, ssmClient);
        cached = { names, secrets };
        secrets.catch(() => {
          if (cached?.secrets === secrets) cached = undefined;
        });
      }
      fetched = await cached.secrets;
    }
    const all = { ...fetched, ...fromEnv };
    return { signingSecret: all.signingSecret ?? '', botToken: all.botToken ?? '' };
  };
}

/** The reader the functions use: one cache per container. */
export const readSlackSecrets: SlackSecretsReader = createSlackSecretsReader();

async function fetchParameters(
  wanted: readonly { key: string; name: string }[],
  client?: SSMClient,
): Promise<Record<string, string>> {
  const names = wanted.map((s) => s.name);
  let output: GetParametersCommandOutput;
  try {
    // Loaded on first use only: runs that take their secrets from the environment never pay for it.
    const { getDecryptedParameters } = await import('./ssm-parameters.js');
    output = await getDecryptedParameters(names, client);
  } catch (error) {
    throw new SecretsError(
      `cannot read the Slack secrets from SSM Parameter Store (${names.join(', ')}): ${(error as Error).message}`,
      names,
      { cause: error },
    );
  }
  const values = new Map((output.Parameters ?? []).map((p) => [p.Name, p.Value]));
  const missing = names.filter((name) => !values.get(name));
  if (missing.length > 0) {
    throw new SecretsError(
      `SSM parameters missing or empty: ${missing.join(', ')} (create them as SecureString, see README "Deploy")`,
      missing,
    );
  }
  return Object.fromEntries(wanted.map((s) => [s.key, values.get(s.name) as string]));
}
