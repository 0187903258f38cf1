import { regionOfPlace } from '../core/account.js';
import { type CachedPrice, pricesToFetch } from '../core/billing.js';
import type { FleetIndex } from '../core/fleet-index.js';
import { historyFrom, periodSavings } from '../core/period-savings.js';
import { savingsPeriod } from '../core/savings-period.js';
import { formatLocalDate, instantToLocal } from '../core/zone-time.js';
import type { Listing } from './region-plans.js';
import { soft } from './run-alerts.js';
import type { SchedulerDeps, SchedulerSavings } from './run-scheduler.js';

/** Price List look-ups per run at most: a new fleet is priced over a few runs, not in one. */
export const PRICE_LOOKUPS_PER_RUN = 10;
/** The weekly digest goes out at the first run from Monday at this hour, default schedule's zone. */
export const DIGEST_HOUR = 9;

/** What a run does for savings once it has acted: prices to cache, the weekly digest. */
export async function keepSavings(
  deps: SchedulerDeps,
  savings: SchedulerSavings,
  run: { readonly listing: Listing; readonly now: number },
): Promise<void> {
  await Promise.all([
    refreshPrices(deps, savings, run),
    postDigest(deps, savings, {
      index: async () => listedIndex(run.listing, run.now),
      now: run.now,
    }),
  ]);
}

/** Units the configuration does not price and the cache has no fresh price for, asked of the Price List. */
async function refreshPrices(
  deps: SchedulerDeps,
  savings: SchedulerSavings,
  run: { readonly listing: Listing; readonly now: number },
): Promise<void> {
  const { priceList } = savings;
  // The Price List is in US dollars: another currency comes from the configuration alone.
  if (!priceList || deps.config.savings.currency !== 'USD') return;
  const cached = await soft(deps.log, 'could not read the cached prices', () =>
    savings.prices.read(),
  );
  if (!cached) return;
  const units = [...run.listing.listed.values()]
    .flat()
    .flatMap((i) =>
      (i.billing?.units ?? []).map((unit) => ({ unit, region: regionOfPlace(i.region) })),
    );
  const wanted = pricesToFetch(units, {
    configured: deps.config.savings.prices,
    cached,
    now: run.now,
  }).slice(0, PRICE_LOOKUPS_PER_RUN);
  if (wanted.length === 0) return;
  const found = await Promise.all(
    wanted.map(async ({ unit, region, key }): Promise<CachedPrice | undefined> => {
      try {
        const hourly = await priceList.hourly(unit, region);
        return {
          key,
          currency: 'USD',
          fetchedAt: run.now,
          ...(hourly !== undefined ? { hourly } : {}),
        };
      } catch (error) {
        deps.log.warn('could not ask the Price List; asked again in an hour', { key, error });
        return { key, currency: 'USD', fetchedAt: run.now, failed: true };
      }
    }),
  );
  const prices = found.filter((p): p is CachedPrice => p !== undefined);
  if (prices.length > 0) {
    await soft(deps.log, 'could not cache the prices', () => savings.prices.write(prices));
    deps.log.info('prices cached', {
      prices: prices.map((p) => ({ key: p.key, hourly: p.hourly ?? null, failed: p.failed })),
    });
  }
}

/**
 * Last week's savings, posted once: at the first run from Monday 09:00 in the default
 * schedule's zone, to the one run that claims the week with a conditional write. A post that
 * fails gives the week back, so the next run tries again.
 */
export async function postDigest(
  deps: Pick<SchedulerDeps, 'notifier' | 'config' | 'log'>,
  savings: SchedulerSavings,
  /** `index`: read only when a digest is due (the whole fleet's, in many accounts). */
  run: { readonly index: () => Promise<FleetIndex | undefined>; readonly now: number },
): Promise<void> {
  const post = deps.notifier.digest?.bind(deps.notifier);
  if (!post) return;
  const { now } = run;
  const zone = deps.config.schedules.get(deps.config.defaultSchedule)?.timezone ?? 'UTC';
  const local = instantToLocal(now, zone);
  if (local.weekday !== 1 || local.hour < DIGEST_HOUR) return;
  const week = formatLocalDate(local);
  const claimed = await soft(deps.log, 'could not claim the weekly digest', () =>
    savings.digests.claim(week, now),
  );
  if (!claimed) return;
  try {
    const index = await run.index();
    if (!index) {
      await soft(deps.log, 'could not give the digest week back', () =>
        savings.digests.release(week),
      );
      return;
    }
    const period = savingsPeriod('last-week', now, zone);
    const [events, cached] = await Promise.all([
      savings.history.read(historyFrom(period), now),
      savings.prices.read(),
    ]);
    const report = periodSavings({
      period,
      events,
      index,
      cached,
      config: deps.config,
      now,
    });
    await post(report);
    deps.log.info('weekly digest posted', { week, hours: report.total.hours });
  } catch (error) {
    deps.log.error('could not post the weekly digest; the next run tries again', { week, error });
    await soft(deps.log, 'could not give the digest week back', () =>
      savings.digests.release(week),
    );
  }
}

/** The run's listing as an index: what is stopped by the stopinator now. */
function listedIndex(listing: Listing, now: number): FleetIndex {
  return {
    runAt: now,
    writtenAt: now,
    regions: [...listing.listed].map(([region, instances]) => ({
      region,
      listedAt: now,
      entries: instances.map((instance) => ({ instance, recent: [] })),
    })),
  };
}
