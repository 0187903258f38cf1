import { PlacedFleet } from '../aws/account-fleet.js';
import { accountFleets } from '../aws/account-fleets.js';
import { AccountRoles, type AssumeRole } from '../aws/account-roles.js';
import { dynamoClient } from '../aws/clients.js';
import { stopinatorTable } from '../aws/dynamo-store.js';
import { DynamoFanOutRuns } from '../aws/fan-out-runs.js';
import { AwsPriceList, priceListClient } from '../aws/price-list.js';
import type { Account } from '../core/account.js';
import type { FanOutRunLog } from '../core/fan-out.js';
import { readConfigFile } from '../runtime/config-file.js';
import { externalIdReader } from '../runtime/external-id.js';
import { jsonLogger } from '../runtime/logger.js';
import { readCommonSettings } from '../runtime/settings.js';
import { AccountList } from './account-list.js';
import type { AccountsDeps } from './run-accounts.js';
import { schedulerNotifier } from './scheduler-notifier.js';

/** What the scheduler and its worker share, built once per cold start. */
export interface SchedulerWiring {
  readonly deps: AccountsDeps;
  readonly accounts: AccountList;
  /** Fanned-out runs and their batches (the table's `run` partition). */
  readonly runs: FanOutRunLog;
  /**
   * Accounts a worker's messages carry (an organization's account is in no configuration):
   * the fleets find their roles here as well as in `accounts`.
   */
  readonly carried: Map<string, Account>;
}

/**
 * The wall clock for stop marks and journal times: EC2 stamps stops with the real time, and a
 * mark only counts when the two agree. Read from the performance timeline, it is the same
 * instant as Date.now() in production and stays real where tests move Date.
 */
const wallClock = () => Math.round(performance.timeOrigin + performance.now());

/** Everything a run needs, from the environment and the config file. */
export async function wireScheduler(
  env: NodeJS.ProcessEnv,
  service = 'stopinator-scheduler',
): Promise<SchedulerWiring> {
  const settings = readCommonSettings(env);
  const log = jsonLogger({ service, level: settings.logLevel });
  const config = await readConfigFile(settings.configFile);
  const client = dynamoClient();
  const table = stopinatorTable(client, settings.tableName);
  const stage = env.STOPINATOR_STAGE?.trim() || 'dev';
  const hubRegion = env.AWS_REGION ?? config.regions[0] ?? 'us-east-1';
  const notifier = schedulerNotifier(config, env, log);
  // STS is loaded only when there are accounts to reach: one client per container.
  let sts: Promise<AssumeRole> | undefined;
  const assume: AssumeRole = async (input) => {
    sts ??= import('../aws/sts-assume-role.js').then((m) => m.stsAssumeRole(hubRegion));
    return (await sts)(input);
  };
  const roles = new AccountRoles({
    assumeRole: assume,
    externalId: externalIdReader(env),
    // Member accounts' CloudTrail tells the scheduler's own calls from the worker's.
    sessionName: `${service}-${stage}`,
    hubRegion,
  });
  const { organization } = config;
  let listings: import('../aws/organization-accounts.js').OrganizationListings | undefined;
  const accounts = new AccountList({
    config,
    stage,
    ...(organization
      ? {
          discover: async () => {
            const { DISCOVERY_BUDGET_MS, organizationAccounts, organizationsList } = await import(
              '../aws/organization-accounts.js'
            );
            listings ??= organizationsList();
            return organizationAccounts(organization, listings, stage, {
              deadline: Date.now() + DISCOVERY_BUDGET_MS,
            });
          },
          kept: table.discovered,
        }
      : {}),
    outages: table.outages,
    notifier,
    log,
  });
  const carried = new Map<string, Account>();
  const known = (): ReadonlyMap<string, Account> =>
    carried.size === 0 ? accounts.byId() : new Map([...carried, ...accounts.byId()]);
  return {
    accounts,
    carried,
    runs: new DynamoFanOutRuns(client, settings.tableName),
    deps: {
      config,
      fleet: new PlacedFleet(
        accountFleets({ kinds: config.resources, tagKey: config.tagKey, roles, accounts: known }),
      ),
      stateOf: (account) => table.stateOf(account),
      snoozes: table.snoozes,
      fleetIndex: table.fleetIndex,
      outages: table.outages,
      savings: {
        history: table.history,
        prices: table.prices,
        priceList: new AwsPriceList(priceListClient()),
        digests: table.digests,
      },
      notifier,
      log,
      clock: wallClock,
    },
  };
}
