import type { Fleet, SnoozeStore } from '../core/ports.js';

/** Something tried to change AWS from the plan; it never should. */
export class ReadOnlyError extends Error {
  override readonly name = 'ReadOnlyError';
}

/**
 * The fleet as the plan may see it: listing only. Stopping or starting throws, so no path
 * of the plan can change an instance, even by mistake.
 */
export function readOnlyFleet(source: Pick<Fleet, 'listInstances' | 'lookUp'>): Fleet {
  return {
    listInstances: (region) => source.listInstances(region),
    lookUp: (region, query) => source.lookUp(region, query),
    stopInstances: async () => {
      throw new ReadOnlyError('the plan is read-only: it never stops instances');
    },
    startInstances: async () => {
      throw new ReadOnlyError('the plan is read-only: it never starts instances');
    },
  };
}

/** Snoozes as the plan may see them: reading only. */
export type SnoozeReader = Pick<SnoozeStore, 'activeSnoozes'>;

export function snoozeReader(source: SnoozeReader): SnoozeReader {
  return { activeSnoozes: (after) => source.activeSnoozes(after) };
}
