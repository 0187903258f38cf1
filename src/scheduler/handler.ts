import { PlacedFleet } from '../aws/account-fleet.js';
import { accountFleets } from '../aws/account-fleets.js';
import { AccountRoles, type AssumeRole } from '../aws/account-roles.js';
import { dynamoClient } from '../aws/clients.js';
import { stopinatorTable } from '../aws/dynamo-store.js';
import { AwsPriceList, priceListClient } from '../aws/price-list.js';
import type { RunSummary } from '../core/ports.js';
import { readConfigFile } from '../runtime/config-file.js';
import { externalIdReader } from '../runtime/external-id.js';
import { jsonLogger } from '../runtime/logger.js';
import { readCommonSettings } from '../runtime/settings.js';
import { AccountList } from './account-list.js';
import { type AccountsDeps, reportAccounts, runAccounts } from './run-accounts.js';
import { RunFailedError } from './run-errors.js';
import { checkedRunInstant, runInstant } from './scheduled-time.js';
import { schedulerNotifier } from './scheduler-notifier.js';

interface Wiring {
  readonly deps: AccountsDeps;
  readonly accounts: AccountList;
}

let wiring: Promise<Wiring> | undefined;

/**
 * The wall clock for stop marks and journal times: EC2 stamps stops with the real time, and a
 * mark only counts when the two agree. Read from the performance timeline, it is the same
 * instant as Date.now() in production and stays real where tests move Date.
 */
const wallClock = () => Math.round(performance.timeOrigin + performance.now());

/** Everything a run needs, built once per cold start from the environment and the config file. */
async function wire(env: NodeJS.ProcessEnv): Promise<Wiring> {
  const settings = readCommonSettings(env);
  const log = jsonLogger({ service: 'stopinator-scheduler', level: settings.logLevel });
  const config = await readConfigFile(settings.configFile);
  const table = stopinatorTable(dynamoClient(), settings.tableName);
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
    sessionName: `stopinator-scheduler-${stage}`,
    hubRegion,
  });
  const { organization } = config;
  const accounts = new AccountList({
    config,
    stage,
    ...(organization
      ? {
          discover: async () => {
            const { organizationAccounts, organizationsList } = await import(
              '../aws/organization-accounts.js'
            );
            listPage ??= organizationsList();
            return organizationAccounts(organization, listPage, stage);
          },
        }
      : {}),
    outages: table.outages,
    notifier,
    log,
  });
  let listPage: import('../aws/organization-accounts.js').ListAccountsPage | undefined;
  return {
    accounts,
    deps: {
      config,
      fleet: new PlacedFleet(
        accountFleets({
          kinds: config.resources,
          tagKey: config.tagKey,
          roles,
          accounts: () => accounts.byId(),
        }),
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

/** EventBridge Scheduler target: `{"scheduledTime": "<aws.scheduler.scheduled-time>"}`. */
export async function handler(
  event: unknown,
  context: { awsRequestId?: string; getRemainingTimeInMillis?: () => number },
): Promise<RunSummary> {
  wiring ??= wire(process.env).catch((error) => {
    wiring = undefined;
    throw error;
  });
  const { deps, accounts } = await wiring;
  const at = runInstant(event, Date.now);
  const log = deps.log.with({
    requestId: context?.awsRequestId,
    scheduledTime: new Date(at).toISOString(),
  });
  const checked = checkedRunInstant(at, Date.now(), deps.config.scheduler.intervalMinutes);
  if (!checked.ok) {
    log.error(checked.why, { scheduledTime: new Date(at).toISOString() });
    await deps.notifier
      .alert(`Scheduler run refused: ${checked.why}.`)
      .catch((error: unknown) => log.error('could not send the alert', { error }));
    throw new RunFailedError('scheduled-time', checked.why);
  }
  const remaining = context?.getRemainingTimeInMillis;
  const run = {
    ...deps,
    log,
    ...(remaining ? { remainingMs: () => remaining.call(context) } : {}),
  };
  const outcomes = await runAccounts(run, await accounts.current(checked.at), checked.at);
  return reportAccounts(run, outcomes, checked.at);
}
