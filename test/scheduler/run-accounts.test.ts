import { describe, expect, it } from 'vitest';
import { AccountUnreachableError } from '../../src/aws/account-roles.js';
import type { Account } from '../../src/core/account.js';
import type { Fleet } from '../../src/core/ports.js';
import {
  type AccountsDeps,
  reportAccounts,
  runAccounts,
} from '../../src/scheduler/run-accounts.js';
import { RunFailedError } from '../../src/scheduler/run-errors.js';
import type { SchedulerSavings } from '../../src/scheduler/run-scheduler.js';
import { instance } from '../fixtures/fleet.js';
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

const DEV: Account = { id: '111111111111', name: 'dev', regions: ['eu-west-1'], role: 'r' };
const STAGING: Account = { id: '222222222222', regions: ['eu-west-1'], role: 'r' };

function setup(
  options: { unreachable?: readonly string[]; snoozesFail?: boolean; cursorAt?: string } = {},
) {
  const memory = new MemoryFleet([
    instance('i-00000001', { name: 'web-1', tag: 'true', region: '111111111111/eu-west-1' }),
    instance('i-00000002', { name: 'web-1', tag: 'true', region: '222222222222/eu-west-1' }),
  ]);
  const refused = new Set(options.unreachable ?? []);
  const fleet: Fleet = {
    listInstances: async (place) => {
      const account = place.split('/')[0] as string;
      if (refused.has(account))
        throw new AccountUnreachableError(
          account,
          `arn:aws:iam::${account}:role/r`,
          new Error('AccessDenied: no'),
        );
      return memory.listInstances(place);
    },
    lookUp: (place, query) => memory.lookUp(place, query),
    stopInstances: (place, ids, when, o) => memory.stopInstances(place, ids, when, o),
    startInstances: (place, ids) => memory.startInstances(place, ids),
  };
  const snoozes = new MemoryStore();
  if (options.snoozesFail)
    snoozes.activeSnoozes = async () => {
      throw new Error('DynamoDB is down');
    };
  const states = new Map<string, { cursor: MemoryStore; journal: MemoryJournal }>();
  const notifier = new RecordingNotifier();
  const { log, lines } = memoryLogger();
  const deps: AccountsDeps = {
    config: { ...testConfig(), accounts: [{ id: DEV.id, name: 'dev', regions: ['eu-west-1'] }] },
    fleet,
    snoozes,
    fleetIndex: new MemoryFleetIndex(),
    outages: new MemoryOutages(),
    notifier,
    log,
    clock: () => at('2026-11-24T19:00:30Z'),
    stateOf: (account) => {
      let state = states.get(account);
      if (!state) {
        const cursor = new MemoryStore();
        cursor.cursor = at(options.cursorAt ?? '2026-11-24T18:55:00Z');
        state = { cursor, journal: new MemoryJournal() };
        states.set(account, state);
      }
      return state;
    },
  };
  return { deps, memory, states, notifier, lines };
}

async function run(deps: AccountsDeps, accounts: readonly Account[], when: string) {
  const outcomes = await runAccounts(deps, accounts, at(when));
  return reportAccounts(deps, outcomes, at(when));
}

