import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { stopinatorTable } from '../aws/dynamo-store.js';
import type { StopinatorConfig } from '../core/config.js';
import type { Fleet } from '../core/ports.js';
import type { Logger } from '../runtime/logger.js';
import type { BotDeps } from './bot-deps.js';

/**
 * The bot's dependencies. EC2 is imported on first use: snooze, unsnooze, history and help
 * never pay for loading its client (about a quarter of a second of cold start).
 */
export function botDeps(options: {
  config: StopinatorConfig;
  dynamo: DynamoDBClient;
  tableName: string;
  log: Logger;
  clock?: () => number;
  fleet?: () => Promise<Fleet>;
}): BotDeps {
  const table = stopinatorTable(options.dynamo, options.tableName);
  let fleet: Promise<Fleet> | undefined;
  const loadFleet = async (): Promise<Fleet> => {
    const [{ Ec2Fleet }, { ec2ClientsByRegion }] = await Promise.all([
      import('../aws/ec2-fleet.js'),
      import('../aws/ec2-clients.js'),
    ]);
    // Few retries: the bot has seconds, not minutes, and says so when AWS is slow. No tag
    // writes: the bot's IAM role has none (the stop mark is the scheduler's).
    return new Ec2Fleet({
      clientFor: ec2ClientsByRegion({ maxAttempts: 2 }),
      tagKey: options.config.tagKey,
      unmarkOnStart: false,
    });
  };
  return {
    config: options.config,
    snoozes: table.snoozes,
    audit: table.audit,
    fleet:
      options.fleet ??
      (() => {
        fleet ??= loadFleet().catch((error) => {
          fleet = undefined;
          throw error;
        });
        return fleet;
      }),
    clock: options.clock ?? Date.now,
    log: options.log,
  };
}
