/** The event EventBridge Scheduler sends: `{"scheduledTime": "<aws.scheduler.scheduled-time>"}`. */
export interface SchedulerEvent {
  readonly scheduledTime?: string;
}

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** The instant a run is for: the scheduled time when given (retries keep it), else now. */
export function runInstant(event: unknown, now: () => number): number {
  const scheduledTime = (event as SchedulerEvent | null)?.scheduledTime;
  if (scheduledTime === undefined || scheduledTime === null || scheduledTime === '') return now();
  if (typeof scheduledTime !== 'string' || !ISO_WITH_ZONE.test(scheduledTime)) {
    throw new TypeError(
      `scheduledTime must be an ISO 8601 instant with a zone, such as 2026-11-24T19:00:00Z; got ${JSON.stringify(scheduledTime)}`,
    );
  }
  return Date.parse(scheduledTime);
}
