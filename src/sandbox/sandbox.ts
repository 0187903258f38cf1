import { randomBytes } from 'node:crypto';
import { join, relative } from 'node:path';
import { createTable } from '../aws/create-table.js';
import { stopinatorTable } from '../aws/dynamo-store.js';
import { resourceFleet } from '../aws/kinds.js';
import { botDeps } from '../bot/bot-wiring.js';
import { type LocalBot, startLocalBot } from '../bot/local.js';
import { loadConfig } from '../runtime/load-config.js';
import { runScheduler, type SchedulerDeps } from '../scheduler/run-scheduler.js';
import { terminalTime } from './decision-lines.js';
import { seedDemoFleet } from './demo-fleet.js';
import { FakeSlack } from './fake-slack.js';
import { openLogFile } from './log-file.js';
import { motoClients } from './moto-clients.js';
import { startMoto } from './moto-process.js';
import { assertPortFree, isPortTaken, PortTakenError } from './ports.js';
import { repoRoot } from './repo-root.js';
import { bannerLines } from './sandbox-banner.js';
import { sandboxLoggers } from './sandbox-logs.js';
import type { SandboxOptions } from './sandbox-options.js';
import {
  FAKE_BOT_TOKEN,
  forTerminalSlack,
  SANDBOX_CHANNEL,
  schedulerNotifier,
  wantsSocketMode,
  withChannel,
} from './sandbox-slack.js';
import { SchedulerLoop } from './scheduler-loop.js';
import type { Screen } from './screen.js';
import { SimClock } from './sim-clock.js';
import { resolveStart } from './sim-time.js';
import { type SlackKeyboard, TerminalSlack } from './terminal-slack.js';

export const SANDBOX_TABLE = 'stopinator-sandbox';

/** Slack could not be reached in Socket Mode. */
export class SlackConnectError extends Error {
  override readonly name = 'SlackConnectError';
}

export interface SandboxSetup {
  readonly options: SandboxOptions;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly screen: Screen;
  /** The clock runs by itself (a person at a terminal); else it moves only when told. */
  readonly clockRuns: boolean;
}

