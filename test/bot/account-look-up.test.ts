import { describe, expect, it } from 'vitest';
import type { BotDeps, CommandRequest } from '../../src/bot/bot-deps.js';
import { type FleetView, resolveInView } from '../../src/bot/commands/fleet-view.js';
import type { StopinatorConfig } from '../../src/core/config.js';
import type { FleetIndex } from '../../src/core/fleet-index.js';
import type { FleetInstance } from '../../src/core/instance.js';
import { instance } from '../fixtures/fleet.js';
import { MemoryFleet, memoryLogger } from '../fixtures/memory-ports.js';
import { testConfig } from '../fixtures/schedules.js';

const NOW = Date.parse('2026-11-24T18:00:00Z');
const DEV = '111111111111';
const STAGING = '222222222222';
const twoAccounts = testConfig({
  accounts: [
    { id: DEV, name: 'dev' },
    { id: STAGING, name: 'staging' },
  ],
});

function deps(config: StopinatorConfig, fleet: MemoryFleet): BotDeps {
  return {
    config,
    fleet: async () => fleet,
    log: memoryLogger().log,
    clock: () => NOW,
  } as unknown as BotDeps;
}

function request(leftMs = 1_500): CommandRequest {
  return { deadline: NOW + leftMs } as CommandRequest;
}

/** A view from an index that lists `instances` (each place as listed). */
function view(instances: readonly FleetInstance[]): FleetView {
  const places = [...new Set(instances.map((i) => i.region))];
  const index: FleetIndex = {
    runAt: NOW,
    writtenAt: NOW,
    regions: places.map((region) => ({
      region,
      listedAt: NOW,
      entries: instances
        .filter((i) => i.region === region)
        .map((i) => ({ instance: i, recent: [] })),
    })),
  };
  return { instances, snoozes: [], index, source: 'index' };
}

const known = [instance('i-00000001', { name: 'web-1', tag: 'true', region: `${DEV}/eu-west-1` })];

describe('a target the index does not know yet, looked up live across accounts', () => {
  it('dev/web-9 is asked of dev’s places only, through its fleet', async () => {
    const fleet = new MemoryFleet([
      ...known,
      instance('i-00000009', { name: 'web-9', tag: 'true', region: `${DEV}/us-east-1` }),
      instance('i-00000019', { name: 'web-9', tag: 'true', region: `${STAGING}/eu-west-1` }),
    ]);

    const resolved = await resolveInView(
      deps(twoAccounts, fleet),
      view(known),
      'dev/web-9',
      request(),
    );

    expect(resolved.ok && resolved.target.matched.map((i) => i.id)).toEqual(['i-00000009']);
    expect(fleet.calls).toEqual([`lookUp ${DEV}/eu-west-1`, `lookUp ${DEV}/us-east-1`]);
  });

  it('a bare name is asked of every account’s places', async () => {
    const fleet = new MemoryFleet([
      ...known,
      instance('i-00000019', { name: 'web-9', tag: 'true', region: `${STAGING}/eu-west-1` }),
    ]);

    const resolved = await resolveInView(deps(twoAccounts, fleet), view(known), 'web-9', request());

    expect(resolved.ok && resolved.target.label).toBe('web-9');
    expect(fleet.calls).toHaveLength(4);
  });

  it('is not tried when a role and a DescribeInstances cannot fit the time left, and says so', async () => {
    const fleet = new MemoryFleet(known);

    const resolved = await resolveInView(
      deps(twoAccounts, fleet),
      view(known),
      'dev/web-9',
      request(300),
    );

    expect(resolved.ok ? '' : resolved.error).toBe(
      'No instance named web-9 in dev. Did you mean web-1? It may be new: AWS could not be asked within Slack’s time, and the next scheduler run lists it.',
    );
    expect(fleet.calls).toEqual([]);
  });

  it('is not tried across more places than fit in Slack’s time', async () => {
    const many = testConfig({
      accounts: Array.from({ length: 7 }, (_, n) => ({ id: String(n + 1).repeat(12) })),
    });
    const fleet = new MemoryFleet(known);

    const resolved = await resolveInView(deps(many, fleet), view(known), 'web-9', request());

    expect(resolved.ok ? '' : resolved.error).toContain(
      'AWS could not be asked within Slack’s time',
    );
    expect(fleet.calls).toEqual([]);
  });

  it('with the hub’s own account only, asks its regions, however little time is left, as before', async () => {
    const hub = [instance('i-00000001', { name: 'web-1', tag: 'true' })];
    const fleet = new MemoryFleet([
      ...hub,
      instance('i-00000009', { name: 'web-9', tag: 'true', region: 'us-east-1' }),
    ]);

    const resolved = await resolveInView(
      deps(testConfig(), fleet),
      view(hub),
      'web-9',
      request(300),
    );

    expect(resolved.ok && resolved.target.matched.map((i) => i.region)).toEqual(['us-east-1']);
    expect(fleet.calls).toEqual(['lookUp eu-west-1', 'lookUp us-east-1']);
  });
});
