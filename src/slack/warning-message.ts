import { type KnownAccount, placeLabel } from '../core/account.js';
import { compareText } from '../core/compare-text.js';
import type { Decision } from '../core/plan-run.js';
import {
  type Block,
  button,
  context,
  LIMITS,
  packLines,
  type SlackMessage,
  section,
} from './blocks.js';
import { whenText } from './clock-text.js';
import { fleetNoun, kindLabel } from './kind-text.js';
import { codeName, count, mention, oneLine } from './slack-text.js';

export const SNOOZE_ACTIONS = {
  snooze_1h: { label: 'Snooze 1 h', length: { kind: 'for', minutes: 60 } },
  snooze_2h: { label: 'Snooze 2 h', length: { kind: 'for', minutes: 120 } },
  snooze_tonight: { label: 'Keep running tonight', length: { kind: 'tonight' } },
} as const;

export type SnoozeActionId = keyof typeof SNOOZE_ACTIONS;

/** What a warning's buttons act on: every instance of the schedule that is about to stop. */
export interface WarningButtonValue {
  readonly schedule: string;
  /** When the stop happens, as announced (snoozes applied). */
  readonly stopAt: number;
  /** The scheduled stop it is; absent in warnings posted before it was added. */
  readonly stop?: number;
}

export interface WarningGroup {
  readonly schedule: string;
  readonly timezone: string;
  readonly stopAt: number;
  readonly scheduledStop: number;
  readonly instances: readonly Decision[];
}

/** Groups warnings by schedule and stop time: one message, with its own buttons, per group. */
export function groupWarnings(
  warnings: readonly Decision[],
  zoneOf: (schedule: string) => string,
): WarningGroup[] {
  const groups = new Map<string, WarningGroup & { instances: Decision[] }>();
  for (const w of warnings) {
    if (!w.schedule || w.stopAt === undefined) continue;
    const scheduledStop = w.scheduledStop ?? w.stopAt;
    const key = `${w.schedule}@${w.stopAt}@${scheduledStop}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        schedule: w.schedule,
        timezone: zoneOf(w.schedule),
        stopAt: w.stopAt,
        scheduledStop,
        instances: [],
      };
      groups.set(key, group);
    }
    group.instances.push(w);
  }
  return [...groups.values()].sort((a, b) => a.stopAt - b.stopAt);
}

/** The pre-stop warning: what will stop and when, with Snooze buttons. */
export function warningMessage(
  group: WarningGroup,
  now: number,
  accounts: readonly KnownAccount[] = [],
): SlackMessage {
  const when = whenText(group.stopAt, group.timezone, now);
  const noun = fleetNoun(group.instances.map((d) => d.instanceId));
  const names = [...group.instances]
    .sort((a, b) => compareText(a.name, b.name))
    .map((d) => {
      const label = kindLabel(d.instanceId);
      return `${codeName(d.name)} (${label ? `${label}, ` : ''}${oneLine(placeLabel(d.region, accounts))})`;
    });
  const title = `:alarm_clock: ${count(group.instances.length, noun)} on ${codeName(group.schedule)} will stop at ${when}.`;
  // Header, title, actions and the note use four blocks; the names get the rest.
  const packed = packLines(
    names.map((n) => `• ${n}`),
    LIMITS.blocksPerMessage - 5,
  );
  const value: WarningButtonValue = {
    schedule: group.schedule,
    stopAt: group.stopAt,
    stop: group.scheduledStop,
  };
  const blocks: Block[] = [
    section(title),
    ...packed.blocks,
    ...(packed.left > 0 ? [context(`…and ${count(packed.left, `more ${noun}`)}.`)] : []),
    {
      type: 'actions',
      block_id: 'stopinator_warning',
      elements: (Object.keys(SNOOZE_ACTIONS) as SnoozeActionId[]).map((id) =>
        button(
          id,
          SNOOZE_ACTIONS[id].label,
          JSON.stringify(value),
          id === 'snooze_tonight' ? 'primary' : undefined,
        ),
      ),
    },
    context(
      `Snoozing postpones this stop for the ${noun}s listed. Or type \`/stopinator snooze <target> 2h\`.`,
    ),
  ];
  return {
    text: `${count(group.instances.length, noun)} on ${oneLine(group.schedule)} will stop at ${when}.`,
    blocks,
  };
}

/**
 * The warning after a click: the original blocks plus one line per person saying what was
 * stored for them, replaced in place when they click again.
 */
export function warningAfterClick(
  original: readonly Block[],
  userId: string,
  outcome: string,
): Block[] {
  const id = `${CLICK_NOTE}${userId}`;
  const kept = original.filter((b) => !isClickNote(b));
  const notes = original.filter(isClickNote);
  const note: Block = { ...context(`${mention(userId)} ${outcome}`), block_id: id };
  const mine = notes.findIndex((b) => b.type === 'context' && b.block_id === id);
  const updated = mine >= 0 ? notes.map((b, i) => (i === mine ? note : b)) : [...notes, note];
  // The warning itself stays; the oldest notes give way when the message is full.
  const room = LIMITS.blocksPerMessage - kept.length;
  return [...kept, ...updated.slice(-Math.max(1, room))];
}

/** Notes added by clicks carry this block id prefix and the user id, so clicks find them. */
const CLICK_NOTE = 'stopinator_click_';

function isClickNote(block: Block): boolean {
  return block.type === 'context' && (block.block_id ?? '').startsWith(CLICK_NOTE);
}
