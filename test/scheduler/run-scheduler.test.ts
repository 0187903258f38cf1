import { describe, expect, it } from 'vitest';
import { RunFailedError } from '../../src/scheduler/run-errors.js';
import { runScheduler, type SchedulerDeps } from '../../src/scheduler/run-scheduler.js';
import { instance, snooze } from '../fixtures/fleet.js';
import {
  MemoryFleet,
  MemoryFleetIndex,
  MemoryJournal,
  MemoryOutages,
  MemoryStore,
  memoryLogger,
  RecordingNotifier,
} from '../fixtures/memory-ports.js';
import { at, testConfig } from '../fixtures/schedules.js';

function setup() {
  const fleet = new MemoryFleet([
    instance('i-00000001', { name: 'web-1', tag: 'true' }),
    instance('i-00000002', { name: 'ny-1', tag: 'new-york', region: 'us-east-1' }),
    instance('i-00000003', { name: 'typo', tag: 'ofice' }),
  ]);
  const store = new MemoryStore();
  const notifier = new RecordingNotifier();
  const { log, lines } = memoryLogger();
  const fleetIndex = new MemoryFleetIndex();
  const deps: SchedulerDeps = {
    config: testConfig(),
    fleet,
    snoozes: store,
    cursor: store,
    fleetIndex,
    journal: new MemoryJournal(),
    outages: new MemoryOutages(),
    notifier,
    log,
    clock: () => at('2026-11-24T19:00:30Z'),
  };
  return { deps, fleet, store, notifier, lines, fleetIndex };
}

