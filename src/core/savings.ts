import { hourlyPrice, type PriceBook } from './billing.js';
import { KINDS, kindOf, type ResourceKind } from './resource-kind.js';
import type { SavingsPeriod } from './savings-period.js';
import type { HistoryCause } from './stop-history.js';
import type { StoppedInterval, UpInterval } from './stopped-intervals.js';

const HOUR_MS = 3_600_000;

/** Hours and money over some resources; money only where the price is known. */
export interface Tally {
  readonly resources: number;
  readonly hours: number;
  /** The priced hours' money. */
  readonly money: number;
  /** Hours of resources whose price is unknown: counted, never priced by a guess. */
  readonly unpricedHours: number;
  readonly unpricedResources: number;
}

export interface ResourceSavings {
  readonly key: string;
  readonly name: string;
  readonly region: string;
  readonly account: string;
  readonly schedule?: string;
  readonly kind: ResourceKind;
  readonly hours: number;
  /** Undefined when some of its hours have no price. */
  readonly money?: number;
  readonly pricedHours: number;
  readonly storageGb?: number;
}

export interface StillBilled {
  readonly kind: ResourceKind;
  readonly what: string;
  readonly resources: number;
  /** Storage they hold, when their service says. */
  readonly storageGb?: number;
}

export interface SavingsReport {
  readonly period: SavingsPeriod;
  readonly currency: string;
  readonly total: Tally;
  readonly bySchedule: readonly (Tally & { readonly schedule: string })[];
  /** Most money first, then most hours. */
  readonly resources: readonly ResourceSavings[];
  readonly snoozes: Tally;
  readonly wakes: Tally;
  /** How the stopped intervals of the period ended: the schedule, a wake, a person... */
  readonly startedBy: Readonly<Partial<Record<HistoryCause | 'still-stopped', number>>>;
  /** What AWS goes on billing while those resources are stopped. */
  readonly stillBilled: readonly StillBilled[];
}

export interface SavingsInput {
  readonly period: SavingsPeriod;
  readonly stopped: readonly StoppedInterval[];
  readonly up: readonly UpInterval[];
  readonly prices: PriceBook;
  /** The resources asked about (a target); every one when absent. */
  readonly includes?: (key: string) => boolean;
}

interface Piece {
  readonly key: string;
  readonly hours: number;
  readonly money?: number;
}

/**
 * Savings in a period: the hours each resource was off because of the stopinator, cut to the
 * period, times its hourly on-demand price; and what snoozes and wakes cost, the same way.
 */
export function savingsReport(input: SavingsInput): SavingsReport {
  const { period, prices } = input;
  const keep = input.includes ?? (() => true);
  const piece = (i: StoppedInterval | UpInterval): Piece | undefined => {
    if (!keep(i.key)) return undefined;
    const ms = Math.min(i.to, period.to) - Math.max(i.from, period.from);
    if (ms <= 0) return undefined;
    const hours = ms / HOUR_MS;
    const hourly = hourlyPrice(i.billing, i.region, prices);
    return { key: i.key, hours, ...(hourly !== undefined ? { money: hours * hourly } : {}) };
  };

  const stopped = input.stopped.flatMap((i) => {
    const p = piece(i);
    return p ? [{ interval: i, piece: p }] : [];
  });
  const byResource = new Map<string, { interval: StoppedInterval; pieces: Piece[] }>();
  const startedBy: Partial<Record<HistoryCause | 'still-stopped', number>> = {};
  for (const { interval, piece: p } of stopped) {
    const had = byResource.get(p.key);
    // The latest interval names it (its Name and schedule as they are now).
    byResource.set(p.key, { interval, pieces: [...(had?.pieces ?? []), p] });
    startedBy[interval.startedBy] = (startedBy[interval.startedBy] ?? 0) + 1;
  }
  const resources = new Map<string, ResourceSavings>(
    [...byResource].map(([key, { interval, pieces: own }]) => {
      const t = tally(own);
      const storage = interval.billing?.storageGb;
      const schedule = interval.schedule;
      return [
        key,
        {
          key,
          name: interval.name,
          region: interval.region,
          account: interval.account,
          ...(schedule ? { schedule } : {}),
          kind: kindOf(interval.id),
          hours: t.hours,
          ...(t.unpricedHours === 0 ? { money: t.money } : {}),
          pricedHours: t.hours - t.unpricedHours,
          ...(storage !== undefined ? { storageGb: storage } : {}),
        },
      ];
    }),
  );
  const pieces = stopped.map((s) => s.piece);
  const schedules = new Map<string, Piece[]>();
  for (const { interval, piece: p } of stopped) {
    const name = interval.schedule ?? resources.get(p.key)?.schedule ?? '(no schedule)';
    schedules.set(name, [...(schedules.get(name) ?? []), p]);
  }
  const upPieces = (by: 'snooze' | 'wake') =>
    input.up.filter((u) => u.by === by).flatMap((u) => piece(u) ?? []);

  return {
    period,
    currency: prices.currency,
    total: tally(pieces),
    bySchedule: [...schedules]
      .map(([schedule, own]) => ({ schedule, ...tally(own) }))
      .sort((a, b) => b.money - a.money || b.hours - a.hours),
    resources: [...resources.values()].sort(
      (a, b) => (b.money ?? -1) - (a.money ?? -1) || b.hours - a.hours,
    ),
    snoozes: tally(upPieces('snooze')),
    wakes: tally(upPieces('wake')),
    startedBy,
    stillBilled: stillBilled([...resources.values()]),
  };
}

/** Totals of pieces: a resource is unpriced when any of its pieces is. */
export function tally(pieces: readonly Piece[]): Tally {
  const unpriced = new Set(pieces.filter((p) => p.money === undefined).map((p) => p.key));
  let hours = 0;
  let money = 0;
  let unpricedHours = 0;
  for (const p of pieces) {
    hours += p.hours;
    if (p.money === undefined) unpricedHours += p.hours;
    else money += p.money;
  }
  return {
    resources: new Set(pieces.map((p) => p.key)).size,
    hours,
    money,
    unpricedHours,
    unpricedResources: unpriced.size,
  };
}

function stillBilled(resources: readonly ResourceSavings[]): StillBilled[] {
  const byKind = new Map<ResourceKind, ResourceSavings[]>();
  for (const r of resources) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r]);
  return [...byKind].flatMap(([kind, own]) => {
    const what = KINDS[kind].billedWhileStopped;
    if (!what) return [];
    const sized = own.filter((r) => r.storageGb !== undefined);
    const gb = sized.reduce((sum, r) => sum + (r.storageGb ?? 0), 0);
    return [{ kind, what, resources: own.length, ...(sized.length > 0 ? { storageGb: gb } : {}) }];
  });
}
