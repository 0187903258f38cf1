/** A word of a command, and whether it was quoted (a quoted word is always a name). */
export interface Word {
  readonly text: string;
  readonly quoted: boolean;
}

// Slack turns typed quotes into curly ones on some clients.
const QUOTES: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  '\u201c': '\u201d',
  '\u2018': '\u2019',
  '\u201e': '\u201c',
};

/**
 * Splits command text into words at white space; `"my box"` (straight or curly quotes) is one
 * word. An unclosed quote is an error rather than a guess.
 */
export function splitWords(
  text: string,
): { ok: true; words: Word[] } | { ok: false; error: string } {
  const words: Word[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    const close = QUOTES[ch];
    if (close !== undefined) {
      const end = text.indexOf(close, i + 1);
      if (end < 0) return { ok: false, error: `a quote is not closed: ${text.slice(i, i + 40)}` };
      const inside = text.slice(i + 1, end).trim();
      if (inside === '') return { ok: false, error: 'an empty name in quotes' };
      words.push({ text: inside, quoted: true });
      i = end + 1;
      continue;
    }
    let end = i;
    while (end < text.length && !/\s/.test(text[end] ?? '')) end += 1;
    words.push({ text: text.slice(i, end), quoted: false });
    i = end;
  }
  return { ok: true, words };
}
