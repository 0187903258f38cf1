import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { lightTableSettingsFromEnv } from '../aws/light-table-settings.js';
import type { StopinatorTable } from '../aws/table-adapters.js';
import type { StopinatorConfig } from '../core/config.js';
import type { Fleet } from '../core/ports.js';
import type { Logger } from '../runtime/logger.js';
import type { BotDeps } from './bot-deps.js';

/**
 * The bot's dependencies, loaded on first use: `help` loads no AWS code; snooze, unsnooze, why
 * and tonight load the light DynamoDB client (no SDK); the SDK's EC2, RDS and Auto Scaling
 * clients wait for status, wake or a target the fleet index does not know (each SDK client is a
 * tenth to a quarter of a second of cold start).
 */
export function botDeps(options: {
  config: StopinatorConfig;
  tableName: string;
  log: Logger;
  /** A client to use; without one, the light client (or the SDK's) is made on first use. */
  dynamo?: DynamoDBClient;
  /** Where the light client finds credentials, region and endpoint (process.env by default). */
  env?: Readonly<Record<string, string | undefined>>;
  /** The table, made already (the Lambda's, which reads ahead); else made from the above. */
  table?: () => Promise<StopinatorTable>;
  clock?: () => number;
  fleet?: () => Promise<Fleet>;
}): BotDeps {
  const table = options.table ?? botTable(options);
  const fleet = once(async (): Promise<Fleet> => {
    const [{ resourceFleet, kindClients }, { ec2ClientsByRegion }, { BOT_CLIENT_SETTINGS }] =
      await Promise.all([
        import('../aws/kinds.js'),
        import('../aws/ec2-clients.js'),
        import('../aws/retry-settings.js'),
      ]);
    // Few retries: the bot has seconds, not minutes, and says so when AWS is slow. No tag
    // writes: the bot's IAM role has none (the marks are the scheduler's).
    return resourceFleet({
      kinds: options.config.resources,
      clients: {
        ec2: ec2ClientsByRegion(BOT_CLIENT_SETTINGS),
        ...kindClients(BOT_CLIENT_SETTINGS),
      },
      tagKey: options.config.tagKey,
      unmarkOnStart: false,
    });
  });
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
