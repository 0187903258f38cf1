import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { createTable } from '../../src/aws/create-table.js';
import { type StopinatorTable, stopinatorTable } from '../../src/aws/dynamo-store.js';
import { sdkTable } from '../../src/aws/sdk-table.js';
import type { AuditEntry } from '../../src/core/ports.js';
import type { Snooze } from '../../src/core/snooze.js';
import { recordCommands, testDynamoClient } from '../support/aws-clients.js';
import { useMoto } from '../support/moto.js';

const TABLE = 'stopinator-test';
const NOW = Date.parse('2026-11-24T19:00:00Z');
const HOUR = 3_600_000;
const DAY_S = 86_400;

const moto = useMoto();
const sent: string[] = [];
let client: DynamoDBClient;
let table: StopinatorTable;

beforeEach(async () => {
  await moto.reset();
  client = testDynamoClient(moto.endpoint());
  await createTable(client, TABLE);
  recordCommands(client, sent);
  sent.length = 0;
  table = stopinatorTable(client, TABLE);
});

function snooze(id: string, fields: Partial<Snooze> = {}): Snooze {
  return {
    id,
    kind: 'snooze',
    selector: { kind: 'all' },
    length: { kind: 'for', minutes: 120 },
    by: 'U012ALICE',
    createdAt: NOW,
    expiresAt: NOW + 3 * HOUR,
    ends: [
      {
        schedule: 'office-hours',
        stop: NOW,
        until: NOW + 2 * HOUR,
        resources: ['eu-west-1/i-0123456789abcdef0', 'eu-west-1/i-0123456789abcdef1'],
      },
    ],
    ...fields,
  };
}

/** What a read gives back for a snooze put once: the store's first revision. */
const stored = (s: Snooze): Snooze => ({ ...s, revision: 1 });

async function rawItem(pk: string, sk: string): Promise<Record<string, unknown> | undefined> {
  return sdkTable(client, TABLE).get({ pk, sk });
}

const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);

/** A cursor at `at` with no region lagging. */
const c = (at: number) => ({ at, regions: {} });

