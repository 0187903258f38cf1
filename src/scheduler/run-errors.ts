/**
 * A scheduler run that failed visibly: before acting (nothing was stopped, the next run catches
 * up), or after acting on what it could (`out-of-time`: the regions it had no time for wait).
 */
export class RunFailedError extends Error {
  override readonly name = 'RunFailedError';
  constructor(
    readonly step:
      | 'read-cursor'
      | 'read-snoozes'
      | 'list-instances'
      | 'read-journal'
      | 'write-journal'
      | 'scheduled-time'
      | 'out-of-time'
      | 'fan-out',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
