import { type Filter, GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import type { BillingUnit } from '../core/billing.js';
import type { PriceList } from '../core/ports.js';
import { type ClientSettings, RETRY_SETTINGS } from './retry-settings.js';

/** The Price List Query API answers in us-east-1 (and a few others) for every region. */
export const PRICE_LIST_REGION = 'us-east-1';

/** EC2's PlatformDetails to the Price List's operatingSystem and preInstalledSw. */
const PLATFORMS: Readonly<Record<string, readonly [string, string]>> = {
  'Linux/UNIX': ['Linux', 'NA'],
  Windows: ['Windows', 'NA'],
  'Red Hat Enterprise Linux': ['RHEL', 'NA'],
  'SUSE Linux': ['SUSE', 'NA'],
  'Ubuntu Pro': ['Ubuntu Pro', 'NA'],
  'Windows with SQL Server Web': ['Windows', 'SQL Web'],
  'Windows with SQL Server Standard': ['Windows', 'SQL Std'],
  'Windows with SQL Server Enterprise': ['Windows', 'SQL Ent'],
  'Linux with SQL Server Web': ['Linux', 'SQL Web'],
  'Linux with SQL Server Standard': ['Linux', 'SQL Std'],
  'Linux with SQL Server Enterprise': ['Linux', 'SQL Ent'],
};

const TENANCIES: Readonly<Record<string, string>> = {
  default: 'Shared',
  dedicated: 'Dedicated',
};

/** RDS's engine to the Price List's databaseEngine (licence-included engines are left out). */
const ENGINES: Readonly<Record<string, string>> = {
  mysql: 'MySQL',
  postgres: 'PostgreSQL',
  mariadb: 'MariaDB',
  aurora: 'Aurora MySQL',
  'aurora-mysql': 'Aurora MySQL',
  'aurora-postgresql': 'Aurora PostgreSQL',
};

const match = (Field: string, Value: string): Filter => ({ Type: 'TERM_MATCH', Field, Value });

/** The GetProducts filters that name exactly one on-demand product, or undefined when none can. */
export function productFilters(
  unit: BillingUnit,
  region: string,
): { readonly serviceCode: string; readonly filters: Filter[] } | undefined {
  if (unit.service === 'ec2') {
    const platform = PLATFORMS[unit.platform ?? 'Linux/UNIX'];
    const tenancy = TENANCIES[unit.tenancy ?? 'default'];
    if (!platform || !tenancy) return undefined;
    return {
      serviceCode: 'AmazonEC2',
      filters: [
        match('regionCode', region),
        match('instanceType', unit.type),
        match('operatingSystem', platform[0]),
        match('preInstalledSw', platform[1]),
        match('tenancy', tenancy),
        match('capacitystatus', 'Used'),
        match('licenseModel', 'No License required'),
      ],
    };
  }
  const engine = ENGINES[unit.engine ?? ''];
  if (!engine) return undefined;
  return {
    serviceCode: 'AmazonRDS',
    filters: [
      match('regionCode', region),
      match('instanceType', unit.type),
      match('databaseEngine', engine),
      match('deploymentOption', unit.multiAz ? 'Multi-AZ' : 'Single-AZ'),
    ],
  };
}

interface PriceListProduct {
  readonly product?: { readonly attributes?: Readonly<Record<string, string>> };
  readonly terms?: {
    readonly OnDemand?: Readonly<
      Record<
        string,
        {
          readonly priceDimensions?: Readonly<
            Record<string, { readonly unit?: string; readonly pricePerUnit?: { USD?: string } }>
          >;
        }
      >
    >;
  };
}

/**
 * The hourly USD price the products agree on: each product's on-demand "Hrs" dimension.
 * Aurora's I/O-Optimized products are left out (the standard configuration's price is the
 * one a cluster pays unless it chose otherwise); products that still disagree give no price.
 */
export function hourlyFromPriceList(priceList: readonly unknown[]): number | undefined {
  const prices = new Set<number>();
  for (const raw of priceList) {
    const product = JSON.parse(String(raw)) as PriceListProduct;
    const attributes = product.product?.attributes ?? {};
    if (
      /io optimi/i.test(attributes.storage ?? '') ||
      /IOOptimized/i.test(attributes.usagetype ?? '')
    )
      continue;
    for (const term of Object.values(product.terms?.OnDemand ?? {})) {
      for (const dimension of Object.values(term.priceDimensions ?? {})) {
        const usd = Number(dimension.pricePerUnit?.USD);
        if (dimension.unit === 'Hrs' && Number.isFinite(usd) && usd > 0) prices.add(usd);
      }
    }
  }
  return prices.size === 1 ? [...prices][0] : undefined;
}

/** AWS's Price List over the Pricing client (pricing:GetProducts). */
export class AwsPriceList implements PriceList {
  constructor(private readonly client: PricingClient) {}

  async hourly(unit: BillingUnit, region: string): Promise<number | undefined> {
    const query = productFilters(unit, region);
    if (!query) return undefined;
    const answer = await this.client.send(
      new GetProductsCommand({
        ServiceCode: query.serviceCode,
        Filters: query.filters,
        FormatVersion: 'aws_v1',
        MaxResults: 10,
      }),
    );
    return hourlyFromPriceList(answer.PriceList ?? []);
  }
}

/** The Pricing client, in the Price List's region, with the scheduler's timeouts. */
export function priceListClient(settings: ClientSettings = {}): PricingClient {
  return new PricingClient({
    region: PRICE_LIST_REGION,
    ...RETRY_SETTINGS,
    maxAttempts: 2,
    ...settings,
    requestHandler: { ...(settings.requestHandler ?? RETRY_SETTINGS.requestHandler) },
  });
}
