/**
 * Durations as people type them: `2h`, `90m`, `1h30`, `1h30m`, `45min`, `2 hours`.
 * Returns whole minutes, or undefined when the text is not a positive duration.
 */
export function parseDuration(text: string): number | undefined {
  const match =
    /^(?:(\d{1,4})\s*(?:h|hr|hrs|hour|hours))?\s*(?:(\d{1,5})\s*(?:m|min|mins|minute|minutes)?)?$/i.exec(
      text.trim(),
    );
  if (!match) return undefined;
  const [, hours, minutes] = match;
  if (hours === undefined && minutes === undefined) return undefined;
  // A bare number ("30") is ambiguous: ask for a unit rather than guess.
  if (hours === undefined && !/[a-z]$/i.test(text.trim())) return undefined;
  const total = Number(hours ?? 0) * 60 + Number(minutes ?? 0);
  return total > 0 ? total : undefined;
}

/** "2 h 10 min", "45 min", "3 h": a duration in minutes for people to read. */
export function formatDuration(totalMinutes: number): string {
  const minutes = Math.max(0, Math.round(totalMinutes));
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  if (rest === 0) return `${hours} h`;
  return `${hours} h ${rest} min`;
}
