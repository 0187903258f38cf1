import type { CachedPrice } from '../core/billing.js';
import type { PriceCache } from '../core/ports.js';
import type { DocumentTable } from './document-table.js';
import { TTL_ATTRIBUTE } from './table-definition.js';
import { PRICE_KEEP_MS, PRICE_PK, ttlSeconds } from './table-keys.js';

/** Prices from the Price List in the table: pk "price", sk the price key (billing.ts). */
export class DynamoPriceCache implements PriceCache {
  constructor(private readonly table: DocumentTable) {}

  async read(): Promise<CachedPrice[]> {
    const items = await this.table.query({ pk: PRICE_PK });
    return items.flatMap((item) => {
      const { sk, hourly, currency, fetchedAt, failed } = item;
      if (typeof sk !== 'string' || typeof currency !== 'string' || typeof fetchedAt !== 'number')
        return [];
      return [
        {
          key: sk,
          currency,
          fetchedAt,
          ...(typeof hourly === 'number' ? { hourly } : {}),
          ...(failed === true ? { failed: true } : {}),
        },
      ];
    });
  }

  async write(prices: readonly CachedPrice[]): Promise<void> {
    await Promise.all(
      prices.map((p) =>
        this.table.put({
          pk: PRICE_PK,
          sk: p.key,
          currency: p.currency,
          fetchedAt: p.fetchedAt,
          ...(p.hourly !== undefined ? { hourly: p.hourly } : {}),
          ...(p.failed ? { failed: true } : {}),
          [TTL_ATTRIBUTE]: ttlSeconds(p.fetchedAt + PRICE_KEEP_MS),
        }),
      ),
    );
  }
}
