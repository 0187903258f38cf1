import type { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { beforeEach, describe, expect, it } from 'vitest';
import { AsgFleet, formatCapacity, parseCapacity } from '../../src/aws/asg-fleet.js';
import { Ec2Fleet } from '../../src/aws/ec2-fleet.js';
import { recordCommands, testAutoScalingClient, testEc2Client } from '../support/aws-clients.js';
import { createGroup, groupOf, resizeByHand } from '../support/kinds-on-moto.js';
import { useMoto } from '../support/moto.js';
import { statesOf } from '../support/scheduler-on-moto.js';

const TAG_KEY = 'stopinator';
const MARK_KEY = 'stopinator:stopped-at';
const CAPACITY_KEY = 'stopinator:capacity';
const REGION = 'eu-west-1';
const AT = Date.parse('2026-11-24T19:00:00Z');
const ONE_TWO_THREE = { min: 1, desired: 2, max: 3 };

const moto = useMoto();
const sent: string[] = [];
let asgClient: AutoScalingClient;
let ec2Client: EC2Client;

beforeEach(async () => {
  await moto.reset();
  sent.length = 0;
  asgClient = testAutoScalingClient(moto.endpoint(), REGION);
  recordCommands(asgClient, sent);
  ec2Client = testEc2Client(moto.endpoint(), REGION);
});

function groups(options: { unmarkOnStart?: boolean } = {}): AsgFleet {
  return new AsgFleet({ clientFor: () => asgClient, tagKey: TAG_KEY, ...options });
}

describe('AsgFleet against moto', () => {
  it('lists only the tagged groups, with their tags, ids prefixed asg:', async () => {
    // Prepare
    await createGroup(asgClient, 'web-asg', ONE_TWO_THREE, {
      [TAG_KEY]: 'office-hours',
      team: 'a',
    });
    await createGroup(asgClient, 'batch-asg', { min: 0, desired: 0, max: 0 }, { [TAG_KEY]: 'on' });
    await createGroup(asgClient, 'other-asg', ONE_TWO_THREE, { team: 'b' });
    sent.length = 0;

    // Act
    const listed = await groups().list(REGION);

    // Assess
    expect(sent).toEqual(['DescribeAutoScalingGroupsCommand']);
    expect(listed.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      {
        id: 'asg:batch-asg',
        region: REGION,
        state: 'stopped',
        tags: { [TAG_KEY]: 'on' },
        billing: { units: [] },
      },
      {
        id: 'asg:web-asg',
        region: REGION,
        state: 'running',
        tags: { [TAG_KEY]: 'office-hours', team: 'a' },
        billing: { units: [{ service: 'ec2', type: 't3.micro', count: 2 }] },
      },
    ]);
  });

  it('stops by saving min/desired/max in <tagKey>:capacity and setting 0/0/0; starts by restoring exactly that', async () => {
    // Prepare
    await createGroup(asgClient, 'web-asg', ONE_TWO_THREE, { [TAG_KEY]: 'on' });
    const launched = (await groupOf(asgClient, 'web-asg')).instances;

    // Act
    const stopped = await groups().stop(REGION, ['asg:web-asg'], AT, { mark: true });
    const afterStop = await groupOf(asgClient, 'web-asg');
    const [listedStopped] = await groups().list(REGION);
    const started = await groups().start(REGION, ['asg:web-asg']);
    const afterStart = await groupOf(asgClient, 'web-asg');
    const [listedStarted] = await groups().list(REGION);

    // Assess
    expect(stopped).toEqual([{ instanceId: 'asg:web-asg', ok: true }]);
    expect(afterStop).toMatchObject({
      min: 0,
      desired: 0,
      max: 0,
      instances: [],
      tags: { [TAG_KEY]: 'on', [CAPACITY_KEY]: '1/2/3', [MARK_KEY]: '2026-11-24T19:00:00.000Z' },
    });
    expect([...(await statesOf(ec2Client, launched)).values()]).toEqual([
      'terminated',
      'terminated',
    ]);
    expect(listedStopped).toMatchObject({ state: 'stopped', stoppedByStopinatorAt: AT });
    expect(started).toEqual([{ instanceId: 'asg:web-asg', ok: true }]);
    expect(afterStart).toMatchObject(ONE_TWO_THREE);
    expect(afterStart.tags).toEqual({ [TAG_KEY]: 'on' });
    expect(afterStart.instances).toHaveLength(2);
    expect(listedStarted).toEqual({
      id: 'asg:web-asg',
      region: REGION,
      state: 'running',
      tags: { [TAG_KEY]: 'on' },
      billing: { units: [{ service: 'ec2', type: 't3.micro', count: 2 }] },
    });
  });

  it('refuses to start a group resized by hand while stopped (ResizedByHand), and lists it as resized', async () => {
    // Prepare
    await createGroup(asgClient, 'web-asg', ONE_TWO_THREE, { [TAG_KEY]: 'on' });
    await groups().stop(REGION, ['asg:web-asg'], AT, { mark: true });
    await resizeByHand(asgClient, 'web-asg', { min: 0, desired: 1, max: 5 });

    // Act
    const started = await groups().start(REGION, ['asg:web-asg']);
    const [listed] = await groups().list(REGION);

    // Assess
    expect(started).toEqual([
      {
        instanceId: 'asg:web-asg',
        ok: false,
        code: 'ResizedByHand',
        message: 'web-asg was resized to 0/1/5 while stopped; left as it is',
      },
    ]);
    expect(await groupOf(asgClient, 'web-asg')).toMatchObject({ min: 0, desired: 1, max: 5 });
    expect(listed).toMatchObject({
      state: 'running',
      stateReason: 'resized to 0/1/5 while stopped; saved 1/2/3',
    });
  });

  it('writes no tag on start when told not to (the bot’s role has none), and restores all the same', async () => {
    // Prepare
    await createGroup(asgClient, 'web-asg', ONE_TWO_THREE, { [TAG_KEY]: 'on' });
    await groups().stop(REGION, ['asg:web-asg'], AT, { mark: true });
    sent.length = 0;

    // Act
    const started = await groups({ unmarkOnStart: false }).start(REGION, ['asg:web-asg']);

    // Assess
    expect(started).toEqual([{ instanceId: 'asg:web-asg', ok: true }]);
    expect(sent).toEqual(['DescribeAutoScalingGroupsCommand', 'UpdateAutoScalingGroupCommand']);
    expect(await groupOf(asgClient, 'web-asg')).toMatchObject({
      ...ONE_TWO_THREE,
      tags: { [TAG_KEY]: 'on', [CAPACITY_KEY]: '1/2/3', [MARK_KEY]: '2026-11-24T19:00:00.000Z' },
    });
  });

  it('keeps the capacity when it stops without the mark, so a person can still restore it, and clears an old mark', async () => {
    // Prepare: stopped last night, put back to 1/2/3 by a person since.
    await createGroup(asgClient, 'web-asg', ONE_TWO_THREE, { [TAG_KEY]: 'on' });
    await groups().stop(REGION, ['asg:web-asg'], AT - 86_400_000, { mark: true });
    await resizeByHand(asgClient, 'web-asg', ONE_TWO_THREE);

    // Act
    const stopped = await groups().stop(REGION, ['asg:web-asg'], AT, { mark: false });
    const [listed] = await groups().list(REGION);

    // Assess
    expect(stopped).toEqual([{ instanceId: 'asg:web-asg', ok: true }]);
    const group = await groupOf(asgClient, 'web-asg');
    expect(group).toMatchObject({ min: 0, desired: 0, max: 0 });
    expect(group.tags).toEqual({ [TAG_KEY]: 'on', [CAPACITY_KEY]: '1/2/3' });
    expect(listed?.state).toBe('stopped');
    expect(listed?.stoppedByStopinatorAt).toBeUndefined();
  });

  it('refuses to start a group it did not stop (no saved capacity)', async () => {
    // Prepare
    await createGroup(asgClient, 'web-asg', { min: 0, desired: 0, max: 0 }, { [TAG_KEY]: 'on' });

    // Act
    const started = await groups().start(REGION, ['asg:web-asg']);

    // Assess
    expect(started).toEqual([
      {
        instanceId: 'asg:web-asg',
        ok: false,
        code: 'NoSavedCapacity',
        message: 'web-asg has no saved capacity to restore',
      },
    ]);
  });

  it('looks groups up by Name or group name (wildcards allowed) and id', async () => {
    // Prepare
    await createGroup(asgClient, 'web-asg', ONE_TWO_THREE, { [TAG_KEY]: 'on', Name: 'front' });
    await createGroup(asgClient, 'worker-asg', ONE_TWO_THREE, { [TAG_KEY]: 'on' });

    // Act
    const byName = await groups().lookUp(REGION, { name: 'front' });
    const byGlob = await groups().lookUp(REGION, { name: '*-asg' });
    const byId = await groups().lookUp(REGION, { ids: ['asg:worker-asg'] });

    // Assess
    expect(byName.map((g) => g.id)).toEqual(['asg:web-asg']);
    expect(byGlob.map((g) => g.id).sort()).toEqual(['asg:web-asg', 'asg:worker-asg']);
    expect(byId.map((g) => g.id)).toEqual(['asg:worker-asg']);
  });
});

