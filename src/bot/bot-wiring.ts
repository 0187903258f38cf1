import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AssumeRole } from '../aws/account-roles.js';
import { lightTableSettingsFromEnv } from '../aws/light-table-settings.js';
import type { StopinatorTable } from '../aws/table-adapters.js';
import type { Account } from '../core/account.js';
import type { StopinatorConfig } from '../core/config.js';
import type { Fleet } from '../core/ports.js';
import type { Logger } from '../runtime/logger.js';
import type { BotDeps } from './bot-deps.js';

/**
 * The bot's dependencies, loaded on first use: `help` loads no AWS code; snooze, unsnooze, why
 * and tonight load the light DynamoDB client (no SDK); the SDK's EC2, RDS and Auto Scaling
 * clients (and STS, for member accounts) wait for status, wake or a target the fleet index does
 * not know (each SDK client is a tenth to a quarter of a second of cold start).
 */
export function botDeps(options: {
  config: StopinatorConfig;
  tableName: string;
  log: Logger;
  /** A client to use; without one, the light client (or the SDK's) is made on first use. */
  dynamo?: DynamoDBClient;
  /**
   * Where the light client finds credentials, region and endpoint, and the fleet the hub's
   * region and the spoke roles' external id (process.env by default).
   */
  env?: Readonly<Record<string, string | undefined>>;
  /** The table, made already (the Lambda's, which reads ahead); else made from the above. */
  table?: () => Promise<StopinatorTable>;
  clock?: () => number;
  fleet?: () => Promise<Fleet>;
  /** The stage (STOPINATOR_STAGE): the spoke roles' default name, and the session's. */
  stage?: string;
}): BotDeps {
  const table = options.table ?? botTable(options);
  const fleet = once(() => botFleet(options));
  return {
    config: options.config,
    snoozes: lazyPort(async () => (await table()).snoozes),
    audit: lazyPort(async () => (await table()).audit),
    fleetIndex: lazyPort(async () => (await table()).fleetIndex),
    history: lazyPort(async () => (await table()).history),
    prices: lazyPort(async () => (await table()).prices),
    fleet: options.fleet ?? fleet,
    // Read late: a clock captured at cold start would keep a faked Date of that time (tests).
    clock: options.clock ?? (() => Date.now()),
    log: options.log,
  };
}

/**
 * The bot's fleet over places (see account.ts): the hub's own regions with the function's
 * credentials; a member account's through its spoke role, assumed on first use with the
 * session name `stopinator-bot-<stage>`. STS loads only when a member account is first
 * reached (a wake, status, a look-up), never for the commands that read the index alone.
 */
async function botFleet(options: {
  config: StopinatorConfig;
  env?: Readonly<Record<string, string | undefined>>;
  stage?: string;
}): Promise<Fleet> {
  const [
    { PlacedFleet },
    { accountFleets },
    { AccountRoles },
    { BOT_CLIENT_SETTINGS },
    { externalIdReader },
    { configuredAccounts, isAccountId, spokeRoleName },
  ] = await Promise.all([
    import('../aws/account-fleet.js'),
    import('../aws/account-fleets.js'),
    import('../aws/account-roles.js'),
    import('../aws/retry-settings.js'),
    import('../runtime/external-id.js'),
    import('../core/account.js'),
  ]);
  const { config } = options;
  const env = options.env ?? process.env;
  const stage = options.stage ?? 'dev';
  const hubRegion = env.AWS_REGION ?? config.regions[0] ?? 'us-east-1';
  let sts: Promise<AssumeRole> | undefined;
  const assumeRole: AssumeRole = async (input) => {
    sts ??= import('../aws/sts-assume-role.js').then((m) =>
      m.stsAssumeRole(hubRegion, BOT_CLIENT_SETTINGS),
    );
    return (await sts)(input);
  };
  const roles = new AccountRoles({
    assumeRole,
    externalId: externalIdReader(env),
    sessionName: `stopinator-bot-${stage}`,
    hubRegion,
  });
  const configured = new Map(configuredAccounts(config, stage).map((a) => [a.id, a]));
  const { organization } = config;
  // The organization's accounts are known to the bot by the fleet index's places (their ids).
  const accounts = {
    get: (id: string): Account | undefined =>
      configured.get(id) ??
      (organization && isAccountId(id)
        ? { id, regions: organization.regions, role: spokeRoleName(organization, stage) }
        : undefined),
  };
  // Few retries: the bot has seconds, not minutes, and says so when AWS is slow. No tag
  // writes: the bot's IAM role has none (the marks are the scheduler's).
  return new PlacedFleet(
    accountFleets({
      kinds: config.resources,
      tagKey: config.tagKey,
      roles,
      accounts: () => accounts,
      unmarkOnStart: false,
      priced: false,
      settings: BOT_CLIENT_SETTINGS,
    }),
  );
}

/**
 * The bot's table, made on first use: the light client (signed HTTPS, no SDK) when the
 * environment holds credentials, as on Lambda; else the SDK's, or the client given.
 */
export function botTable(options: {
  tableName: string;
  dynamo?: DynamoDBClient;
  env?: Readonly<Record<string, string | undefined>>;
}): () => Promise<StopinatorTable> {
  return once(async (): Promise<StopinatorTable> => {
    const settings = options.dynamo
      ? undefined
      : lightTableSettingsFromEnv(options.env ?? process.env);
    if (settings) {
      // Signed HTTPS without the SDK: a few milliseconds to load instead of tens (light-table.ts).
      const [{ stopinatorTableOn }, { lightTable }] = await Promise.all([
        import('../aws/table-adapters.js'),
        import('../aws/light-table.js'),
      ]);
      return stopinatorTableOn(lightTable(settings, options.tableName));
    }
    // Credentials from a profile or SSO (local runs), or a client given (the sandbox): the SDK.
    const [{ stopinatorTable }, { dynamoClient }, { BOT_CLIENT_SETTINGS }] = await Promise.all([
      import('../aws/dynamo-store.js'),
      import('../aws/dynamo-client.js'),
      import('../aws/retry-settings.js'),
    ]);
    // Few retries: the bot has seconds, not minutes, and says so when AWS is slow.
    return stopinatorTable(
      options.dynamo ?? dynamoClient(undefined, BOT_CLIENT_SETTINGS),
      options.tableName,
    );
  });
}

/** A promise made on first call and kept, unless it failed: the next call tries again. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    made ??= make().catch((error: unknown) => {
      made = undefined;
      throw error;
    });
    return made;
  };
}

/** A port whose methods load the real one on first call (all its methods are async). */
function lazyPort<T extends object>(load: () => Promise<T>): T {
  return new Proxy({} as T, {
    get: (_target, method) =>
      // Not a thenable: awaiting the port itself must not call it.
      method === 'then'
        ? undefined
        : async (...args: unknown[]) => {
            const port = (await load()) as Record<PropertyKey, (...a: unknown[]) => unknown>;
            const call = port[method];
            if (typeof call !== 'function') throw new TypeError(`no method ${String(method)}`);
            return call.apply(port, args);
          },
  });
}
