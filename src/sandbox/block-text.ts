/** Block Kit for a terminal: sections, context and buttons as plain text lines. */

export interface ShownButton {
  readonly actionId: string;
  readonly blockId: string;
  readonly value: string;
  readonly text: string;
}

export interface TextOptions {
  /** The display name for a user id (`<@U0…>` mentions). */
  readonly userName: (userId: string) => string;
  /** The number the terminal shows for a button, for `press N`. */
  readonly buttonNumber: (button: ShownButton) => number;
}

const EMOJI: Record<string, string> = {
  zzz: '💤',
  alarm_clock: '⏰',
  sunny: '☀️',
  warning: '⚠️',
  x: '❌',
  black_square_for_stop: '⏹',
  arrow_forward: '▶',
  no_entry: '⛔',
  rotating_light: '🚨',
  thinking_face: '🤔',
};

/** The lines a message shows: its blocks, or its fallback text when it has none. */
export function messageLines(
  message: { text?: unknown; blocks?: unknown },
  options: TextOptions,
): string[] {
  const blocks = Array.isArray(message.blocks) ? (message.blocks as unknown[]) : [];
  if (blocks.length === 0) return mrkdwnToText(String(message.text ?? ''), options).split('\n');
  return blocks.flatMap((block) => blockLines(block as Record<string, unknown>, options));
}

function blockLines(block: Record<string, unknown>, options: TextOptions): string[] {
  switch (block.type) {
    case 'header':
      return [`== ${plain(block.text)} ==`];
    case 'section':
      return mrkdwnToText(plain(block.text), options).split('\n');
    case 'context': {
      const elements = Array.isArray(block.elements) ? block.elements : [];
      const text = elements.map((e) => mrkdwnToText(plain(e), options)).join(' · ');
      return text.split('\n').map((line) => `  ${line}`);
    }
    case 'divider':
      return ['----'];
    case 'actions': {
      const elements = Array.isArray(block.elements) ? block.elements : [];
      const buttons = elements
        .filter((e): e is Record<string, unknown> => (e as { type?: unknown }).type === 'button')
        .map((e) => {
          const button: ShownButton = {
            actionId: String(e.action_id ?? ''),
            blockId: String(block.block_id ?? ''),
            value: String(e.value ?? ''),
            text: plain(e.text),
          };
          return `[${options.buttonNumber(button)}] ${button.text}`;
        });
      return buttons.length > 0 ? [buttons.join('   ')] : [];
    }
    default:
      return [];
  }
}

function plain(text: unknown): string {
  if (typeof text === 'string') return text;
  if (text && typeof text === 'object' && 'text' in text) return String(text.text ?? '');
  return '';
}

/** Slack's mrkdwn as terminal text: mentions named, markers and entities removed, emoji drawn. */
export function mrkdwnToText(text: string, options: Pick<TextOptions, 'userName'>): string {
  return text
    .replace(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g, (_, id: string) => `@${options.userName(id)}`)
    .replace(/<#[CG][A-Z0-9]+\|([^>]+)>/g, '#$1')
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2')
    .replace(/<(https?:[^>]+)>/g, '$1')
    .replace(/\*(\S(?:[^*\n]*?\S)?)\*/g, '$1')
    .replace(/`([^`\n]+)`/g, '$1')
    .replace(/:([a-z0-9_+-]+):/g, (whole, name: string) => EMOJI[name] ?? whole)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