describe('DynamoSnoozeStore against moto', () => {
  it('gives back exactly the snoozes it was given, every selector and length', async () => {
    // Prepare
    const snoozes: Snooze[] = [
      snooze('s1', { byName: 'alice' }),
      snooze('s2', {
        selector: { kind: 'instance', id: 'i-0123456789abcdef0' },
        length: { kind: 'tonight' },
      }),
      snooze('s3', {
        kind: 'wake',
        selector: { kind: 'schedule', name: 'office-hours' },
        length: { kind: 'until', time: { hour: 23, minute: 30 } },
        byName: 'Bob Ó',
      }),
      snooze('s4', {
        selector: { kind: 'name', pattern: 'web-*' },
        length: { kind: 'for', minutes: 90 },
      }),
    ];
    const unnamed = { ...snooze('s5'), byName: undefined };

    // Act
    const puts = await Promise.all([...snoozes, unnamed].map((s) => table.snoozes.putSnooze(s)));
    const active = await table.snoozes.activeSnoozes(NOW);

    // Assess
    expect(puts).toEqual([...snoozes, unnamed].map(() => ({ created: true })));
    expect(active.sort(byId)).toStrictEqual([...snoozes, snooze('s5')].map(stored));
  });

  it('stores a snooze under pk "snooze" with a TTL a week after it ends', async () => {
    // Act
    await table.snoozes.putSnooze(snooze('s1'));

    // Assess
    const item = await rawItem('snooze', 's1');
    expect(item).toMatchObject({
      pk: 'snooze',
      sk: 's1',
      ttl: (NOW + 3 * HOUR) / 1000 + 7 * DAY_S,
    });
  });

  it('writes a snooze once: a second put with the same id changes nothing and says so', async () => {
    // Prepare
    await table.snoozes.putSnooze(snooze('s1'));

    // Act
    const again = await table.snoozes.putSnooze(
      snooze('s1', { by: 'U999MALLORY', expiresAt: NOW + 9 * HOUR }),
    );

    // Assess
    expect(again).toEqual({ created: false });
    expect(await table.snoozes.activeSnoozes(NOW)).toStrictEqual([stored(snooze('s1'))]);
  });

  it('writes a snooze and its audit entry together, both only once', async () => {
    // Prepare
    const entry = {
      id: 's1',
      action: 'snooze' as const,
      by: 'U0ALICE',
      at: NOW,
      target: 'web-*',
      until: NOW + HOUR,
    };

    // Act
    const first = await table.snoozes.putSnooze(snooze('s1'), entry);
    const second = await table.snoozes.putSnooze(snooze('s1'), { ...entry, at: NOW + 1000 });

    // Assess
    expect([first, second]).toEqual([{ created: true }, { created: false }]);
    expect(await table.snoozes.activeSnoozes(NOW)).toStrictEqual([stored(snooze('s1'))]);
    expect(await table.audit.recent(10)).toStrictEqual([entry]);
  });

  it('leaves out snoozes that have ended, though not yet deleted', async () => {
    // Prepare
    await table.snoozes.putSnooze(snooze('ended', { expiresAt: NOW - 1 }));
    await table.snoozes.putSnooze(snooze('ends-now', { expiresAt: NOW }));
    await table.snoozes.putSnooze(snooze('running', { expiresAt: NOW + 1 }));

    // Act
    const active = await table.snoozes.activeSnoozes(NOW);

    // Assess
    expect(active.map((s) => s.id)).toEqual(['running']);
  });

  it('replaces snoozes at their revision with the audit entry, once per request', async () => {
    // Prepare
    await table.snoozes.putSnooze(snooze('s1'));
    const [read] = await table.snoozes.activeSnoozes(NOW);
    const cut: Snooze = {
      ...(read as Snooze),
      ends: [
        {
          ...(read as Snooze).ends[0],
          until: NOW + 1,
          cancelled: { by: 'U034BOB', at: NOW },
        } as Snooze['ends'][number],
      ],
    };
    const entry = {
      id: 'req-1',
      action: 'unsnooze' as const,
      by: 'U034BOB',
      at: NOW,
      target: 'all instances',
    };

    // Act
    const first = await table.snoozes.replaceSnoozes([cut], entry);
    const replay = await table.snoozes.replaceSnoozes([cut], { ...entry, at: NOW + 2000 });
    const stale = await table.snoozes.replaceSnoozes([cut], { ...entry, id: 'req-2' });

    // Assess
    expect(first).toEqual({ applied: true });
    expect(replay).toEqual({ applied: false, reason: 'replayed' });
    expect(stale).toEqual({ applied: false, reason: 'conflict' });
    expect(await table.snoozes.activeSnoozes(NOW)).toStrictEqual([{ ...cut, revision: 2 }]);
    expect((await table.audit.recent(10)).map((e) => e.id)).toEqual(['req-1']);
  });

  it('keeps a snooze of 10,000 instances in one item, gzipped', async () => {
    // Prepare
    const resources = Array.from(
      { length: 10_000 },
      (_, i) => `eu-west-1/i-${i.toString(16).padStart(17, '0')}`,
    );
    const big = snooze('big', {
      ends: [{ schedule: 'office-hours', stop: NOW, until: NOW + HOUR, resources }],
    });

    // Act
    await table.snoozes.putSnooze(big);

    // Assess
    const item = await rawItem('snooze', 'big');
    expect(item?.ends).toBeUndefined();
    expect(item?.endsGz).toBeInstanceOf(Uint8Array);
    expect(await table.snoozes.activeSnoozes(NOW)).toStrictEqual([stored(big)]);
  });

  it('reads snoozes with one Query on their partition, never a Scan', async () => {
    // Prepare
    await table.snoozes.putSnooze(snooze('s1'));
    await table.audit.record({ id: 'a1', action: 'snooze', by: 'U1', at: NOW, target: 'all' });
    sent.length = 0;

    // Act
    const active = await table.snoozes.activeSnoozes(NOW);

    // Assess
    expect(active).toHaveLength(1);
    expect(sent).toEqual(['QueryCommand']);
  });
});

