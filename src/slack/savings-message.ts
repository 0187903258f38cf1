import { type KnownAccount, placeLabel } from '../core/account.js';
import type { SavingsReport, Tally } from '../core/savings.js';
import {
  type Block,
  context,
  header,
  LIMITS,
  packLines,
  type SlackMessage,
  section,
} from './blocks.js';
import { hoursText, moneyText } from './money-text.js';
import { codeName, count, plainText } from './slack-text.js';

const TOP = 10;

const STARTED_BY: Readonly<Record<string, string>> = {
  schedule: 'started by the schedule',
  enforce: 'started by the schedule (enforced)',
  wake: 'woken',
  person: 'started by hand',
  'aws-restart': 'started by AWS after 7 days',
  gone: 'terminated or untagged',
  'still-stopped': 'still stopped',
};

/** "48 h, $2.40"; "12 h (no price known)"; "60 h: $2.40 for 48 h, 12 h without a price". */
export function tallyText(t: Tally, currency: string): string {
  if (t.hours === 0) return '0 h';
  if (t.unpricedHours === 0) return `${hoursText(t.hours)}, ${moneyText(t.money, currency)}`;
  if (t.unpricedHours >= t.hours) return `${hoursText(t.hours)} (no price known)`;
  return `${hoursText(t.hours)}: ${moneyText(t.money, currency)} for ${hoursText(t.hours - t.unpricedHours)}, ${hoursText(t.unpricedHours)} without a price`;
}

/** One line on what snoozes or wakes cost: "Snoozes kept 3 instances up 14 h this week: $4.10." */
export function costLine(
  what: 'Snoozes' | 'Wakes',
  t: Tally,
  currency: string,
  period: string,
): string {
  if (t.resources === 0) return `${what} kept nothing up ${period}.`;
  const price =
    t.unpricedHours === 0
      ? `: ${moneyText(t.money, currency)}`
      : t.unpricedHours >= t.hours
        ? ' (no price known)'
        : `: ${moneyText(t.money, currency)} for the priced ${hoursText(t.hours - t.unpricedHours)}`;
  return `${what} kept ${count(t.resources, 'resource')} up ${hoursText(t.hours)} ${period}${price}.`;
}

/** The body both the command and the digest show. */
export function savingsBlocks(
  report: SavingsReport,
  maxBlocks: number,
  accounts: readonly KnownAccount[] = [],
): Block[] {
  const { currency, total } = report;
  const label = report.period.label;
  const blocks: Block[] = [];
  if (total.resources === 0) {
    blocks.push(section(`Nothing was stopped by the stopinator ${label}.`));
  } else {
    blocks.push(
      section(
        `*${hoursText(total.hours)}* off across ${count(total.resources, 'resource')}${total.unpricedHours < total.hours ? `: *${moneyText(total.money, currency)}* saved` : ''}${total.unpricedHours > 0 ? ` (${hoursText(total.unpricedHours)} of ${count(total.unpricedResources, 'resource')} without a known price: hours only)` : ''}.`,
      ),
    );
    const bySchedule = report.bySchedule.map(
      (s) =>
        `• ${codeName(s.schedule)}: ${count(s.resources, 'resource')}, ${tallyText(s, currency)}`,
    );
    blocks.push(section(`*By schedule*\n${bySchedule.slice(0, 20).join('\n')}`));
    const top = report.resources.slice(0, TOP).map((r) => {
      const money =
        r.money !== undefined ? `, ${moneyText(r.money, currency)}` : ' (no price known)';
      return `• ${codeName(r.name)} (${plainText(placeLabel(r.region, accounts))}${r.schedule ? `, ${plainText(r.schedule)}` : ''}): ${hoursText(r.hours)}${money}`;
    });
    const more = report.resources.length - TOP;
    blocks.push(
      section(
        `*Top resources*\n${top.join('\n')}${more > 0 ? `\n…and ${count(more, 'more resource')}` : ''}`,
      ),
    );
  }
  blocks.push(
    section(
      [
        costLine('Snoozes', report.snoozes, currency, label),
        costLine('Wakes', report.wakes, currency, label),
      ].join('\n'),
    ),
  );
  const notes: string[] = [];
  const ended = Object.entries(report.startedBy)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([by, n]) => `${n} ${STARTED_BY[by] ?? by}`);
  if (ended.length > 0) notes.push(`Stopped stretches: ${ended.join(', ')}.`);
  const billed = report.stillBilled.map(
    (b) =>
      `${b.what} of ${count(b.resources, b.kind === 'ec2' ? 'instance' : b.kind === 'asg' ? 'group' : 'database')}${b.storageGb !== undefined ? ` (${b.storageGb} GB)` : ''}`,
  );
  if (billed.length > 0)
    notes.push(`Still billed while stopped, not counted above: ${billed.join('; ')}.`);
  notes.push(
    `On-demand prices in ${currency}: savings.prices in the configuration, else AWS's Price List; a resource without either shows hours only.`,
  );
  const packed = packLines(notes, Math.max(1, maxBlocks - blocks.length));
  return [
    ...blocks,
    ...packed.blocks.map((b) => (b.type === 'section' ? context(b.text.text) : b)),
  ].slice(0, maxBlocks);
}

/** `/stopinator savings`: the reply. */
export function savingsMessage(
  report: SavingsReport,
  target: string,
  accounts: readonly KnownAccount[] = [],
): SlackMessage {
  const title = `Savings ${report.period.label}: ${target === 'all' ? 'all resources' : target}`;
  return {
    text: `${title}: ${summaryText(report)}`,
    blocks: [header(title), ...savingsBlocks(report, LIMITS.blocksPerMessage - 1, accounts)],
  };
}

/** The weekly digest posted to the channel on Monday morning. */
export function digestMessage(
  report: SavingsReport,
  accounts: readonly KnownAccount[] = [],
): SlackMessage {
  const title = `Stopinator: savings ${report.period.label}`;
  return {
    text: `${title}: ${summaryText(report)}`,
    blocks: [header(title), ...savingsBlocks(report, LIMITS.blocksPerMessage - 1, accounts)],
  };
}

/** "48 h off, $2.40 saved" for notifications. */
export function summaryText(report: SavingsReport): string {
  const t = report.total;
  return t.unpricedHours < t.hours
    ? `${hoursText(t.hours)} off, ${moneyText(t.money, report.currency)} saved`
    : `${hoursText(t.hours)} off`;
}
