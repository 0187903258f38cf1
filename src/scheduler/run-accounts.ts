import { eachLimited } from '../aws/kind-fleet.js';
import { type Account, HUB_ACCOUNT, placesOf } from '../core/account.js';
import { type CachedPrice, priceKey } from '../core/billing.js';
import type { FleetIndex } from '../core/fleet-index.js';
import type { Decision, RunPlan } from '../core/plan-run.js';
import type {
  ActionJournal,
  ActionOutcome,
  FleetIndexStore,
  Notifier,
  OutageLog,
  RunCursor,
  RunSummary,
  SnoozeStore,
} from '../core/ports.js';
import type { Snooze } from '../core/snooze.js';
import { quietly } from './run-alerts.js';
import { RunFailedError } from './run-errors.js';
import { runScheduler, type SchedulerDeps, type SchedulerSavings } from './run-scheduler.js';
import { postDigest } from './savings-upkeep.js';

/** An account's own state: its cursor and its pending actions (see account-state.ts). */
export interface AccountState {
  readonly cursor: RunCursor;
  readonly journal: ActionJournal;
}

export interface AccountsDeps extends Omit<SchedulerDeps, 'cursor' | 'journal'> {
  /** The cursor and journal of an account ("default": the hub's own). */
  readonly stateOf: (account: string) => AccountState;
  /** Accounts worked at once (each lists its regions and kinds in parallel). */
  readonly concurrency?: number;
}

/** Accounts worked at once by default: each has its regions × kinds listings in flight. */
export const ACCOUNT_CONCURRENCY = 10;

/** What one account's run left to tell: sent once, for every account together. */
export interface AccountOutcome {
  readonly account: string;
  readonly summary?: RunSummary;
  readonly warnings: readonly Decision[];
  readonly done?: { readonly plan: RunPlan; readonly failures: readonly ActionOutcome[] };
  readonly alerts: readonly { readonly message: string; readonly detail?: string }[];
  /** Why the account's run failed; its cursor did not move (the next run catches it up). */
  readonly error?: {
    readonly step: RunFailedError['step'] | 'unexpected';
    readonly message: string;
  };
}

/**
 * One run over many accounts: each account is a run of its own (runScheduler on its places,
 * with its own cursor and journal), at most `concurrency` at once, so an account whose role
 * is refused or whose regions do not answer holds up nobody. Reads every account needs (the
 * snoozes, open outages) are made once and shared; each reads its own part of the fleet
 * index. What the runs would tell
 * Slack is gathered and sent as one warning and one summary (reportAccounts).
 */
export async function runAccounts(
  deps: AccountsDeps,
  accounts: readonly Account[],
  now: number,
): Promise<AccountOutcome[]> {
  const shared = sharedReads(deps);
  const scopes: { id: string; places: string[] }[] =
    accounts.length === 0
      ? [{ id: HUB_ACCOUNT, places: [...deps.config.regions] }]
      : accounts.map((a) => ({ id: a.id, places: placesOf([a], deps.config.regions) }));
  return eachLimited(scopes, deps.concurrency ?? ACCOUNT_CONCURRENCY, async (scope) => {
    const collected = collector();
    const state = deps.stateOf(scope.id);
    const { savings } = deps;
    try {
      const summary = await runScheduler(
        {
          ...deps,
          config: { ...deps.config, regions: scope.places },
          cursor: state.cursor,
          journal: state.journal,
          snoozes: shared.snoozes(),
          fleetIndex: ownPlaces(deps.fleetIndex, scope.places),
          outages: shared.outages,
          notifier: collected.notifier,
          log: accounts.length === 0 ? deps.log : deps.log.with({ account: scope.id }),
          ...(savings && shared.savings
            ? { savings: { ...savings, ...shared.savings, account: scope.id } }
            : {}),
        },
        now,
      );
      return { account: scope.id, summary, ...collected.outcome() };
    } catch (error) {
      const step = error instanceof RunFailedError ? error.step : 'unexpected';
      if (!(error instanceof RunFailedError)) {
        deps.log.error('account run failed', { account: scope.id, error });
      }
      return {
        account: scope.id,
        ...collected.outcome(),
        error: { step, message: error instanceof Error ? error.message : String(error) },
      };
    }
  });
}

