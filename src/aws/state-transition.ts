// EC2 writes "User initiated (2026-11-24 21:00:00 GMT)"; moto writes the same with "UTC".
const TRANSITION_TIME = /\((\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) (?:GMT|UTC)\)/;

/**
 * The time carried by EC2's StateTransitionReason, in epoch milliseconds; undefined when
 * the reason carries none ("", "Server.ScheduledStop", ...) or an impossible one.
 */
export function parseStateTransitionTime(reason: string | undefined): number | undefined {
  const match = reason ? TRANSITION_TIME.exec(reason) : null;
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const at = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(at);
  // Date.UTC rolls 2026-02-30 over into March; such a reason is not a time.
  const exact =
    back.getUTCMonth() === month - 1 &&
    back.getUTCDate() === day &&
    back.getUTCHours() === hour &&
    back.getUTCMinutes() === minute &&
    back.getUTCSeconds() === second;
  return exact ? at : undefined;
}

/** The stop mark's value: an ISO instant, written by the stopinator when it stops. */
export function parseStopMark(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : at;
}

export function formatStopMark(at: number): string {
  return new Date(at).toISOString();
}
