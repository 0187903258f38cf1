import { clipText } from './slack-text.js';

/** Slack's limits: https://api.slack.com/reference/block-kit/blocks */
export const LIMITS = {
  blocksPerMessage: 50,
  /** A home tab view (views.publish) holds up to 100 blocks. */
  blocksPerView: 100,
  sectionText: 3000,
  contextElements: 10,
  buttonsPerActions: 25,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  messageText: 40_000,
} as const;

export type TextObject =
  | { type: 'mrkdwn'; text: string }
  | { type: 'plain_text'; text: string; emoji?: boolean };

export interface ButtonElement {
  type: 'button';
  action_id: string;
  text: { type: 'plain_text'; text: string };
  value?: string;
  style?: 'primary' | 'danger';
}

export type Block =
  | { type: 'header'; text: { type: 'plain_text'; text: string } }
  | { type: 'section'; text: TextObject; block_id?: string; accessory?: ButtonElement }
  | { type: 'context'; elements: TextObject[]; block_id?: string }
  | { type: 'divider' }
  | { type: 'actions'; block_id?: string; elements: ButtonElement[] };

/** A message: `text` is the notification and accessibility fallback, `blocks` what people see. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

export const header = (text: string): Block => ({
  type: 'header',
  text: { type: 'plain_text', text: clipText(text, LIMITS.headerText) },
});

export const section = (markdown: string): Block => ({
  type: 'section',
  text: { type: 'mrkdwn', text: clipText(markdown, LIMITS.sectionText) },
});

export const context = (...markdown: string[]): Extract<Block, { type: 'context' }> => ({
  type: 'context',
  elements: markdown
    .slice(0, LIMITS.contextElements)
    .map((text) => ({ type: 'mrkdwn', text: clipText(text, LIMITS.sectionText) })),
});

export const button = (
  actionId: string,
  text: string,
  value: string,
  style?: 'primary' | 'danger',
): ButtonElement => ({
  type: 'button',
  action_id: actionId,
  text: { type: 'plain_text', text: clipText(text, LIMITS.buttonText) },
  value: clipText(value, LIMITS.buttonValue),
  ...(style ? { style } : {}),
});

/**
 * Packs lines into as few sections as Slack allows (3,000 characters each), using at most
 * `maxBlocks`; returns the sections and how many lines did not fit, so the caller can say so.
 */
export function packLines(
  lines: readonly string[],
  maxBlocks: number,
): { blocks: Block[]; left: number } {
  const blocks: Block[] = [];
  let current = '';
  let used = 0;
  for (const raw of lines) {
    const line = clipText(raw, LIMITS.sectionText);
    if (current && current.length + 1 + line.length > LIMITS.sectionText) {
      if (blocks.length + 1 >= maxBlocks) break;
      blocks.push(section(current));
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
    used += 1;
  }
  if (current && blocks.length < maxBlocks) blocks.push(section(current));
  else if (current) used -= current.split('\n').length;
  return { blocks, left: lines.length - used };
}
