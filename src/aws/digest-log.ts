import type { DigestLog } from '../core/ports.js';
import { type DocumentTable, isConditionFailure } from './document-table.js';
import { TTL_ATTRIBUTE } from './table-definition.js';
import { DIGEST_KEEP_MS, DIGEST_PK, ttlSeconds } from './table-keys.js';

/** Weekly digests claimed: pk "digest", sk "week#<Monday's date>". */
export class DynamoDigestLog implements DigestLog {
  constructor(private readonly table: DocumentTable) {}

  async claim(week: string, at: number): Promise<boolean> {
    try {
      await this.table.put(
        {
          pk: DIGEST_PK,
          sk: `week#${week}`,
          claimedAt: at,
          [TTL_ATTRIBUTE]: ttlSeconds(at + DIGEST_KEEP_MS),
        },
        { expression: 'attribute_not_exists(pk)' },
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async release(week: string): Promise<void> {
    await this.table.delete({ pk: DIGEST_PK, sk: `week#${week}` });
  }
}