/**
 * Tells Slack what the account runs did, once for all of them: one warning, one summary, each
 * alert once (the same failure in every account, unreadable snoozes say, is one alert), and
 * the weekly digest. Throws when a run failed for another reason than accounts or regions
 * that could not be listed (those are alerted once per outage): the invocation is retried,
 * and the accounts that did run find their windows already handled.
 */
export async function reportAccounts(
  deps: Omit<AccountsDeps, 'stateOf'>,
  outcomes: readonly AccountOutcome[],
  now: number,
): Promise<RunSummary> {
  const { log } = deps;
  const seen = new Set<string>();
  for (const alert of outcomes.flatMap((o) => o.alerts)) {
    if (seen.has(alert.message)) continue;
    seen.add(alert.message);
    await quietly(log, 'alert', () => deps.notifier.alert(alert.message, alert.detail));
  }
  const warnings = outcomes.flatMap((o) => o.warnings);
  if (warnings.length > 0) {
    await quietly(log, 'warning', () => deps.notifier.warnBeforeStop(warnings));
  }
  const summary = mergeSummaries(outcomes.flatMap((o) => (o.summary ? [o.summary] : [])));
  const done = outcomes.flatMap((o) => (o.done ? [o.done] : []));
  if (done.length > 0) {
    const [first] = done;
    const plan: RunPlan = {
      window: first?.plan.window ?? { from: now, to: now, truncated: false },
      decisions: done.flatMap((d) => d.plan.decisions),
      toStop: done.flatMap((d) => d.plan.toStop),
      toStart: done.flatMap((d) => d.plan.toStart),
      warnings: done.flatMap((d) => d.plan.warnings),
    };
    await quietly(log, 'summary', () =>
      deps.notifier.runDone(
        plan,
        done.flatMap((d) => d.failures),
        summary,
      ),
    );
  }
  if (deps.savings) {
    await postDigest(deps, deps.savings, {
      index: () =>
        deps.fleetIndex.readIndex().catch((error: unknown) => {
          log.warn('could not read the fleet index for the weekly digest', { error });
          return undefined;
        }),
      now,
    });
  }
  const failed = outcomes.filter((o) => o.error);
  const unlisted = failed.filter((o) => o.error?.step === 'list-instances');
  if (failed.length > 0) {
    log.warn('some accounts did not run', {
      accounts: failed.map((o) => ({ account: o.account, ...o.error })),
    });
  }
  const other = failed.filter((o) => o.error?.step !== 'list-instances');
  if (other.length > 0 || (failed.length === outcomes.length && unlisted.length > 0)) {
    const first = (other[0] ?? failed[0]) as AccountOutcome;
    throw new RunFailedError(
      first.error?.step === 'unexpected' || !first.error ? 'list-instances' : first.error.step,
      `${failed.length} of ${outcomes.length} account runs failed: ${failed
        .map((o) => `${o.account}: ${o.error?.message}`)
        .join('; ')}`,
    );
  }
  return {
    ...summary,
    failedRegions: [...summary.failedRegions, ...unlisted.map((o) => `${o.account} (not listed)`)],
  };
}

function collector(): {
  notifier: Notifier;
  outcome: () => Omit<AccountOutcome, 'account' | 'summary' | 'error'>;
} {
  const warnings: Decision[] = [];
  const alerts: { message: string; detail?: string }[] = [];
  let done: AccountOutcome['done'];
  return {
    notifier: {
      async warnBeforeStop(w) {
        warnings.push(...w);
      },
      async runDone(plan, failures) {
        done = { plan, failures };
      },
      async alert(message, detail) {
        alerts.push({
          message,
          ...(detail === undefined
            ? {}
            : { detail: typeof detail === 'string' ? detail : String(detail) }),
        });
      },
    },
    outcome: () => ({ warnings, alerts, ...(done ? { done } : {}) }),
  };
}

