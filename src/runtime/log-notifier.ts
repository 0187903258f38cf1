import type { Decision, RunPlan } from '../core/plan-run.js';
import type { ActionOutcome, Notifier, RunSummary } from '../core/ports.js';
import type { SavingsReport } from '../core/savings.js';
import type { Logger } from './logger.js';

/** The notifier used when no Slack channel is configured: everything goes to the logs. */
export class LogNotifier implements Notifier {
  constructor(private readonly log: Logger) {}

  async warnBeforeStop(warnings: readonly Decision[]): Promise<void> {
    this.log.info('stop warning', {
      instances: warnings.map((w) => ({
        id: w.instanceId,
        name: w.name,
        stopAt: new Date(w.stopAt ?? 0).toISOString(),
      })),
    });
  }

  async runDone(
    _plan: RunPlan,
    failures: readonly ActionOutcome[],
    summary: RunSummary,
  ): Promise<void> {
    this.log.info('run summary', { ...summary, failures });
  }

  async alert(message: string, detail?: unknown): Promise<void> {
    this.log.error(`ALERT: ${message}`, { detail });
  }

  async digest(report: SavingsReport): Promise<void> {
    this.log.info('weekly savings digest', {
      period: report.period.label,
      currency: report.currency,
      ...report.total,
      snoozes: report.snoozes,
      wakes: report.wakes,
    });
  }
}
