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

export type SlackSecretsReader<K extends keyof SlackSecrets = keyof SlackSecrets> = (
  env: Env,
  ssmClient?: SSMClient,
) => Promise<Pick<SlackSecrets, K>>;

/**
 * A reader with its own cache: values given in the environment are used as they are; the others
 * come from SSM Parameter Store in one GetParameters call (decrypted), made once and remembered
 * for the life of the container. A failed read is forgotten, so the next invocation retries.
 * `wanted` limits it to some secrets: the others are neither required nor fetched.
 */
export function createSlackSecretsReader<K extends keyof SlackSecrets = keyof SlackSecrets>(
  wanted: readonly K[] = SECRETS.map((s) => s.key) as K[],
): SlackSecretsReader<K> {
  let cached: { names: string; secrets: Promise<Record<string, string>> } | undefined;
  const secrets = SECRETS.filter((s) => (wanted as readonly string[]).includes(s.key));

  return async (env, ssmClient) => {
    const fromEnv: Record<string, string> = {};
    const toFetch: { key: string; name: string }[] = [];
    const unset: string[] = [];
    for (const secret of secrets) {
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
    const all: Record<string, string> = { ...fetched, ...fromEnv };
    return Object.fromEntries(secrets.map((s) => [s.key, all[s.key] ?? ''])) as Pick<
      SlackSecrets,
      K
    >;
  };
}

/** The bot's reader: both secrets, one cache per container. */
export const readSlackSecrets: SlackSecretsReader = createSlackSecretsReader();

/**
 * The scheduler's: it posts to Slack but answers no request, so it reads the bot token alone
 * (its IAM role cannot read the signing secret, and its environment does not name it).
 */
export const readSlackBotToken: SlackSecretsReader<'botToken'> = createSlackSecretsReader([
  'botToken',
]);

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
