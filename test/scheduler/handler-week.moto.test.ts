import { describe, expect, it } from 'vitest';
import { useMoto } from '../support/moto.js';
import {
  everyFiveMinutes,
  invoke,
  launch,
  type Region,
  statesOf,
  useSchedulerOnMoto,
} from '../support/scheduler-on-moto.js';

const moto = useMoto();
const world = useSchedulerOnMoto(moto);

interface Watched {
  readonly name: string;
  readonly region: Region;
  readonly id: string;
}

describe('the scheduler handler over a simulated week, invoked every 5 minutes', () => {
  // Friday 23 October 2026 12:00 Paris to Wednesday 28 October 13:00 Paris, across the
  // Europe/Paris change on Sunday 25 October (CEST, UTC+2 -> CET, UTC+1). New York is on
  // EDT (UTC-4) all along: it changes a week later.
  it('stops at 20:00 and starts at 08:00 local time on weekdays, on both sides of the change', async () => {
    // Prepare
    const watched: Watched[] = [];
    const add = async (name: string, region: Region, tags: Record<string, string>) => {
      const [id = ''] = await launch(world.ec2(region), 1, { Name: name, ...tags });
      watched.push({ name, region, id });
    };
    await add('web-1', 'eu-west-1', { stopinator: 'office-hours' });
    await add('ci-1', 'eu-west-1', { stopinator: 'on' });
    await add('kept', 'eu-west-1', { stopinator: 'off' });
    await add('plain', 'eu-west-1', {});
    await add('ny-1', 'us-east-1', { stopinator: 'new-york' });
    const nameOf = new Map(watched.map((w) => [w.id, w.name]));
    const handler = await world.freshHandler();
    const sent = world.recordEc2Commands();
    const expected = new Map(watched.map((w) => [w.id, 'running']));
    const changes: [string, string, string][] = [];
    const disagreements: string[] = [];
    const totals = { runs: 0, stopped: 0, started: 0, warned: 0, skipped: 0, failed: 0 };

    // Act
    for (const scheduledTime of everyFiveMinutes('2026-10-23T10:00:00Z', '2026-10-28T12:00:00Z')) {
      const first = sent.length;
      const summary = await invoke(handler, scheduledTime);
      totals.runs += 1;
      for (const key of ['stopped', 'started', 'warned', 'skipped', 'failed'] as const)
        totals[key] += summary[key];
      const acted = sent.slice(first).filter((c) => /^(Stop|Start)Instances$/.test(c.name));
      for (const command of acted) {
        const state = command.name === 'StopInstances' ? 'stopped' : 'running';
        for (const id of command.input.InstanceIds as string[]) {
          changes.push([nameOf.get(id) ?? id, state, scheduledTime]);
          expected.set(id, state);
        }
      }
      // moto changes state at once: after a run that acted, and every hour, it must agree.
      if (acted.length > 0 || scheduledTime.endsWith(':00:00.000Z')) {
        for (const region of ['eu-west-1', 'us-east-1'] as const) {
          const ids = watched.filter((w) => w.region === region).map((w) => w.id);
          for (const [id, state] of await statesOf(world.ec2(region), ids)) {
            if (state !== expected.get(id))
              disagreements.push(`${scheduledTime} ${nameOf.get(id)}: moto says ${state}`);
          }
        }
      }
    }

    // Assess
    const paris = (state: string, at: string): [string, string, string][] => [
      ['web-1', state, at],
      ['ci-1', state, at],
    ];
    expect(changes).toEqual([
      ...paris('stopped', '2026-10-23T18:00:00.000Z'), // Friday 20:00 CEST
      ['ny-1', 'stopped', '2026-10-24T00:00:00.000Z'], // Friday 20:00 EDT
      // Saturday and Sunday: nothing, though Paris changed its clocks on Sunday at 01:00Z.
      ...paris('running', '2026-10-26T07:00:00.000Z'), // Monday 08:00 CET
      ['ny-1', 'running', '2026-10-26T12:00:00.000Z'], // Monday 08:00 EDT
      ...paris('stopped', '2026-10-26T19:00:00.000Z'), // Monday 20:00 CET
      ['ny-1', 'stopped', '2026-10-27T00:00:00.000Z'],
      ...paris('running', '2026-10-27T07:00:00.000Z'),
      ['ny-1', 'running', '2026-10-27T12:00:00.000Z'],
      ...paris('stopped', '2026-10-27T19:00:00.000Z'),
      ['ny-1', 'stopped', '2026-10-28T00:00:00.000Z'],
      ...paris('running', '2026-10-28T07:00:00.000Z'),
      ['ny-1', 'running', '2026-10-28T12:00:00.000Z'],
    ]);
    expect(disagreements).toEqual([]);
    expect(sent.filter((c) => c.name === 'StopInstances')).toHaveLength(6); // 3 nights x 2 regions
    expect(sent.filter((c) => c.name === 'StartInstances')).toHaveLength(6);
    // One DescribeInstances per region per run, whatever happens.
    expect(sent.filter((c) => c.name === 'DescribeInstances')).toHaveLength(2 * totals.runs);
    expect(totals).toMatchObject({ runs: 1465, stopped: 9, started: 9, warned: 9, failed: 0 });
    const webStops = world.logs.filter(
      (line) => line.message === 'decision' && line.action === 'stop' && line.name === 'web-1',
    );
    expect(webStops.map((line) => [line.scheduledTime, line.reason])).toEqual([
      ['2026-10-23T18:00:00.000Z', 'stopped: schedule office-hours, 20:00 Europe/Paris'],
      ['2026-10-26T19:00:00.000Z', 'stopped: schedule office-hours, 20:00 Europe/Paris'],
      ['2026-10-27T19:00:00.000Z', 'stopped: schedule office-hours, 20:00 Europe/Paris'],
    ]);
  }, 240_000);
});
