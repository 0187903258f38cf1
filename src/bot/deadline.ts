/** An AWS or Slack call that did not answer before the reply had to go out. */
export class DeadlineError extends Error {
  override readonly name = 'DeadlineError';
  constructor(
    readonly what: string,
    readonly afterMs: number,
  ) {
    super(`${what} did not answer within ${afterMs} ms`);
  }
}

/** Races `work` against the time left until `deadline` (epoch ms). */
export async function beforeDeadline<T>(
  work: Promise<T>,
  deadline: number,
  what: string,
  clock: () => number = () => Date.now(),
): Promise<T> {
  const left = Math.max(0, deadline - clock());
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(what, left)), left);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
    // The losing call may still fail later; nobody waits for it, so keep it from being unhandled.
    work.catch(() => {});
  }
}