export interface Sandbox {
  readonly clock: SimClock;
  readonly loop: SchedulerLoop;
  /** The terminal Slack; undefined when a real workspace is connected (Socket Mode). */
  readonly slack?: SlackKeyboard;
  /** The default schedule's zone: what `clock` and `wait until` speak. */
  readonly zone: string;
  /** Stops everything it started, moto last. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts the whole stopinator on this machine: moto, the table (as deployed), a demo fleet,
 * the bot's listeners, the scheduler on a simulated clock, and Slack (in the terminal, or a
 * real workspace through Socket Mode). What it started is stopped again if a step fails.
 */
export async function startSandbox(setup: SandboxSetup): Promise<Sandbox> {
  const { options, env, screen } = setup;
  const root = repoRoot();
  const configFile = options.configFile ?? join(root, 'src', 'sandbox', 'demo.config.yml');
  const socket = wantsSocketMode(env);
  const config = forTerminalSlack(
    withChannel(loadConfig(configFile), options.channel, socket),
    socket,
  );
  const schedule = config.schedules.get(config.defaultSchedule);
  if (!schedule) throw new Error(`no default schedule ${config.defaultSchedule}`);
  const zone = schedule.timezone;
  const start = options.start ? resolveStart(options.start, schedule, Date.now()) : Date.now();
  if (options.port !== undefined) await assertPortFree(options.port);

  const stops: (() => Promise<void> | void)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) {
      try {
        await stop();
      } catch {
        // Keep stopping the rest: moto above all.
      }
    }
  };
  try {
    const logFile = openLogFile(join(root, '.sandbox', 'sandbox.log'));
    stops.push(() => logFile.close());
    const moto = await startMoto();
    stops.push(() => moto.stop());
    const clients = motoClients(moto.endpoint, config.regions[0] ?? 'eu-west-1');
    stops.push(() => clients.destroy());
    await createTable(clients.dynamo, SANDBOX_TABLE);
    const seeded = await seedDemoFleet(clients, config);

    const clock = new SimClock(start, setup.clockRuns ? options.speed : 1, setup.clockRuns);
    const logs = sandboxLoggers(logFile, config, screen);
    const fleet = resourceFleet({
      kinds: config.resources,
      clients: { ec2: clients.ec2, rds: clients.rds, autoScaling: clients.autoScaling },
      tagKey: config.tagKey,
    });
    const table = stopinatorTable(clients.dynamo, SANDBOX_TABLE);

    // The fake Slack starts before the bot, the terminal Slack after it.
    let terminal: TerminalSlack | undefined;
    const fakeSlack = socket ? undefined : new FakeSlack((e) => terminal?.onSlackEvent(e));
    if (fakeSlack) {
      await fakeSlack.start();
      stops.push(() => fakeSlack.stop());
    }
    const signingSecret = socket
      ? (env.SLACK_SIGNING_SECRET ?? '')
      : randomBytes(16).toString('hex');
    const botToken = socket ? (env.SLACK_BOT_TOKEN ?? '') : FAKE_BOT_TOKEN;
    let bot: LocalBot;
    try {
      bot = await startLocalBot({
        deps: botDeps({
          config,
          dynamo: clients.dynamo,
          tableName: SANDBOX_TABLE,
          log: logs.bot,
          clock: clock.now,
          fleet: async () => fleet,
        }),
        signingSecret,
        botToken,
        ...(socket ? { appToken: env.SLACK_APP_TOKEN } : {}),
        ...(options.port !== undefined ? { port: options.port } : {}),
        ...(fakeSlack ? { slackApiUrl: fakeSlack.apiUrl } : {}),
        answerAfterListeners: true,
        log: logs.bot,
      });
    } catch (error) {
      if (isPortTaken(error) && options.port !== undefined) throw new PortTakenError(options.port);
      if (!socket) throw error;
      throw new SlackConnectError(
        `could not connect to Slack through Socket Mode: ${(error as Error).message}`,
      );
    }
    stops.push(() => bot.stop());
    if (fakeSlack && bot.url) {
      terminal = new TerminalSlack({
        botUrl: bot.url,
        signingSecret,
        slack: fakeSlack,
        screen,
        channel: { id: config.slack.channel ?? SANDBOX_CHANNEL, name: 'stopinator' },
        timeNow: () => terminalTime(clock.now(), zone),
      });
    }

    const schedulerDeps: SchedulerDeps = {
      config,
      fleet,
      snoozes: table.snoozes,
      cursor: table.cursor,
      fleetIndex: table.fleetIndex,
      journal: table.journal,
      outages: table.outages,
      // No Price List here (no AWS account): savings.prices in the configuration prices the demo.
      savings: { history: table.history, prices: table.prices, digests: table.digests },
      notifier: schedulerNotifier(config, clock.now, logs.scheduler, {
        token: botToken,
        ...(fakeSlack ? { apiUrl: fakeSlack.apiUrl } : {}),
      }),
      log: logs.scheduler,
      // Real time for the stop mark: moto stamps stops with the real clock, and the mark only
      // counts when the two agree. The run instants themselves are simulated.
      clock: Date.now,
    };
    const intervalMs = config.scheduler.intervalMinutes * 60_000;
    const loop = new SchedulerLoop(clock, intervalMs, async (at) => {
      const log = logs.scheduler.with({ scheduledTime: new Date(at).toISOString() });
      try {
        await runScheduler({ ...schedulerDeps, log }, at);
      } catch (error) {
        screen.print(
          `${terminalTime(at, zone)}  scheduler run failed: ${(error as Error).message}; the next run catches up (details in ${relative(process.cwd(), logFile.path)})`,
        );
      }
    });
    stops.push(() => loop.stop());
    if (setup.clockRuns) {
      const ticker = setInterval(() => {
        if (!loop.busy) loop.runUntil(clock.now()).catch(() => {});
      }, 200);
      stops.push(() => clearInterval(ticker));
    }

    screen.print(
      ...bannerLines({
        config,
        configFile,
        logFile: logFile.path,
        moto,
        ...(bot.url ? { botUrl: bot.url } : {}),
        ...(fakeSlack ? { slackApiUrl: fakeSlack.apiUrl } : {}),
        socket,
        seeded,
        clock,
        zone,
      }),
    );
    await loop.runUntil(clock.now());
    return { clock, loop, ...(terminal ? { slack: terminal } : {}), zone, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
