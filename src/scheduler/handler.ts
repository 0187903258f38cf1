import { dynamoClient, ec2ClientsByRegion } from '../aws/clients.js';
import { stopinatorTable } from '../aws/dynamo-store.js';
import { Ec2Fleet } from '../aws/ec2-fleet.js';
import type { StopinatorConfig } from '../core/config.js';
import type { Notifier, RunSummary } from '../core/ports.js';
import { readConfigFile } from '../runtime/config-file.js';
import { LogNotifier } from '../runtime/log-notifier.js';
import { jsonLogger, type Logger } from '../runtime/logger.js';
import { readSlackBotToken } from '../runtime/secrets.js';
import { readCommonSettings } from '../runtime/settings.js';
import { SlackNotifier } from '../slack/slack-notifier.js';
import { webClient, webPoster } from '../slack/web-poster.js';
import { runScheduler, type SchedulerDeps } from './run-scheduler.js';
import { runInstant } from './scheduled-time.js';

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
    notifier: await notifier(config, env, log),
    log,
    clock: () => Date.now(),
  };
}

/**
 * Slack when a channel is configured, else the logs. Notifications never block the stops:
 * if the Slack token cannot be read, the run goes on and says so in the logs.
 */
async function notifier(
  config: StopinatorConfig,
  env: NodeJS.ProcessEnv,
  log: Logger,
): Promise<Notifier> {
  const channel = config.slack.channel;
  if (!channel) return new LogNotifier(log);
  try {
    const { botToken } = await readSlackBotToken(env);
    const client = webClient({
      token: botToken,
      ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}),
      timeoutMs: 5_000,
      retries: 2,
    });
    const zoneOf = (name: string) => config.schedules.get(name)?.timezone ?? 'UTC';
    return new SlackNotifier(webPoster(client), channel, zoneOf, () => Date.now());
  } catch (error) {
    log.error('Slack notifications disabled: the bot token could not be read', { error });
    return new LogNotifier(log);
  }
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
