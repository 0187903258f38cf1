import type { OutageLog } from '../core/ports.js';
import { type DocumentTable, isConditionFailure } from './document-table.js';
import { ALERT_PK } from './table-keys.js';

/** Outages already reported, pk "alert", sk the outage's key ("region#us-east-1"). */
export class DynamoOutageLog implements OutageLog {
  constructor(private readonly table: DocumentTable) {}

  async list(): Promise<Set<string>> {
    const items = await this.table.query({ pk: ALERT_PK });
    return new Set(items.map((item) => String(item.sk)));
  }

  async open(key: string, at: number, detail: string): Promise<boolean> {
    try {
      await this.table.put(
        { pk: ALERT_PK, sk: key, since: at, detail },
        { expression: 'attribute_not_exists(pk)' },
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async close(key: string): Promise<boolean> {
    return (await this.table.delete({ pk: ALERT_PK, sk: key })) !== undefined;
  }
}
