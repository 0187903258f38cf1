/** Slack's mrkdwn needs `&`, `<` and `>` escaped in anything people or AWS wrote. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Characters that must not reach a message from a name: C0/C1 controls (newlines included),
 * Unicode line and paragraph separators, and the bidirectional overrides that reorder text.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** A look-alike of the backtick (modifier letter grave accent) that cannot end a code span. */
const BACKTICK_LOOKALIKE = '\u02cb';
/** Names longer than this are clipped: an instance name must not fill a message. */
export const NAME_MAX = 100;

/**
 * Text that people or AWS wrote, on one line: control characters and line breaks become
 * spaces, backticks a look-alike (unless `keepBackticks`), long text is clipped. Not escaped:
 * for plain_text objects (headers, buttons); mrkdwn wants `oneLine`.
 */
export function flatText(text: string, max = NAME_MAX, keepBackticks = false): string {
  const spaced = String(text).replace(UNPRINTABLE, ' ');
  const flat = (keepBackticks ? spaced : spaced.replace(/`/g, BACKTICK_LOOKALIKE))
    .replace(/ {2,}/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}

/**
 * `flatText` for mrkdwn (and a message's fallback text): `&`, `<` and `>` become entities, so
 * no `<!channel>`, `<@U…>` or `<http://x|y>` survives.
 */
export function oneLine(text: string, max = NAME_MAX): string {
  return escapeText(flatText(text, max));
}

/**
 * A name (instance, tag value, schedule, target, AWS code) shown as inline code. Inside the
 * code span `*`, `_` and `~` are literal, and nothing in the name can end the span, start a
 * line, mention anyone or make a link. Use it wherever such a name appears in a message.
 */
export function codeName(name: string, max = NAME_MAX): string {
  return `\`${oneLine(name, max) || ' '}\``;
}

/**
 * Prose that may hold such names (decision reasons, AWS error text for the operator): one
 * line, and `*`, `_`, `~` that could start or end emphasis become look-alikes.
 */
export function plainText(text: string, max = 500): string {
  return oneLine(text, max)
    .replace(/\*/g, '\u2217')
    .replace(/~/g, '\u223c')
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\uff3f');
}

/** Multi-line detail for an operator, in a code block that nothing in it can close. */
export function codeBlock(text: string, max = 2500): string {
  const body = String(text)
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(UNPRINTABLE, ' ').replace(/`/g, BACKTICK_LOOKALIKE))
    .join('\n');
  return `\`\`\`${escapeText(clipText(body, max))}\`\`\``;
}

export function mention(userId: string): string {
  return /^[UW][A-Z0-9]+$/.test(userId) ? `<@${userId}>` : `@${escapeText(userId)}`;
}

/** Cuts text to `max` characters, saying so, rather than letting Slack reject the message. */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  const marker = '… (cut)';
  return `${text.slice(0, max - marker.length)}${marker}`;
}

/** "1 instance", "3 instances". */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
