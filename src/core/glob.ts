/**
 * Name globs (`web-*`, `db-?`), matched without regular expressions: a glob typed in Slack is
 * untrusted input, and a backtracking regular expression built from `****x` takes exponential
 * time. Here the pattern is split at its stars and each literal piece is found left to right,
 * earliest first (greedy is exact for `*`): at most one scan of the name per piece, so the
 * cost is bounded by name length × pattern length, whatever the pattern.
 */

/** Longest pattern accepted: EC2 Name tags are at most 256 characters. */
export const MAX_GLOB_LENGTH = 256;

export interface Glob {
  /** Literal pieces between stars, lowercased; `?` stays a one-character wildcard. */
  readonly pieces: readonly string[];
}

export function isGlob(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/** Compiles a glob; matching is case-insensitive. Consecutive stars count as one. */
export function compileGlob(pattern: string): Glob {
  if (pattern.length > MAX_GLOB_LENGTH) {
    throw new RangeError(`a pattern has at most ${MAX_GLOB_LENGTH} characters`);
  }
  const lower = pattern.toLowerCase();
  const pieces = lower.split('*');
  return {
    pieces: pieces.filter(
      (piece, index) => piece !== '' || index === 0 || index === pieces.length - 1,
    ),
  };
}

export function globMatches(glob: Glob, name: string): boolean {
  const text = name.toLowerCase();
  const pieces = glob.pieces;
  if (pieces.length === 1)
    return text.length === (pieces[0] ?? '').length && pieceAt(text, 0, pieces[0] ?? '');
  const first = pieces[0] ?? '';
  const last = pieces[pieces.length - 1] ?? '';
  if (text.length < first.length + last.length) return false;
  if (!pieceAt(text, 0, first)) return false;
  if (!pieceAt(text, text.length - last.length, last)) return false;
  let from = first.length;
  const end = text.length - last.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const piece = pieces[i] ?? '';
    const found = findPiece(text, piece, from, end);
    if (found < 0) return false;
    from = found + piece.length;
  }
  return from <= end;
}

/** Whether `piece` (with `?` wildcards) matches `text` at `at`. */
function pieceAt(text: string, at: number, piece: string): boolean {
  if (at < 0 || at + piece.length > text.length) return false;
  for (let i = 0; i < piece.length; i++) {
    const ch = piece[i];
    if (ch !== '?' && ch !== text[at + i]) return false;
  }
  return true;
}

/** The earliest position at or after `from` where `piece` fits before `end`, or -1. */
function findPiece(text: string, piece: string, from: number, end: number): number {
  for (let at = from; at + piece.length <= end; at++) {
    if (pieceAt(text, at, piece)) return at;
  }
  return -1;
}
