import { HUB_ACCOUNT } from '../core/account.js';
import type { CursorState, RunCursor } from '../core/ports.js';
import { type DocumentTable, isConditionFailure } from './document-table.js';
import { CURSOR_KEY } from './table-keys.js';

/**
 * The scheduler's cursor: one item per account (sk "scheduler" for the hub's own, as before
 * accounts; "scheduler@<id>" for a member's), moved only by a conditional write on its `at`.
 */
export class DynamoRunCursor implements RunCursor {
  readonly #key: { pk: string; sk: string };

  constructor(
    private readonly table: DocumentTable,
    account: string = HUB_ACCOUNT,
  ) {
    this.#key = {
      pk: CURSOR_KEY.pk,
      sk: account === HUB_ACCOUNT ? CURSOR_KEY.sk : `${CURSOR_KEY.sk}@${account}`,
    };
  }

  async readCursor(): Promise<CursorState | undefined> {
    const item = await this.table.get({ ...this.#key }, { consistent: true });
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
        { ...this.#key, at: next.at, regions: { ...next.regions } },
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
