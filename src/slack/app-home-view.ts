import type { FleetInstance } from '../core/instance.js';
import type { SavingsReport } from '../core/savings.js';
import { groupTimeline, type Simulation } from '../core/simulate.js';
import type { Snooze } from '../core/snooze.js';
import { type Block, button, context, header, LIMITS, packLines, section } from './blocks.js';
import { clockText } from './clock-text.js';
import { hoursText, moneyText, textBar } from './money-text.js';
import { tallyText } from './savings-message.js';
import { codeName, count, plainText } from './slack-text.js';
import { type SnoozeLineContext, snoozeLine } from './snooze-lines.js';

/** The home tab Slack shows: `views.publish`'s `view`. */
export interface HomeView {
  readonly type: 'home';
  readonly blocks: Block[];
}

export interface HomeInput {
  readonly userId: string;
  readonly now: number;
  /** The fleet as the last scheduler run left it. */
  readonly instances: readonly FleetInstance[];
  readonly simulation: Simulation;
  /** The person's own snoozes and wakes still holding. */
  readonly snoozes: readonly Snooze[];
  readonly savings: SavingsReport;
  readonly zoneOf: (schedule: string) => string;
  readonly nameOf: (key: string) => string | undefined;
  readonly defaultZone: string;
}

/** The action of a snooze's Cancel button on the home tab (value: the snooze id). */
export const HOME_CANCEL_ACTION = 'home_cancel_snooze';

const RUNNING_NAMES = 15;
const TONIGHT_BLOCKS = 6;
const SNOOZES_SHOWN = 10;
const CHART_ROWS = 8;

/**
 * The App Home tab, per person: what runs now, tonight's plan, their snoozes with a Cancel
 * button each, and this month's savings as a small text chart. Counts and caps keep it within
 * Slack's 100 blocks whatever the fleet's size (a fleet of 500 uses a few dozen).
 */
export function appHomeView(input: HomeInput): HomeView {
  const { now } = input;
  const blocks: Block[] = [header('Stopinator')];

  const up = input.instances.filter((i) => i.state === 'running' || i.state === 'pending');
  const stopped = input.instances.length - up.length;
  const names = up
    .slice(0, RUNNING_NAMES)
    .map((i) => codeName(i.tags.Name?.trim() || i.id))
    .join(', ');
  blocks.push(
    section(
      `*Running now:* ${count(up.length, 'resource')} of ${input.instances.length}${stopped > 0 ? ` (${stopped} stopped)` : ''}${names ? `\n${names}${up.length > RUNNING_NAMES ? ` and ${up.length - RUNNING_NAMES} more` : ''}` : ''}`,
    ),
    { type: 'divider' },
  );

  const groups = groupTimeline(input.simulation.timeline).filter((g) => g.label !== 'warn');
  const lines = groups.map((g) => {
    const zone = input.zoneOf(g.schedule ?? '');
    const shown = g.decisions
      .slice(0, 5)
      .map((d) => codeName(d.name))
      .join(', ');
    const more = g.decisions.length > 5 ? ` and ${g.decisions.length - 5} more` : '';
    return `*${clockText(g.at, zone, now)}* ${g.label} ${shown}${more}: ${plainText(g.why)}`;
  });
  const tonight = packLines(
    lines.length > 0 ? lines : ['Nothing stops or starts in the next 24 h.'],
    TONIGHT_BLOCKS,
  );
  blocks.push(section('*Tonight* (the next 24 h)'), ...tonight.blocks);
  if (tonight.left > 0)
    blocks.push(context(`…and ${count(tonight.left, 'more line')}: \`/stopinator tonight\``));
  blocks.push({ type: 'divider' });

  blocks.push(section('*Your snoozes and wakes*'));
  const lineContext: SnoozeLineContext = { nameOf: input.nameOf, zoneOf: input.zoneOf, now };
  if (input.snoozes.length === 0) {
    blocks.push(context('None. `/stopinator snooze web-1 2h` keeps something up tonight.'));
  }
  for (const snooze of input.snoozes.slice(0, SNOOZES_SHOWN)) {
    blocks.push({
      ...section(snoozeLine(snooze, lineContext)),
      accessory: button(HOME_CANCEL_ACTION, 'Cancel', snooze.id, 'danger'),
    } as Block);
  }
  if (input.snoozes.length > SNOOZES_SHOWN) {
    blocks.push(
      context(
        `…and ${input.snoozes.length - SNOOZES_SHOWN} more: \`/stopinator unsnooze\` cancels them all.`,
      ),
    );
  }
  blocks.push({ type: 'divider' });

  const report = input.savings;
  blocks.push(
    section(
      `*Savings ${report.period.label}:* ${report.total.resources === 0 ? 'nothing stopped yet' : tallyText(report.total, report.currency)}`,
    ),
  );
  const rows = report.bySchedule.slice(0, CHART_ROWS);
  if (rows.length > 0) {
    const priced = rows.every((r) => r.unpricedHours === 0);
    const max = Math.max(...rows.map((r) => (priced ? r.money : r.hours)));
    const chart = rows.map((r) => {
      const bar = textBar(priced ? r.money : r.hours, max, 20).padEnd(20, ' ');
      const label = r.schedule.length > 14 ? `${r.schedule.slice(0, 13)}…` : r.schedule.padEnd(14);
      const amount =
        r.unpricedHours === 0
          ? `${hoursText(r.hours)} ${moneyText(r.money, report.currency)}`
          : `${hoursText(r.hours)}`;
      return `${label} ${bar} ${amount}`;
    });
    blocks.push(section(`\`\`\`${chart.join('\n').replace(/`/g, "'")}\`\`\``));
  }
  blocks.push(
    context(
      `${report.snoozes.resources > 0 ? `Snoozes cost ${tallyText(report.snoozes, report.currency)}. ` : ''}\`/stopinator savings\` for the details · updated ${clockText(now, input.defaultZone, now)}`,
    ),
  );
  return { type: 'home', blocks: blocks.slice(0, LIMITS.blocksPerView) };
}