describe('DynamoRunCursor against moto', () => {
  it('has no position before the first run, and takes the first one once', async () => {
    // Act
    const before = await table.cursor.readCursor();
    const first = await table.cursor.advanceCursor(undefined, c(NOW));
    const second = await table.cursor.advanceCursor(undefined, c(NOW + 5 * 60_000));

    // Assess
    expect(before).toBeUndefined();
    expect([first, second]).toEqual([true, false]);
    expect(await table.cursor.readCursor()).toEqual(c(NOW));
    expect(await rawItem('cursor', 'scheduler')).toEqual({
      pk: 'cursor',
      sk: 'scheduler',
      at: NOW,
      regions: {},
    });
  });

  it('moves only from the position it was read at', async () => {
    // Prepare
    await table.cursor.advanceCursor(undefined, c(NOW));

    // Act
    const stale = await table.cursor.advanceCursor(NOW - 60_000, c(NOW + 60_000));
    const moved = await table.cursor.advanceCursor(NOW, c(NOW + 5 * 60_000));

    // Assess
    expect([stale, moved]).toEqual([false, true]);
    expect(await table.cursor.readCursor()).toEqual(c(NOW + 5 * 60_000));
  });

  it('lets exactly one of two overlapping runs advance from the same position', async () => {
    // Prepare
    await table.cursor.advanceCursor(undefined, c(NOW));

    // Act
    const results = await Promise.all([
      table.cursor.advanceCursor(NOW, c(NOW + 5 * 60_000)),
      table.cursor.advanceCursor(NOW, c(NOW + 10 * 60_000)),
    ]);

    // Assess
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results[0] ? NOW + 5 * 60_000 : NOW + 10 * 60_000;
    expect(await table.cursor.readCursor()).toEqual(c(winner));
  });
});

describe('DynamoAuditLog against moto', () => {
  const entries: AuditEntry[] = [
    {
      id: 'e1',
      action: 'snooze',
      by: 'U1',
      byName: 'alice',
      at: NOW,
      target: 'all',
      until: NOW + 2 * HOUR,
    },
    { id: 'e2', action: 'wake', by: 'U2', at: NOW + HOUR, target: 'web-1', until: NOW + 4 * HOUR },
    {
      id: 'e3',
      action: 'unsnooze',
      by: 'U1',
      at: NOW + 2 * HOUR,
      target: 'all',
      detail: '2 snoozes cancelled',
    },
    { id: 'e4', action: 'snooze', by: 'U3', at: NOW + 3 * HOUR, target: 'schedule office-hours' },
  ];

  it('gives the newest entries first, as many as asked, exactly as recorded', async () => {
    // Prepare
    for (const entry of [entries[2], entries[0], entries[3], entries[1]]) {
      if (entry) await table.audit.record(entry);
    }
    sent.length = 0;

    // Act
    const recent = await table.audit.recent(3);

    // Assess
    expect(recent).toStrictEqual([entries[3], entries[2], entries[1]]);
    expect(sent).toEqual(['QueryCommand']);
  });

  it('keeps entries 90 days, under a time-ordered sort key', async () => {
    // Prepare
    const [entry] = entries;
    if (!entry) throw new Error('no entry');

    // Act
    await table.audit.record(entry);

    // Assess
    const item = await rawItem('audit', '2026-11-24T19:00:00.000Z#e1');
    expect(item?.ttl).toBe(NOW / 1000 + 90 * DAY_S);
  });

  it('answers nothing for a limit below one, without asking', async () => {
    expect(await table.audit.recent(0)).toEqual([]);
    expect(sent).toEqual([]);
  });
});

describe('DynamoDiscoveredAccounts against moto', () => {
  it('keeps the organization’s listing as one item, and reads it back; nothing before the first', async () => {
    expect(await table.discovered.read()).toBeUndefined();
    const ids = Array.from({ length: 500 }, (_, i) => String(100000000000 + i));

    await table.discovered.write(ids, NOW);
    await table.discovered.write(['222222222222', '333333333333'], NOW + HOUR);
    await table.discovered.write([], NOW + 2 * HOUR);
    const empty = await table.discovered.read();
    await table.discovered.write(ids, NOW + 3 * HOUR);

    expect(empty).toEqual({ ids: [], listedAt: NOW + 2 * HOUR });
    expect(await table.discovered.read()).toEqual({ ids, listedAt: NOW + 3 * HOUR });
    expect(await rawItem('organization', 'accounts')).toMatchObject({ listedAt: NOW + 3 * HOUR });
  });
});