/** Counts added up; the window from the earliest account's start to the latest's end. */
export function mergeSummaries(summaries: readonly RunSummary[]): RunSummary {
  const sum = (field: 'stopped' | 'started' | 'warned' | 'skipped' | 'failed' | 'retried') =>
    summaries.reduce((n, s) => n + s[field], 0);
  const froms = summaries.map((s) => s.window.from).sort();
  const tos = summaries.map((s) => s.window.to).sort();
  const none = new Date(0).toISOString();
  return {
    window: { from: froms[0] ?? none, to: tos.at(-1) ?? none },
    stopped: sum('stopped'),
    started: sum('started'),
    warned: sum('warned'),
    skipped: sum('skipped'),
    failed: sum('failed'),
    retried: sum('retried'),
    failedRegions: summaries.flatMap((s) => s.failedRegions),
  };
}

/**
 * The reads every account run makes, made once: the open outages and the snoozes a run decides
 * with. The snoozes read again before the stops (for a snooze made
 * while the run was deciding) are each run's own fresh read.
 */
function sharedReads(deps: AccountsDeps): {
  snoozes: () => SnoozeStore;
  outages: OutageLog;
  /** The cached prices read once, and each Price List look-up made once, for every account. */
  savings?: Pick<SchedulerSavings, 'prices' | 'priceList'>;
} {
  let open: Promise<Set<string>> | undefined;
  const first = new Map<number, Promise<Snooze[]>>();
  return {
    snoozes: () => {
      let reads = 0;
      return {
        activeSnoozes(after) {
          if (reads++ > 0) return deps.snoozes.activeSnoozes(after);
          let read = first.get(after);
          if (!read) {
            read = deps.snoozes.activeSnoozes(after);
            first.set(after, read);
          }
          return read;
        },
        putSnooze: (snooze, audit) => deps.snoozes.putSnooze(snooze, audit),
        replaceSnoozes: (changed, audit) => deps.snoozes.replaceSnoozes(changed, audit),
      };
    },
    outages: {
      list() {
        open ??= deps.outages.list();
        return open.then((keys) => new Set(keys));
      },
      open: (key, at, detail, forMs) => deps.outages.open(key, at, detail, forMs),
      close: (key) => deps.outages.close(key),
    },
    ...(deps.savings ? { savings: sharedPrices(deps.savings) } : {}),
  };
}

/** The price cache's read, and Price List look-ups by price key, shared by the run's accounts. */
function sharedPrices(savings: SchedulerSavings): Pick<SchedulerSavings, 'prices' | 'priceList'> {
  let cached: Promise<CachedPrice[]> | undefined;
  const asked = new Map<string, Promise<number | undefined>>();
  const { priceList } = savings;
  return {
    prices: {
      read() {
        cached ??= savings.prices.read();
        cached.catch(() => {
          cached = undefined;
        });
        return cached;
      },
      write: (prices) => savings.prices.write(prices),
    },
    ...(priceList
      ? {
          priceList: {
            hourly(unit, region) {
              const key = priceKey(unit, region);
              let price = asked.get(key);
              if (!price) {
                price = priceList.hourly(unit, region);
                asked.set(key, price);
              }
              return price;
            },
          },
        }
      : {}),
  };
}

/**
 * An account run reads, and so rewrites, its own places of the index only: the whole fleet's
 * index is never in one invocation's memory (500 accounts × 4 regions × 200 resources would
 * be 400,000 entries).
 */
function ownPlaces(store: FleetIndexStore, places: readonly string[]): FleetIndexStore {
  const wanted = new Set(places);
  const own = (index: FleetIndex | undefined): FleetIndex | undefined => {
    if (!index) return undefined;
    const regions = index.regions.filter((r) => wanted.has(r.region));
    return regions.length === 0 ? undefined : { ...index, regions };
  };
  return {
    readIndex: async () => own(await store.readIndex(places)),
    writeIndex: (index, previous) => store.writeIndex(index, own(previous)),
  };
}
