import type { BillingUnit, CachedPrice } from './billing.js';
import type { FleetIndex } from './fleet-index.js';
import type { FleetInstance } from './instance.js';
import type { JournalRecord, PendingAction } from './journal.js';
import type { Decision, RunPlan } from './plan-run.js';
import type { SavingsReport } from './savings.js';
import type { Snooze } from './snooze.js';
import type { HistoryEvent } from './stop-history.js';

/** The outcome of a stop or start call for one instance. */
export type ActionOutcome =
  | { readonly instanceId: string; readonly ok: true }
  | {
      readonly instanceId: string;
      readonly ok: false;
      readonly code: string;
      readonly message: string;
    };

/** EC2 instances taking part, per region. */
export interface Fleet {
  /** Instances carrying the stopinator tag, in any state but terminated. */
  listInstances(region: string): Promise<FleetInstance[]>;
  /**
   * The tagged instances with this Name (EC2 wildcards `*` and `?` allowed) or id: a target
   * the fleet index does not know yet (launched since the last run) is looked up before it is
   * refused.
   */
  lookUp(
    region: string,
    query: { readonly name?: string; readonly ids?: readonly string[] },
  ): Promise<FleetInstance[]>;
  /**
   * Stops them and marks them as stopped by the stopinator at `at`; with `mark: false`, stops
   * them without the mark (they go back to being stopped by hand).
   */
  stopInstances(
    region: string,
    instanceIds: readonly string[],
    at: number,
    options?: { readonly mark?: boolean },
  ): Promise<ActionOutcome[]>;
  /** Starts them and clears the stop mark. */
  startInstances(region: string, instanceIds: readonly string[]): Promise<ActionOutcome[]>;
}

/** Snoozes, kept until they expire. */
export interface SnoozeStore {
  /** Snoozes whose expiry is after `after` (expired ones are filtered even if not yet deleted). */
  activeSnoozes(after: number): Promise<Snooze[]>;
  /**
   * Writes a snooze once: a second put with the same id changes nothing and says so. With
   * `audit`, the audit entry is written in the same atomic step, only when the snooze is new.
   */
  putSnooze(snooze: Snooze, audit?: AuditEntry): Promise<{ created: boolean }>;
  /**
   * Replaces snoozes (unsnooze cuts their ends) and records `audit`, all or nothing: each must
   * still be at the revision it was read at. `applied` is false when a request with the audit
   * entry's id was handled before (a replay) or another change got there first; nothing was
   * written then.
   */
  replaceSnoozes(
    changed: readonly Snooze[],
    audit: AuditEntry,
  ): Promise<{ applied: boolean; reason?: 'replayed' | 'conflict' }>;
}

/** The fleet as the scheduler's last run saw it (see fleet-index.ts). */
export interface FleetIndexStore {
  /**
   * Undefined when no run has written one yet. With `places`, only their parts are read (an
   * account's run reads its own, not the whole fleet's).
   */
  readIndex(places?: readonly string[]): Promise<FleetIndex | undefined>;
  writeIndex(index: FleetIndex, previous?: FleetIndex): Promise<void>;
}

/**
 * The scheduler's position: the end of the last window it acted on, and per region the end of
 * the last window that region was planned for (a region that could not be listed lags, and
 * its next run catches it up).
 */
export interface CursorState {
  readonly at: number;
  readonly regions: Readonly<Record<string, number>>;
}

export interface RunCursor {
  readCursor(): Promise<CursorState | undefined>;
  /**
   * Moves the cursor from `previous` to `next` only if nobody else moved it; false when
   * another run got there first (and so owns the window).
   */
  advanceCursor(previous: number | undefined, next: CursorState): Promise<boolean>;
}

/** Stops and starts decided and not yet seen to succeed, and the record of what became of them. */
export interface ActionJournal {
  pending(): Promise<PendingAction[]>;
  /** Replaces the whole pending set (`generation`: the wall clock of the write). */
  setPending(actions: readonly PendingAction[], generation: number): Promise<void>;
  /** Replaces the pending set and records what became of stops and starts, in one step. */
  settle(
    actions: readonly PendingAction[],
    records: readonly JournalRecord[],
    generation: number,
  ): Promise<void>;
}