describe('the EC2 instances of a group', () => {
  it('are listed by the EC2 adapter as left alone: managed by Auto Scaling group …', async () => {
    // Prepare: the group's tag propagates to the instances it launches, as is common.
    await createGroup(
      asgClient,
      'web-asg',
      ONE_TWO_THREE,
      { [TAG_KEY]: 'office-hours' },
      { propagate: true },
    );
    const members = (await groupOf(asgClient, 'web-asg')).instances;

    // Act
    const listed = await new Ec2Fleet({
      clientFor: () => ec2Client,
      tagKey: TAG_KEY,
    }).listInstances(REGION);

    // Assess
    expect(listed.map((i) => i.id).sort()).toEqual([...members].sort());
    for (const instance of listed) {
      expect(instance.tags['aws:autoscaling:groupName']).toBe('web-asg');
      expect(instance.leftAlone).toBe('managed by Auto Scaling group web-asg');
    }
  });
});

describe('the saved capacity', () => {
  it.each([
    ['1/2/3', { min: 1, desired: 2, max: 3 }],
    [' 0/0/10 ', { min: 0, desired: 0, max: 10 }],
    ['3/2/1', undefined],
    ['1/2', undefined],
    ['a/b/c', undefined],
    [undefined, undefined],
  ])('parses %j', (text, capacity) => {
    expect(parseCapacity(text)).toEqual(capacity);
    if (capacity) expect(parseCapacity(formatCapacity(capacity))).toEqual(capacity);
  });
});
