import { dynamoClient, ec2ClientsByRegion } from '../aws/clients.js';
import { stopinatorTable } from '../aws/dynamo-store.js';
import { Ec2Fleet } from '../aws/ec2-fleet.js';
import type { RunSummary } from '../core/ports.js';
import { readConfigFile } from '../runtime/config-file.js';
import { jsonLogger } from '../runtime/logger.js';
import { readCommonSettings } from '../runtime/settings.js';
import { runScheduler, type SchedulerDeps } from './run-scheduler.js';
import { runInstant } from './scheduled-time.js';
import { schedulerNotifier } from './scheduler-notifier.js';

let wiring: Promise<SchedulerDeps> | undefined;

/** Everything a run needs, built once per cold start from the environment and the config file. */
async function wire(env: NodeJS.ProcessEnv): Promise<SchedulerDeps> {
  const settings = readCommonSettings(env);
  const log = jsonLogger({ service: 'stopinator-scheduler', level: settings.logLevel });
  const config = await readConfigFile(settings.configFile);
  const table = stopinatorTable(dynamoClient(), settings.tableName);
  return {
    config,
    fleet: new Ec2Fleet({ clientFor: ec2ClientsByRegion(), tagKey: config.tagKey }),
    snoozes: table.snoozes,
    cursor: table.cursor,
    fleetIndex: table.fleetIndex,
    notifier: schedulerNotifier(config, env, log),
    log,
    clock: () => Date.now(),
  };
}

/** EventBridge Scheduler target: `{"scheduledTime": "<aws.scheduler.scheduled-time>"}`. */
export async function handler(
  event: unknown,
  context: { awsRequestId?: string },
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
  return runScheduler({ ...deps, log }, at);
}
