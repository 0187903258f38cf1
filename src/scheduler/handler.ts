import { dynamoClient, ec2ClientsByRegion } from '../aws/clients.js';
import { stopinatorTable } from '../aws/dynamo-store.js';
import { kindClients, resourceFleet } from '../aws/kinds.js';
import { AwsPriceList, priceListClient } from '../aws/price-list.js';
import type { RunSummary } from '../core/ports.js';
import { readConfigFile } from '../runtime/config-file.js';
import { jsonLogger } from '../runtime/logger.js';
import { readCommonSettings } from '../runtime/settings.js';
import { RunFailedError } from './run-errors.js';
import { runScheduler, type SchedulerDeps } from './run-scheduler.js';
import { checkedRunInstant, runInstant } from './scheduled-time.js';
import { schedulerNotifier } from './scheduler-notifier.js';

let wiring: Promise<SchedulerDeps> | undefined;

/**
 * The wall clock for stop marks and journal times: EC2 stamps stops with the real time, and a
 * mark only counts when the two agree. Read from the performance timeline, it is the same
 * instant as Date.now() in production and stays real where tests move Date.
 */
const wallClock = () => Math.round(performance.timeOrigin + performance.now());

/** Everything a run needs, built once per cold start from the environment and the config file. */
async function wire(env: NodeJS.ProcessEnv): Promise<SchedulerDeps> {
  const settings = readCommonSettings(env);
  const log = jsonLogger({ service: 'stopinator-scheduler', level: settings.logLevel });
  const config = await readConfigFile(settings.configFile);
  const table = stopinatorTable(dynamoClient(), settings.tableName);
  return {
    config,
    fleet: resourceFleet({
      kinds: config.resources,
      clients: { ec2: ec2ClientsByRegion(), ...kindClients() },
      tagKey: config.tagKey,
    }),
    snoozes: table.snoozes,
    cursor: table.cursor,
    fleetIndex: table.fleetIndex,
    journal: table.journal,
    outages: table.outages,
    savings: {
      history: table.history,
      prices: table.prices,
      priceList: new AwsPriceList(priceListClient()),
      digests: table.digests,
    },
    notifier: schedulerNotifier(config, env, log),
    log,
    clock: wallClock,
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
  const deps = await wiring;
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
  return runScheduler(
    { ...deps, log, ...(remaining ? { remainingMs: () => remaining.call(context) } : {}) },
    checked.at,
  );
}
