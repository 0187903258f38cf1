import { describe, expect, it } from 'vitest';
import type { StopinatorTable } from '../../src/aws/table-adapters.js';
import { ReadAhead, readsTheView } from '../../src/bot/read-ahead.js';
import type { FleetIndex } from '../../src/core/fleet-index.js';
import type { Snooze } from '../../src/core/snooze.js';

const snooze = (id: string, expiresAt: number) => ({ id, expiresAt }) as unknown as Snooze;

/** A table counting its reads; the snoozes' `after` is applied as DynamoSnoozeStore does. */
function countingTable(stored: Snooze[]) {
  const reads = { index: 0, snoozes: 0, puts: 0 };
  const index = { runAt: 1 } as unknown as FleetIndex;
  const table = {
    fleetIndex: {
      readIndex: async () => {
        reads.index++;
        return index;
      },
    },
    snoozes: {
      activeSnoozes: async (after: number) => {
        reads.snoozes++;
        return stored.filter((s) => s.expiresAt > after);
      },
      putSnooze: async function (this: unknown) {
        reads.puts++;
        return { created: this === table.snoozes };
      },
    },
  } as unknown as StopinatorTable;
  return { reads, index, make: async () => table };
}

describe('ReadAhead', () => {
  it('hands each early read to the first call only, filtered for its instant', async () => {
    const t = countingTable([snooze('a', 100), snooze('b', 200)]);
    const ahead = new ReadAhead(t.make);
    await ahead.start();
    expect(t.reads).toMatchObject({ index: 1, snoozes: 1 });
    const table = await ahead.table();
    expect(await table.fleetIndex.readIndex()).toBe(t.index);
    expect((await table.snoozes.activeSnoozes(150)).map((s) => s.id)).toEqual(['b']);
    expect(t.reads).toMatchObject({ index: 1, snoozes: 1 });
    // A second read in the same request goes to the table.
    await table.fleetIndex.readIndex();
    expect((await table.snoozes.activeSnoozes(50)).map((s) => s.id)).toEqual(['a', 'b']);
    expect(t.reads).toMatchObject({ index: 2, snoozes: 2 });
  });

  it('forgets what no call took when the request ends', async () => {
    const t = countingTable([snooze('a', 100)]);
    const ahead = new ReadAhead(t.make);
    await ahead.start();
    ahead.end();
    const table = await ahead.table();
    await table.fleetIndex.readIndex();
    await table.snoozes.activeSnoozes(0);
    expect(t.reads).toMatchObject({ index: 2, snoozes: 2 });
  });

  it('leaves the other methods to the port, bound to it', async () => {
    const t = countingTable([]);
    const table = await new ReadAhead(t.make).table();
    expect(await table.snoozes.putSnooze(snooze('x', 1))).toEqual({ created: true });
    expect(t.reads.puts).toBe(1);
  });

  it('an early read that failed fails the call that takes it, not the process', async () => {
    const ahead = new ReadAhead(async () => {
      throw new Error('no table');
    });
    await ahead.start();
    await expect(ahead.table()).rejects.toThrow('no table');
  });

  it('reads ahead for the commands that read the view, not for help or history', () => {
    expect(
      ['snooze', 'unsnooze', 'wake', 'why', 'tonight', 'status'].every((k) =>
        readsTheView(k as never),
      ),
    ).toBe(true);
    expect(readsTheView('help')).toBe(false);
    expect(readsTheView('history')).toBe(false);
  });
});
