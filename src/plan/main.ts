/**
 * `npm run plan`: what the stopinator would do in an AWS account in the coming hours, and
 * why. Read-only by construction: the fleet it is given refuses to stop or start, and only
 * describes (EC2, RDS, Auto Scaling) and Query (DynamoDB) are ever sent; in many accounts,
 * AssumeRole (STS) into each, and ListAccountsForParent and ListOrganizationalUnitsForParent
 * for an organization's.
 */
import { dynamoClient } from '../aws/dynamo-client.js';
import { ec2ClientsByRegion } from '../aws/ec2-clients.js';
import { kindClients, resourceFleet } from '../aws/kinds.js';
import { DynamoPriceCache } from '../aws/price-cache.js';
import { sdkTable } from '../aws/sdk-table.js';
import { DynamoSnoozeStore } from '../aws/snooze-table.js';
import { priceBook } from '../core/billing.js';
import { ConfigError } from '../core/config.js';
import { projectSavings } from '../core/projection.js';
import { simulate } from '../core/simulate.js';
import { loadConfig } from '../runtime/load-config.js';
import { accountsFleet, hasAccounts, planAccounts } from './plan-accounts.js';
import { PLAN_USAGE, type PlanOptions, PlanUsageError, parsePlanArgs } from './plan-options.js';
import { planReport } from './plan-report.js';
import { projectionReport } from './projection-report.js';
import { listFleet, listPlaces, PlanReadError, readSnoozes } from './read-account.js';
import { readOnlyFleet, snoozeReader } from './read-only.js';

async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  // The SDK's notice about its future Node.js versions is not the plan's news (README says
  // which Node.js versions the stopinator needs).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  let options: PlanOptions;
  try {
    options = parsePlanArgs(argv, env);
  } catch (error) {
    if (!(error instanceof PlanUsageError)) throw error;
    process.stderr.write(`stopinator plan: ${error.message}\n\n${PLAN_USAGE}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${PLAN_USAGE}\n`);
    return 0;
  }
  try {
    const config = loadConfig(options.configFile);
    const regions = options.regions ?? config.regions;
    const from = options.from ?? Date.now();
    const tableRegion = options.tableRegion ?? config.regions[0] ?? 'us-east-1';
    const many = hasAccounts(config)
      ? accountsFleet(
          config,
          await planAccounts(config, options),
          options,
          env.AWS_REGION ?? tableRegion,
        )
      : undefined;
    const fleet = readOnlyFleet(
      many?.fleet ??
        resourceFleet({
          kinds: config.resources,
          clients: {
            ec2: ec2ClientsByRegion({ maxAttempts: 3 }),
            ...kindClients({ maxAttempts: 3 }),
          },
          tagKey: config.tagKey,
        }),
    );
    const table = options.table
      ? sdkTable(dynamoClient(tableRegion, { maxAttempts: 3 }), options.table)
      : undefined;
    const reader = table ? snoozeReader(new DynamoSnoozeStore(table)) : undefined;
    // The prices the scheduler cached from the Price List, when the table can be read.
    const cachedPrices = table
      ? new DynamoPriceCache(table).read().catch(() => undefined)
      : Promise.resolve(undefined);
    const [{ instances, listed, unread }, snoozes, cached] = await Promise.all([
      many
        ? listPlaces(fleet, many.places)
        : listFleet(fleet, regions).then((read) => ({
            ...read,
            unread: new Map<string, string>(),
          })),
      readSnoozes(
        reader,
        { ...(options.table ? { table: options.table } : {}), region: tableRegion },
        from,
      ),
      cachedPrices,
    ]);
    const simulation = simulate({
      instances,
      config,
      snoozes: snoozes.snoozes,
      from,
      hours: options.hours,
    });
    const lines = planReport(config, simulation, {
      from,
      hours: options.hours,
      listed,
      snoozes: snoozes.note,
      unread,
    });
    const projection = projectSavings({
      instances,
      config,
      from,
      prices: priceBook({
        currency: config.savings.currency,
        configured: config.savings.prices,
        cached: cached ?? [],
      }),
    });
    const pricesNote = `prices from savings.prices${cached ? ` and ${cached.length} cached from the Price List` : ''}`;
    lines.push(...projectionReport(projection, pricesNote));
    process.stdout.write(`${lines.join('\n')}\n`);
    // Some accounts could not be read: the plan of the others is printed, and the exit says so.
    return unread.size > 0 ? 1 : 0;
  } catch (error) {
    if (!(error instanceof ConfigError || error instanceof PlanReadError)) throw error;
    process.stderr.write(`stopinator plan: ${error.message}\n`);
    return 1;
  }
}

main(process.argv.slice(2), process.env).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`stopinator plan: ${(error as Error).message ?? error}\n`);
    process.exit(1);
  },
);
