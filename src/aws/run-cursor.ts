import type { CursorState, RunCursor } from '../core/ports.js';
import { type DocumentTable, isConditionFailure } from './document-table.js';
import { CURSOR_KEY } from './table-keys.js';

/** The scheduler's cursor: one item, moved only by a conditional write on its `at`. */
export class DynamoRunCursor implements RunCursor {
  constructor(private readonly table: DocumentTable) {}

  async readCursor(): Promise<CursorState | undefined> {
    const item = await this.table.get({ ...CURSOR_KEY }, { consistent: true });
    if (!item) return undefined;
    const { at, regions } = item;
    const valid =
      typeof at === 'number' &&
      (regions === undefined ||
        (typeof regions === 'object' &&
          regions !== null &&
          Object.values(regions).every((v) => typeof v === 'number')));
    if (!valid) throw new Error('malformed scheduler cursor in the stopinator table');
    return { at, regions: (regions ?? {}) as Record<string, number> };
  }

  async advanceCursor(previous: number | undefined, next: CursorState): Promise<boolean> {
    try {
      await this.table.put(
        { ...CURSOR_KEY, at: next.at, regions: { ...next.regions } },
        previous === undefined
          ? { expression: 'attribute_not_exists(pk)' }
          : {
              expression: '#at = :previous',
              names: { '#at': 'at' },
              values: { ':previous': previous },
            },
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