describe('runScheduler', () => {
  it('stops at the edge, logs every decision with its reason and returns a summary', async () => {
    const { deps, fleet, store, notifier, lines } = setup();
    store.cursor = at('2026-11-24T18:55:00Z');
    const summary = await runScheduler(deps, at('2026-11-24T19:00:00Z'));
    expect(summary).toEqual({
      window: { from: '2026-11-24T18:55:00.000Z', to: '2026-11-24T19:00:00.000Z' },
      stopped: 1,
      started: 0,
      warned: 0,
      skipped: 1,
      failed: 0,
      retried: 0,
      failedRegions: [],
    });
    expect(fleet.state('i-00000001')).toBe('stopped');
    expect(fleet.state('i-00000002')).toBe('running');
    expect(store.cursor).toBe(at('2026-11-24T19:00:00Z'));
    expect(notifier.runs).toHaveLength(1);
    expect(lines).toContainEqual(
      expect.objectContaining({
        message: 'decision',
        name: 'web-1',
        action: 'stop',
        reason: 'stopped: schedule office-hours, 20:00 Europe/Paris',
      }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'WARN', code: 'unknown-schedule', name: 'typo' }),
    );
  });

  it('the same scheduled time twice acts once', async () => {
    const { deps, fleet, store } = setup();
    store.cursor = at('2026-11-24T18:55:00Z');
    await runScheduler(deps, at('2026-11-24T19:00:00Z'));
    fleet.instances = fleet.instances.map((i) =>
      i.id === 'i-00000001' ? { ...i, state: 'running' } : i,
    );
    const again = await runScheduler(deps, at('2026-11-24T19:00:00Z'));
    expect(again.stopped).toBe(0);
    expect(fleet.calls.filter((c) => c.startsWith('stop'))).toHaveLength(1);
    expect(fleet.state('i-00000001')).toBe('running');
  });

  it('posts warnings ahead of the stop', async () => {
    const { deps, store, notifier } = setup();
    store.cursor = at('2026-11-24T18:25:00Z');
    const summary = await runScheduler(deps, at('2026-11-24T18:30:00Z'));
    expect(summary.warned).toBe(1);
    expect(notifier.warnings[0]?.map((d) => d.name)).toEqual(['web-1']);
  });

  it('fails safe when snoozes cannot be read: nothing stopped, cursor kept, alert sent; the next run catches up', async () => {
    const { deps, fleet, store, notifier } = setup();
    store.cursor = at('2026-11-24T18:55:00Z');
    store.snoozes.push(snooze(at('2026-11-24T12:00:00Z'), { kind: 'for', minutes: 60 }));
    store.broken = true;
    await expect(runScheduler(deps, at('2026-11-24T19:00:00Z'))).rejects.toBeInstanceOf(
      RunFailedError,
    );
    expect(fleet.state('i-00000001')).toBe('running');
    expect(store.cursor).toBe(at('2026-11-24T18:55:00Z'));
    expect(notifier.alerts[0]).toMatch(/could not read/);

    store.broken = false;
    const caughtUp = await runScheduler(deps, at('2026-11-24T20:05:00Z'));
    expect(caughtUp.window.from).toBe('2026-11-24T18:55:00.000Z');
    expect(caughtUp.stopped).toBe(1); // the snooze ended at 21:00 Paris, inside the caught-up window
  });

  it('does not act when another run claimed the window', async () => {
    const { deps, fleet, store } = setup();
    store.cursor = at('2026-11-24T18:55:00Z');
    const original = store.advanceCursor.bind(store);
    store.advanceCursor = async (previous, next) => {
      store.cursor = next.at; // the other run got there first
      return original(previous, next);
    };
    const summary = await runScheduler(deps, at('2026-11-24T19:00:00Z'));
    expect(summary.stopped).toBe(0);
    expect(fleet.calls.some((c) => c.startsWith('stop'))).toBe(false);
  });

  it('reports failed instances without blocking the others', async () => {
    const { deps, fleet, store, notifier } = setup();
    fleet.instances.push(instance('i-00000004', { name: 'web-2', tag: 'true' }));
    fleet.failing.set('i-00000004', 'IncorrectInstanceState');
    store.cursor = at('2026-11-24T18:55:00Z');
    const summary = await runScheduler(deps, at('2026-11-24T19:00:00Z'));
    expect(summary).toMatchObject({ stopped: 1, failed: 1 });
    expect(notifier.runs[0]?.failures).toEqual([
      {
        instanceId: 'i-00000004',
        ok: false,
        code: 'IncorrectInstanceState',
        message: 'IncorrectInstanceState for i-00000004',
      },
    ]);
  });

  it('a region that cannot be listed is skipped and alerted once per outage; the others act; it catches up when it answers', async () => {
    const { deps, fleet, store, notifier } = setup();
    store.cursor = at('2026-11-24T18:55:00Z');
    let eastDown = true;
    const list = fleet.listInstances.bind(fleet);
    fleet.listInstances = async (region) => {
      if (region === 'us-east-1' && eastDown) throw new Error('connect ETIMEDOUT');
      return list(region);
    };
    const first = await runScheduler(deps, at('2026-11-24T19:00:00Z'));
    expect(first).toMatchObject({ stopped: 1, failedRegions: ['us-east-1'] });
    expect(fleet.state('i-00000001')).toBe('stopped');
    await runScheduler(deps, at('2026-11-24T19:05:00Z'));
    await runScheduler(deps, at('2026-11-25T00:55:00Z'));
    expect(notifier.alerts.filter((a) => a.includes('us-east-1'))).toHaveLength(1);
    expect(store.regions['us-east-1']).toBeUndefined();

    // New York's 20:00 stop (01:00Z) passed while it was down: caught up when it answers.
    eastDown = false;
    const back = await runScheduler(deps, at('2026-11-25T01:05:00Z'));
    expect(back).toMatchObject({ stopped: 1, failedRegions: [] });
    expect(fleet.state('i-00000002')).toBe('stopped');
    expect(notifier.alerts.filter((a) => a.includes('us-east-1'))).toHaveLength(2);
    expect(notifier.alerts.at(-1)).toContain('us-east-1 answers again');
  });

  it('a run with no region listed fails before anything is done', async () => {
    const { deps, fleet, store } = setup();
    store.cursor = at('2026-11-24T18:55:00Z');
    fleet.listInstances = async () => {
      throw new Error('UnauthorizedOperation');
    };
    await expect(runScheduler(deps, at('2026-11-24T19:00:00Z'))).rejects.toMatchObject({
      step: 'list-instances',
    });
    expect(store.cursor).toBe(at('2026-11-24T18:55:00Z'));
  });

  it('leaves a fleet index of what it listed, as its actions left it, with the decisions carried forward', async () => {
    const { deps, fleet, store, fleetIndex } = setup();
    fleet.instances.push(instance('i-00000004', { name: 'web-2', tag: 'true' }));
    fleet.failing.set('i-00000004', 'InsufficientInstanceCapacity');
    store.cursor = at('2026-11-24T18:25:00Z');
    await runScheduler(deps, at('2026-11-24T18:30:00Z'));
    await runScheduler(deps, at('2026-11-24T19:00:00Z'));

    const index = fleetIndex.index;
    expect(index?.runAt).toBe(at('2026-11-24T19:00:00Z'));
    expect(index?.regions.map((r) => [r.region, r.entries.length])).toEqual([
      ['eu-west-1', 3],
      ['us-east-1', 1],
    ]);
    const entry = (id: string) =>
      index?.regions.flatMap((r) => r.entries).find((e) => e.instance.id === id);
    expect(entry('i-00000001')).toMatchObject({
      instance: {
        state: 'stopped',
        // The mark carries the wall clock of the stop call.
        stoppedByStopinatorAt: at('2026-11-24T19:00:30Z'),
        tags: { Name: 'web-1' },
      },
      nextStart: at('2026-11-25T07:00:00Z'),
    });
    expect(entry('i-00000001')?.recent.map((d) => d.code)).toEqual([
      'scheduled-stop',
      'stop-ahead',
    ]);
    expect(entry('i-00000004')).toMatchObject({
      instance: { state: 'running' },
      nextStop: at('2026-11-25T19:00:00Z'),
    });
    expect(entry('i-00000004')?.recent[0]).toMatchObject({
      code: 'scheduled-stop',
      failed: 'InsufficientInstanceCapacity',
    });
    expect(entry('i-00000003')?.recent).toEqual([]);
  });
});
