import { compareText } from './compare-text.js';
/** Suggestions for what people mistype: verbs, names, schedule names. */

/** Levenshtein distance, case-insensitive, stopping early past `limit`. */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (Math.abs(x.length - y.length) > limit) return limit + 1;
  let previous = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    previous = current;
  }
  return previous[y.length] ?? 0;
}

/**
 * The candidates closest to `word`, best first: within a third of the word's length in edits
 * (at least 1, at most 3), or sharing its prefix before a digit or separator (`web` for
 * `web-9`). At most `max`.
 */
export function suggest(word: string, candidates: Iterable<string>, max = 3): string[] {
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  const stem = word.toLowerCase().replace(/[-_.\s]*[0-9]*$/, '');
  const scored: { candidate: string; score: number }[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    const key = candidate.toLowerCase();
    if (seen.has(key) || key === word.toLowerCase()) continue;
    seen.add(key);
    const distance = editDistance(word, candidate, limit);
    const sameStem = stem.length >= 2 && key.startsWith(stem);
    if (distance <= limit || sameStem) {
      scored.push({ candidate, score: distance <= limit ? distance : limit + 1 });
    }
  }
  return scored
    .sort((a, b) => a.score - b.score || compareText(a.candidate, b.candidate))
    .slice(0, max)
    .map((s) => s.candidate);
}

/** "web-1", "web-1 or web-2", "web-1, web-2 or web-3". */
export function orList(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}