describe('runAccounts and reportAccounts', () => {
  it('run each account on its own cursor and tell Slack once: one summary of both accounts’ stops', async () => {
    const { deps, memory, states, notifier } = setup();

    const summary = await run(deps, [DEV, STAGING], '2026-11-24T19:00:00Z');

    expect(summary).toMatchObject({ stopped: 2, failed: 0, failedRegions: [] });
    expect(memory.state('i-00000001')).toBe('stopped');
    expect(memory.state('i-00000002')).toBe('stopped');
    expect([...states.keys()].sort()).toEqual([DEV.id, STAGING.id]);
    expect(states.get(DEV.id)?.cursor.cursor).toBe(at('2026-11-24T19:00:00Z'));
    expect(notifier.runs).toHaveLength(1);
    expect(notifier.runs[0]?.plan.toStop.map((d) => d.region).sort()).toEqual([
      '111111111111/eu-west-1',
      '222222222222/eu-west-1',
    ]);
  });

  it('send one warning for every account’s coming stops', async () => {
    const { deps, notifier } = setup({ cursorAt: '2026-11-24T18:25:00Z' });

    await run(deps, [DEV, STAGING], '2026-11-24T18:30:00Z');

    expect(notifier.warnings).toHaveLength(1);
    expect(notifier.warnings[0]).toHaveLength(2);
  });

  it('go on without an account whose role is refused: one alert naming it, its cursor left, no throw', async () => {
    const { deps, memory, states, notifier } = setup({ unreachable: [DEV.id] });

    const summary = await run(deps, [DEV, STAGING], '2026-11-24T19:00:00Z');

    expect(memory.state('i-00000002')).toBe('stopped');
    expect(memory.state('i-00000001')).toBe('running');
    expect(states.get(DEV.id)?.cursor.cursor).toBe(at('2026-11-24T18:55:00Z'));
    expect(notifier.alerts).toEqual([
      expect.stringMatching(/^Could not work in account dev \(111111111111\): could not assume/),
    ]);
    expect(summary.failedRegions).toEqual(['111111111111 (not listed)']);
  });

  it('fail the invocation when no account could run', async () => {
    const { deps } = setup({ unreachable: [DEV.id, STAGING.id] });

    await expect(run(deps, [DEV, STAGING], '2026-11-24T19:00:00Z')).rejects.toThrow(RunFailedError);
  });

  it('alert once, not once per account, when the snoozes cannot be read, stop nothing, and fail', async () => {
    const { deps, memory, notifier } = setup({ snoozesFail: true });

    const failure = await run(deps, [DEV, STAGING], '2026-11-24T19:00:00Z').catch(
      (e: unknown) => e,
    );

    expect(failure).toBeInstanceOf(RunFailedError);
    expect((failure as RunFailedError).step).toBe('read-snoozes');
    expect(notifier.alerts).toEqual([
      'Scheduler run failed: could not read snoozes; nothing was stopped.',
    ]);
    expect(memory.state('i-00000001')).toBe('running');
    expect(memory.state('i-00000002')).toBe('running');
  });

  it('run the hub’s own regions as one account without accounts, on its own keys', async () => {
    const { deps, states } = setup();

    await run({ ...deps, config: testConfig() }, [], '2026-11-24T19:00:00Z');

    expect([...states.keys()]).toEqual(['default']);
  });

  it('read the cached prices once and ask the Price List once per price, for every account', async () => {
    const { deps, memory } = setup();
    for (const i of memory.instances)
      Object.assign(i, { billing: { units: [{ service: 'ec2', type: 't3.medium', count: 1 }] } });
    let reads = 0;
    const asked: string[] = [];
    const written: string[] = [];
    const savings: SchedulerSavings = {
      history: { record: async () => {}, read: async () => [] },
      prices: {
        read: async () => {
          reads += 1;
          return [];
        },
        write: async (prices) => {
          written.push(...prices.map((p) => p.key));
        },
      },
      priceList: {
        hourly: async (unit, region) => {
          asked.push(`${unit.type} ${region}`);
          return 0.0416;
        },
      },
      digests: { claim: async () => false, release: async () => {} },
    };

    await run({ ...deps, savings }, [DEV, STAGING], '2026-11-24T19:00:00Z');

    expect(reads).toBe(1);
    expect(asked).toEqual(['t3.medium eu-west-1']);
    // Each account caches what it was told: the same price, written twice.
    expect(written).toEqual([
      'ec2|eu-west-1|t3.medium|Linux/UNIX|default',
      'ec2|eu-west-1|t3.medium|Linux/UNIX|default',
    ]);
  });
});
