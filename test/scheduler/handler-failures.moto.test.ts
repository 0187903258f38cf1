import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useMoto } from '../support/moto.js';
import {
  invoke,
  launch,
  startByHand,
  statesOf,
  useSchedulerOnMoto,
} from '../support/scheduler-on-moto.js';

const moto = useMoto();
const world = useSchedulerOnMoto(moto);

// Tuesday 24 November 2026: office-hours stops at 20:00 Paris, 19:00Z.
const BEFORE = '2026-11-24T18:55:00Z';
const STOP_EDGE = '2026-11-24T19:00:00Z';
const AFTER = '2026-11-24T19:05:00Z';

/** A loopback port nothing listens on: connections are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function officeHours(count: number): Promise<string[]> {
  return launch(world.ec2('eu-west-1'), count, { stopinator: 'office-hours' });
}

async function states(ids: string[]): Promise<string[]> {
  const found = await statesOf(world.ec2('eu-west-1'), ids);
  return ids.map((id) => found.get(id) ?? 'missing');
}

describe('the scheduler handler when DynamoDB cannot be reached', () => {
  it('fails the run without stopping anything, and the next run catches up', async () => {
    // Prepare
    const ids = await officeHours(2);
    await invoke(await world.freshHandler(), BEFORE); // a healthy run leaves the cursor at 18:55
    const sent = world.recordEc2Commands();
    world.setEnv('AWS_ENDPOINT_URL_DYNAMODB', `http://127.0.0.1:${await closedPort()}`);
    const cutOff = await world.freshHandler();

    // Act
    const failed = invoke(cutOff, STOP_EDGE);

    // Assess
    await expect(failed).rejects.toMatchObject({ name: 'RunFailedError', step: 'read-cursor' });
    expect(await states(ids)).toEqual(['running', 'running']);
    expect(sent.map((c) => c.name)).not.toContain('StopInstances');
    expect(world.logs).toContainEqual(
      expect.objectContaining({ level: 'ERROR', message: expect.stringMatching(/^ALERT: /) }),
    );

    // Act: DynamoDB is back; a new cold start takes the next slot.
    world.setEnv('AWS_ENDPOINT_URL_DYNAMODB', moto.endpoint());
    const summary = await invoke(await world.freshHandler(), AFTER);

    // Assess: the 19:00Z stop, missed by the failed run, is caught up.
    expect(summary).toMatchObject({
      window: { from: '2026-11-24T18:55:00.000Z', to: '2026-11-24T19:05:00.000Z' },
      stopped: 2,
      failed: 0,
    });
    expect(await states(ids)).toEqual(['stopped', 'stopped']);
    expect(sent.filter((c) => c.name === 'StopInstances')).toHaveLength(1);
  }, 30_000);
});

describe('the scheduler handler given the same scheduled time again', () => {
  it('acts once, whether the repeat lands on the same instance of the function or a new one', async () => {
    // Prepare
    const [reopened = '', other = ''] = await officeHours(2);
    const warm = await world.freshHandler();
    await invoke(warm, BEFORE);
    const sent = world.recordEc2Commands();

    // Act
    const first = await invoke(warm, STOP_EDGE);
    // Someone needs one of them back: a repeat that acted again would stop it again.
    await startByHand(world.ec2('eu-west-1'), [reopened]);
    const repeated = await invoke(warm, STOP_EDGE);
    const retriedElsewhere = await invoke(await world.freshHandler(), STOP_EDGE);

    // Assess
    expect(first).toMatchObject({ stopped: 2, failed: 0 });
    const nothing = { stopped: 0, started: 0, warned: 0, skipped: 0, failed: 0 };
    expect(repeated).toMatchObject(nothing);
    expect(retriedElsewhere).toMatchObject(nothing);
    expect(sent.filter((c) => c.name === 'StopInstances')).toEqual([
      { name: 'StopInstances', input: { InstanceIds: [reopened, other] } },
    ]);
    expect(await states([reopened, other])).toEqual(['running', 'stopped']);
  });

  it('acts once when two invocations for the same time overlap', async () => {
    // Prepare
    const ids = await officeHours(2);
    await invoke(await world.freshHandler(), BEFORE);
    const [one, two] = [await world.freshHandler(), await world.freshHandler()];
    const sent = world.recordEc2Commands();

    // Act
    const summaries = await Promise.all([invoke(one, STOP_EDGE), invoke(two, STOP_EDGE)]);

    // Assess: however they interleave, the cursor (read, then moved by a conditional write)
    // lets only one of them act.
    expect(summaries.map((s) => s.stopped).sort()).toEqual([0, 2]);
    expect(sent.filter((c) => c.name === 'StopInstances')).toHaveLength(1);
    expect(await states(ids)).toEqual(['stopped', 'stopped']);
  });
});
