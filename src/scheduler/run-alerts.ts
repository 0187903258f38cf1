import { type AccountUnreachableError, unreachableAccount } from '../aws/account-roles.js';
import { accountOfPlace, placeLabel } from '../core/account.js';
import type { PendingAction } from '../core/journal.js';
import { isPermanent } from '../core/journal.js';
import type { Logger } from '../runtime/logger.js';
import { refusedKey } from './attempts.js';
import type { Listing } from './region-plans.js';
import type { SchedulerDeps } from './run-scheduler.js';

/**
 * Each region that could not be listed is alerted once per outage, and its end once. A member
 * account whose role could not be assumed is one outage, whatever its regions.
 */
export async function reportRegions(
  deps: SchedulerDeps,
  listing: Listing,
  open: ReadonlySet<string> | undefined,
  now: number,
): Promise<void> {
  const unreachable = new Map<string, { error: AccountUnreachableError; places: string[] }>();
  const regions: [string, unknown][] = [];
  for (const [place, error] of listing.failed) {
    const refused = unreachableAccount(error);
    if (!refused) {
      regions.push([place, error]);
      continue;
    }
    const entry = unreachable.get(refused.account) ?? { error: refused, places: [] };
    entry.places.push(place);
    unreachable.set(refused.account, entry);
  }
  const listedAccounts = new Set([...listing.listed.keys()].map(accountOfPlace));
  const openAccounts = [...(open ?? [])]
    .filter((key) => key.startsWith(ACCOUNT_OUTAGE))
    .map((key) => key.slice(ACCOUNT_OUTAGE.length));
  await Promise.all([
    ...[...unreachable].map(async ([account, { error, places }]) => {
      deps.log.error('could not assume a member account’s role; its regions are skipped', {
        account,
        places,
        error,
      });
      const key = `${ACCOUNT_OUTAGE}${account}`;
      if (open?.has(key)) return;
      const detail = error.message;
      const first = await soft(deps.log, 'could not record the outage', () =>
        deps.outages.open(key, now, detail),
      );
      if (first === false) return;
      await quietly(deps.log, 'alert', () =>
        deps.notifier.alert(
          `Could not work in account ${accountLabel(account, deps)}: ${detail}. Its ${places.length === 1 ? 'region is' : `${places.length} regions are`} skipped until it can (the other accounts go on, and it is caught up then). Check the spoke role in that account and its trust in this stopinator.`,
          detail,
        ),
      );
    }),
    ...openAccounts
      .filter((account) => listedAccounts.has(account))
      .map(async (account) => {
        const ended = await soft(deps.log, 'could not record the outage end', () =>
          deps.outages.close(`${ACCOUNT_OUTAGE}${account}`),
        );
        if (!ended) return;
        await quietly(deps.log, 'alert', () =>
          deps.notifier.alert(
            `Account ${accountLabel(account, deps)} answers again: its missed stops and starts are caught up.`,
          ),
        );
      }),
    ...regions.map(async ([region, error]) => {
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
          `Could not list ${placeLabel(region, deps.config.accounts ?? [])}: it is skipped until it answers (the other regions go on, and it is caught up then).`,
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
            `${placeLabel(region, deps.config.accounts ?? [])} answers again: its missed stops and starts are caught up.`,
          ),
        );
      }),
  ]);
}

/** The outage key of a member account whose role was refused: "account#<id>". */
const ACCOUNT_OUTAGE = 'account#';

function accountLabel(account: string, deps: Pick<SchedulerDeps, 'config'>): string {
  const name = deps.config.accounts?.find((a) => a.id === account)?.name;
  return name ? `${name} (${account})` : account;
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
