import type { StopinatorConfig } from '../core/config.js';
import type { Decision, RunPlan } from '../core/plan-run.js';
import type { ActionOutcome, Notifier, RunSummary } from '../core/ports.js';
import type { SavingsReport } from '../core/savings.js';
import { LogNotifier } from '../runtime/log-notifier.js';
import type { Logger } from '../runtime/logger.js';
import { readSlackBotToken, type SlackSecretsReader } from '../runtime/secrets.js';
import { SlackNotifier } from '../slack/slack-notifier.js';
import { webClient, webPoster } from '../slack/web-poster.js';

type Env = Readonly<Record<string, string | undefined>>;

/** After the n-th failed read: 1, 2, 4, 8, then every 15 minutes (runs are 5 minutes apart). */
export function tokenRetryDelayMs(failures: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, failures - 1), 15 * 60_000);
}

export interface SchedulerNotifierOptions {
  /** Reads the bot token (the scheduler reads no other secret). */
  readonly readSecrets?: SlackSecretsReader<'botToken'>;
  readonly clock?: () => number;
  readonly retryDelayMs?: (failures: number) => number;
}

/**
 * Slack when a channel is configured, else the logs. The bot token is read at cold start,
 * without waiting for it; if that fails (SSM throttled, say), notifications go to the logs
 * and a later one reads it again, after a short backoff, so one hiccup does not silence Slack
 * for the container's life. Notifications never block the stops.
 */
export function schedulerNotifier(
  config: StopinatorConfig,
  env: Env,
  log: Logger,
  options: SchedulerNotifierOptions = {},
): Notifier {
  const channel = config.slack.channel;
  const logs = new LogNotifier(log);
  if (!channel) return logs;
  const read = options.readSecrets ?? readSlackBotToken;
  const connect = async (): Promise<Notifier> => {
    const { botToken } = await read(env);
    const client = webClient({
      token: botToken,
      ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}),
      timeoutMs: 5_000,
      retries: 2,
    });
    const zoneOf = (name: string) => config.schedules.get(name)?.timezone ?? 'UTC';
    return new SlackNotifier(webPoster(client), channel, zoneOf, () => Date.now(), [
      ...(config.accounts ?? []),
    ]);
  };
  const notifier = new SlackOnceReachable(connect, logs, log, {
    clock: options.clock ?? Date.now,
    retryDelayMs: options.retryDelayMs ?? tokenRetryDelayMs,
  });
  void notifier.prepare();
  return notifier;
}

/** The Slack notifier once it could be built; the logs meanwhile, retried with backoff. */
class SlackOnceReachable implements Notifier {
  #slack: Notifier | undefined;
  #connecting: Promise<Notifier | undefined> | undefined;
  #failures = 0;
  #nextAttemptAt = 0;

  constructor(
    private readonly connect: () => Promise<Notifier>,
    private readonly fallback: Notifier,
    private readonly log: Logger,
    private readonly timing: {
      readonly clock: () => number;
      readonly retryDelayMs: (failures: number) => number;
    },
  ) {}

  /** Reads the token now, so the first notification does not wait for it. Never rejects. */
  async prepare(): Promise<void> {
    await this.current();
  }

  async warnBeforeStop(warnings: readonly Decision[]): Promise<void> {
    await (await this.current()).warnBeforeStop(warnings);
  }

  async runDone(
    plan: RunPlan,
    failures: readonly ActionOutcome[],
    summary: RunSummary,
  ): Promise<void> {
    await (await this.current()).runDone(plan, failures, summary);
  }

  async alert(message: string, detail?: unknown): Promise<void> {
    await (await this.current()).alert(message, detail);
  }

  async digest(report: SavingsReport): Promise<void> {
    const current = await this.current();
    // Not to the logs while Slack cannot be reached: the week is given back and tried again.
    if (current === this.fallback || !current.digest) {
      throw new Error('Slack cannot be reached yet: the digest waits for a later run');
    }
    await current.digest(report);
  }

  private async current(): Promise<Notifier> {
    if (this.#slack) return this.#slack;
    if (this.timing.clock() < this.#nextAttemptAt) return this.fallback;
    this.#connecting ??= this.connect()
      .then((slack) => {
        this.#slack = slack;
        if (this.#failures > 0)
          this.log.info('Slack notifications back', { after: this.#failures });
        return slack;
      })
      .catch((error: unknown) => {
        this.#failures += 1;
        const retryInMs = this.timing.retryDelayMs(this.#failures);
        this.#nextAttemptAt = this.timing.clock() + retryInMs;
        this.log.error(
          'Slack notifications go to the logs for now: the bot token could not be read',
          {
            error,
            failures: this.#failures,
            retryInMs,
          },
        );
        return undefined;
      })
      .finally(() => {
        this.#connecting = undefined;
      });
    return (await this.#connecting) ?? this.fallback;
  }
}
