import { regionOfPlace } from './account.js';
/**
 * What a resource is billed for while it runs, as its service describes it: the numbers
 * savings multiply by. Kept as AWS names it (instance type, platform details, engine); the
 * Price List adapter translates to the Price List's attribute values.
 */
export interface BillingUnit {
  readonly service: 'ec2' | 'rds';
  /** `t3.medium`, `db.r6g.large`. */
  readonly type: string;
  /** How many of them: 1, or an Auto Scaling group's instances of this type. */
  readonly count: number;
  /** EC2's PlatformDetails: `Linux/UNIX`, `Windows`, `Red Hat Enterprise Linux`. */
  readonly platform?: string;
  /** EC2's tenancy: `default`, `dedicated`, `host`. */
  readonly tenancy?: string;
  /** RDS's engine: `mysql`, `postgres`, `aurora-postgresql`. */
  readonly engine?: string;
  readonly multiAz?: boolean;
}

export interface Billing {
  readonly units: readonly BillingUnit[];
  /** Storage still billed while stopped, when its service says (RDS's allocated storage). */
  readonly storageGb?: number;
}

/** Hourly on-demand prices per unit of a region, or undefined when unknown. */
export interface PriceBook {
  readonly currency: string;
  unitPrice(unit: BillingUnit, region: string): number | undefined;
}

/**
 * The cache key of a unit's price: everything the price depends on. `region` may be a place
 * ("<account>/<region>"): prices are the region's, whichever account.
 */
export function priceKey(unit: BillingUnit, region: string): string {
  const detail =
    unit.service === 'ec2'
      ? `${unit.platform ?? 'Linux/UNIX'}|${unit.tenancy ?? 'default'}`
      : `${unit.engine ?? '?'}|${unit.multiAz ? 'multi-az' : 'single-az'}`;
  return `${unit.service}|${regionOfPlace(region)}|${unit.type}|${detail}`;
}

/**
 * What one hour of the resource costs: the sum of its units. Undefined when any unit's price
 * is unknown (or it has none): savings then show hours only, never a guess.
 */
export function hourlyPrice(
  billing: Billing | undefined,
  region: string,
  prices: PriceBook,
): number | undefined {
  if (!billing || billing.units.length === 0) return undefined;
  let total = 0;
  for (const unit of billing.units) {
    const price = prices.unitPrice(unit, region);
    if (price === undefined) return undefined;
    total += price * unit.count;
  }
  return total;
}

/** A price found in the Price List, as cached. */
export interface CachedPrice {
  readonly key: string;
  /** Per hour, in `currency`; absent when the Price List has no such product (asked again later). */
  readonly hourly?: number;
  readonly currency: string;
  readonly fetchedAt: number;
  /** The Price List could not be asked (no permission, an outage): asked again sooner. */
  readonly failed?: boolean;
}

/** How long a cached price is used before it is asked for again. */
export const PRICE_CACHE_MS = 7 * 86_400_000;
/** How long after a failed look-up the Price List is asked again. */
export const PRICE_RETRY_MS = 3_600_000;

/**
 * The prices savings use: the configuration's (`savings.prices`, by type: negotiated rates,
 * tests, the sandbox) first, then the Price List's, cached, when they are in the currency
 * configured (the Price List's are USD).
 */
export function priceBook(input: {
  readonly currency: string;
  readonly configured: Readonly<Record<string, number>>;
  readonly cached: readonly CachedPrice[];
}): PriceBook {
  const cached = new Map(
    input.cached.flatMap((c) =>
      c.currency === input.currency && c.hourly !== undefined ? [[c.key, c.hourly] as const] : [],
    ),
  );
  return {
    currency: input.currency,
    unitPrice(unit, region) {
      const configured = input.configured[unit.type];
      if (configured !== undefined) return configured;
      return cached.get(priceKey(unit, region));
    },
  };
}

/** The units whose price neither the configuration nor a fresh cached price gives. */
export function pricesToFetch(
  units: readonly { readonly unit: BillingUnit; readonly region: string }[],
  input: {
    readonly configured: Readonly<Record<string, number>>;
    readonly cached: readonly CachedPrice[];
    readonly now: number;
  },
): { readonly unit: BillingUnit; readonly region: string; readonly key: string }[] {
  const fresh = new Set(
    input.cached
      .filter((c) => input.now - c.fetchedAt < (c.failed ? PRICE_RETRY_MS : PRICE_CACHE_MS))
      .map((c) => c.key),
  );
  const wanted = new Map<string, { unit: BillingUnit; region: string; key: string }>();
  for (const { unit, region } of units) {
    if (input.configured[unit.type] !== undefined) continue;
    const key = priceKey(unit, region);
    if (!fresh.has(key) && !wanted.has(key))
      wanted.set(key, { unit: { ...unit, count: 1 }, region: regionOfPlace(region), key });
  }
  return [...wanted.values()];
}
