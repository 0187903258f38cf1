/** A scheduler run that could not act safely; nothing was stopped, the next run catches up. */
export class RunFailedError extends Error {
  override readonly name = 'RunFailedError';
  constructor(
    readonly step: 'read-cursor' | 'read-snoozes' | 'list-instances',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
