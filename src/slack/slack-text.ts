/** Slack's mrkdwn needs `&`, `<` and `>` escaped in anything people or AWS wrote. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
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

/**
 * A resource name shown as inline code: names come from tags anyone with EC2 access writes, so
 * backticks, newlines and control characters must not break out of the code span.
 */
export function codeName(name: string): string {
  const safe = clipText(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
    name.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/`/g, 'ˋ'),
    200,
  );
  return `\`${escapeText(safe)}\``;
}