/**
 * Outages the operator was told about: `open` is true only for the first report of an outage,
 * `close` only when one was open, so each outage alerts once and its end once.
 */
export interface OutageLog {
  /** The outages open now, by key. */
  list(): Promise<Set<string>>;
  /** `forMs`: the entry lapses by itself after that long (DynamoDB's TTL; checked on read). */
  open(key: string, at: number, detail: string, forMs?: number): Promise<boolean>;
  close(key: string): Promise<boolean>;
}

/**
 * The organization's active account ids as last listed, kept in the table: what a run works
 * when the listing fails and its container has not listed them yet (a cold start).
 */
export interface DiscoveredAccounts {
  /** Undefined when no listing was ever kept. */
  read(): Promise<{ readonly ids: readonly string[]; readonly listedAt: number } | undefined>;
  write(ids: readonly string[], listedAt: number): Promise<void>;
}

export type AuditAction = 'snooze' | 'unsnooze' | 'wake';

/** What a snooze or wake did for a group of resources, as history shows it. */
export interface AuditCover {
  readonly schedule: string;
  readonly stop: number;
  readonly until: number;
  /** Up to 10 display names; `count` says how many in all. */
  readonly names: readonly string[];
  readonly count: number;
}

export interface AuditEntry {
  readonly id: string;
  readonly action: AuditAction;
  readonly by: string;
  readonly byName?: string;
  readonly at: number;
  readonly target: string;
  readonly until?: number;
  readonly covers?: readonly AuditCover[];
  readonly detail?: string;
  /** The member accounts it covered, by id; absent when it covered the hub's own only. */
  readonly accounts?: readonly string[];
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  recent(limit: number): Promise<AuditEntry[]>;
}

/** The summary a scheduler run returns and reports. */
export interface RunSummary {
  readonly window: { readonly from: string; readonly to: string };
  readonly stopped: number;
  readonly started: number;
  readonly warned: number;
  readonly skipped: number;
  readonly failed: number;
  /** Stops and starts of earlier runs tried again (counted in stopped/started when they worked). */
  readonly retried: number;
  /** Regions that could not be listed: their windows wait for a later run. */
  readonly failedRegions: readonly string[];
}

/** Where the scheduler tells people what it does. */
export interface Notifier {
  /** Before a stop: what will stop and when. */
  warnBeforeStop(warnings: readonly Decision[]): Promise<void>;
  /** After acting: what happened, including failures. */
  runDone(plan: RunPlan, failures: readonly ActionOutcome[], summary: RunSummary): Promise<void>;
  /** Something needs an operator: a failed run, an unknown schedule. */
  alert(message: string, detail?: unknown): Promise<void>;
  /** The weekly savings digest (Monday morning). */
  digest?(report: SavingsReport): Promise<void>;
}

/** The record of stopped hours: what each run saw stop and start (kept 13 months). */
export interface StopHistoryStore {
  /** The events of the run at `runAt` (nothing is written for none). */
  record(events: readonly HistoryEvent[], runAt: number): Promise<void>;
  /** The events of the runs from `from` to `to`, in the order the runs wrote them. */
  read(from: number, to: number): Promise<HistoryEvent[]>;
}

/** Prices found in the Price List, kept a week before they are asked for again. */
export interface PriceCache {
  read(): Promise<CachedPrice[]>;
  write(prices: readonly CachedPrice[]): Promise<void>;
}

/** Hourly on-demand prices from AWS's Price List (USD), per unit; undefined when it has none. */
export interface PriceList {
  hourly(unit: BillingUnit, region: string): Promise<number | undefined>;
}

/** The weekly digests sent: a conditional write claims a week, so it is posted once. */
export interface DigestLog {
  /** True for the one caller that claims the week; false when it was claimed before. */
  claim(week: string, at: number): Promise<boolean>;
  /** Gives the week back when posting failed, so a later run tries again. */
  release(week: string): Promise<void>;
}
