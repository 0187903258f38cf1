import type { DiscoveredAccounts } from '../core/ports.js';
import type { DocumentTable } from './document-table.js';
import { DISCOVERED_KEY } from './table-keys.js';

/**
 * The organization's account ids as last listed: one item, pk "organization", sk "accounts"
 * (12 digits and a separator each: 500 accounts take 6.5 KB of the item's 400 KB).
 */
export class DynamoDiscoveredAccounts implements DiscoveredAccounts {
  constructor(private readonly table: DocumentTable) {}

  async read(): Promise<{ ids: string[]; listedAt: number } | undefined> {
    const item = await this.table.get(DISCOVERED_KEY);
    if (!item || typeof item.ids !== 'string' || typeof item.listedAt !== 'number')
      return undefined;
    return { ids: item.ids === '' ? [] : item.ids.split(','), listedAt: item.listedAt };
  }

  async write(ids: readonly string[], listedAt: number): Promise<void> {
    await this.table.put({ ...DISCOVERED_KEY, ids: ids.join(','), listedAt });
  }
}
