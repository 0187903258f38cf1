/**
 * Orders names as people scan a list: case-insensitively, then by code point, so `Web-2` sits
 * with `web-1`. Not `localeCompare`: ICU's collator costs a cold start about 5 ms to set up,
 * and instance names are ASCII in practice.
 */
export function compareText(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
