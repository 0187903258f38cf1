import type { PendingAction } from '../core/journal.js';
import { isPermanent } from '../core/journal.js';
import type { Logger } from '../runtime/logger.js';
import { refusedKey } from './attempts.js';
import type { Listing } from './region-plans.js';
import type { SchedulerDeps } from './run-scheduler.js';

/** Each region that could not be listed is alerted once per outage, and its end once. */
export async function reportRegions(
  deps: SchedulerDeps,
  listing: Listing,
  open: ReadonlySet<string> | undefined,
  now: number,
): Promise<void> {
  await Promise.all([
    ...[...listing.failed].map(async ([region, error]) => {
      deps.log.error('could not list a region; it is skipped and caught up later', {
        region,
        error,
      });
      const key = `region#${region}`;
      if (open?.has(key)) return;
      const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      const first = await soft(deps.log, 'could not record the outage', () =>
        deps.outages.open(key, now, detail),
      );
      if (first === false) return;
      await quietly(deps.log, 'alert', () =>
        deps.notifier.alert(
          `Could not list ${region}: it is skipped until it answers (the other regions go on, and it is caught up then).`,
          detail,
        ),
      );
    }),
    ...[...listing.listed.keys()]
      .filter((region) => open?.has(`region#${region}`))
      .map(async (region) => {
        const ended = await soft(deps.log, 'could not record the outage end', () =>
          deps.outages.close(`region#${region}`),
        );
        if (!ended) return;
        await quietly(deps.log, 'alert', () =>
          deps.notifier.alert(
            `${region} answers again: its missed stops and starts are caught up.`,
          ),
        );
      }),
  ]);
}

/**
 * Give-ups alert once: AWS refusing for good (`isPermanent`) puts the resource on the refused
 * list for a week, so the next nights do not try and alert again. Starts that did not come up
 * alert with the fix.
 */
export async function tellFailures(
  deps: SchedulerDeps,
  gaveUp: readonly PendingAction[],
  failedStarts: readonly { pending: PendingAction; why: string; fix?: string }[],
  now: number,
): Promise<void> {
  await Promise.all([
    ...gaveUp.map(async (p) => {
      const detail = `${p.action} of ${p.name} (${p.instanceId}, ${p.region}): ${p.lastError ?? 'unknown error'}`;
      const first =
        p.lastError && isPermanent(p.lastError)
          ? await soft(deps.log, 'could not record the refusal', () =>
              deps.outages.open(refusedKey(p.key), now, detail, REFUSED_FOR_MS),
            )
          : true;
      if (first === false) return;
      await quietly(deps.log, 'alert', () =>
        deps.notifier.alert(
          p.lastError && isPermanent(p.lastError)
            ? `AWS refused the ${detail}. It is left alone for a week, or until this is fixed.`
            : `Gave up on the ${detail}, after ${p.attempts} attempts.`,
        ),
      );
    }),
    ...failedStarts.map((f) =>
      quietly(deps.log, 'alert', () =>
        deps.notifier.alert(
          `${f.pending.name} (${f.pending.instanceId}, ${f.pending.region}) did not come up: ${f.why}.${f.fix ? ` Fix: ${f.fix}.` : ''}`,
        ),
      ),
    ),
  ]);
}

/** How long a resource AWS refused for good is left alone before it is tried again. */
const REFUSED_FOR_MS = 7 * 86_400_000;

/** Reads what a run can do without: a failure is logged and the value is undefined. */
export async function soft<T>(
  log: Logger,
  message: string,
  work: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    log.warn(message, { error });
    return undefined;
  }
}

/** Notifications must not undo a run that already acted: log their failures and go on. */
export async function quietly(log: Logger, what: string, send: () => Promise<void>): Promise<void> {
  try {
    await send();
  } catch (error) {
    log.error(`could not send the ${what}`, { error });
  }
}
