import type { KnownAccount } from '../core/account.js';
import type { Decision, RunPlan } from '../core/plan-run.js';
import type { ActionOutcome, Notifier, RunSummary } from '../core/ports.js';
import type { SavingsReport } from '../core/savings.js';
import type { SlackMessage } from './blocks.js';
import { section } from './blocks.js';
import { digestMessage } from './savings-message.js';
import { codeBlock, plainText } from './slack-text.js';
import { summaryMessage } from './summary-message.js';
import { groupWarnings, warningMessage } from './warning-message.js';

/** Posts a message to a channel; implemented on the Slack Web API (web-poster.ts). */
export interface SlackPoster {
  post(channel: string, message: SlackMessage): Promise<void>;
}

/** The scheduler's notifier: warnings, run summaries and alerts in the configured channel. */
export class SlackNotifier implements Notifier {
  constructor(
    private readonly poster: SlackPoster,
    private readonly channel: string,
    private readonly zoneOf: (schedule: string) => string,
    private readonly clock: () => number,
    /** Member accounts, for their names in place of ids (none: a single account). */
    private readonly accounts: readonly KnownAccount[] = [],
  ) {}

  async warnBeforeStop(warnings: readonly Decision[]): Promise<void> {
    const now = this.clock();
    for (const group of groupWarnings(warnings, this.zoneOf)) {
      await this.poster.post(this.channel, warningMessage(group, now, this.accounts));
    }
  }

  async runDone(
    plan: RunPlan,
    failures: readonly ActionOutcome[],
    _summary: RunSummary,
  ): Promise<void> {
    await this.poster.post(this.channel, summaryMessage(plan, failures));
  }

  async alert(message: string, detail?: unknown): Promise<void> {
    // The operator's channel keeps the details, neutralised: names and AWS text are data.
    const more = detail === undefined ? '' : `\n${codeBlock(String(detail))}`;
    await this.poster.post(this.channel, {
      text: `:rotating_light: ${plainText(message)}`,
      blocks: [section(`:rotating_light: ${plainText(message)}${more}`)],
    });
  }

  async digest(report: SavingsReport): Promise<void> {
    await this.poster.post(this.channel, digestMessage(report, this.accounts));
  }
}
