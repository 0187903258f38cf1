import {
  CreateTagsCommand,
  DescribeInstancesCommand,
  type EC2Client,
  StopInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { beforeEach, describe, expect, it } from 'vitest';
import { Ec2Fleet, type Ec2FleetOptions } from '../../src/aws/ec2-fleet.js';
import { recordCommands, testEc2Client } from '../support/aws-clients.js';
import { useMoto } from '../support/moto.js';
import { launch as launchOn } from '../support/scheduler-on-moto.js';

const TAG_KEY = 'stopinator';
const MARK_KEY = 'stopinator:stopped-at';
const HOUR_MS = 3_600_000;

const moto = useMoto();
const sent: string[] = [];
let clients: Map<string, EC2Client>;

beforeEach(async () => {
  await moto.reset();
  clients = new Map();
  sent.length = 0;
});

function client(region: string): EC2Client {
  let found = clients.get(region);
  if (!found) {
    found = testEc2Client(moto.endpoint(), region);
    recordCommands(found, sent);
    clients.set(region, found);
  }
  return found;
}

function fleet(options: Partial<Ec2FleetOptions> = {}): Ec2Fleet {
  return new Ec2Fleet({ clientFor: client, tagKey: TAG_KEY, ...options });
}

/** One RunInstances call per instance (moto counts MaxResults in reservations). */
function launch(region: string, count: number, tags: Record<string, string>): Promise<string[]> {
  return launchOn(client(region), count, tags);
}

async function tagsOf(region: string, id: string): Promise<Record<string, string>> {
  const { Reservations } = await client(region).send(
    new DescribeInstancesCommand({ InstanceIds: [id] }),
  );
  const tags = Reservations?.[0]?.Instances?.[0]?.Tags ?? [];
  return Object.fromEntries(tags.map((tag) => [tag.Key, tag.Value]));
}

describe('Ec2Fleet.listInstances against moto', () => {
  it('follows NextToken past the first page, in one paginated DescribeInstances', async () => {
    // Prepare
    const tagged = await launch('eu-west-1', 12, { [TAG_KEY]: 'on' });
    await launch('eu-west-1', 2, { Name: 'untagged' });
    sent.length = 0;

    // Act
    const instances = await fleet({ pageSize: 5 }).listInstances('eu-west-1');

    // Assess
    expect(instances.map((instance) => instance.id).sort()).toEqual([...tagged].sort());
    expect(sent).toEqual([
      'DescribeInstancesCommand',
      'DescribeInstancesCommand',
      'DescribeInstancesCommand',
    ]);
  });

  it('keeps regions apart', async () => {
    // Prepare
    const east = await launch('us-east-1', 2, { [TAG_KEY]: 'on' });
    const west = await launch('eu-west-1', 3, { [TAG_KEY]: 'on' });

    // Act
    const inEast = await fleet().listInstances('us-east-1');
    const inWest = await fleet().listInstances('eu-west-1');

    // Assess
    expect(inEast.map(({ id, region }) => ({ id, region }))).toEqual(
      expect.arrayContaining(east.map((id) => ({ id, region: 'us-east-1' }))),
    );
    expect(inEast).toHaveLength(2);
    expect(inWest.map(({ id, region }) => ({ id, region }))).toEqual(
      expect.arrayContaining(west.map((id) => ({ id, region: 'eu-west-1' }))),
    );
    expect(inWest).toHaveLength(3);
  });

  it('leaves out untagged and terminated instances, and reads every tag back', async () => {
    // Prepare
    const [kept = ''] = await launch('eu-west-1', 1, {
      [TAG_KEY]: 'office-hours',
      Name: 'web-1',
      team: 'ci',
    });
    const [gone = ''] = await launch('eu-west-1', 1, { [TAG_KEY]: 'on' });
    await launch('eu-west-1', 1, { Name: 'not-mine' });
    await client('eu-west-1').send(new TerminateInstancesCommand({ InstanceIds: [gone] }));

    // Act
    const instances = await fleet().listInstances('eu-west-1');

    // Assess
    expect(instances).toEqual([
      {
        id: kept,
        region: 'eu-west-1',
        state: 'running',
        tags: { [TAG_KEY]: 'office-hours', Name: 'web-1', team: 'ci' },
        startedAt: expect.any(Number),
        // What savings price it by: moto's default type and tenancy (it gives no PlatformDetails).
        billing: {
          units: [
            {
              service: 'ec2',
              type: 'm1.small',
              count: 1,
              tenancy: 'default',
            },
          ],
        },
      },
    ]);
  });
});

describe('Ec2Fleet stop and start against moto', () => {
  it('marks what it stops, lists it as stopped by the stopinator, and unmarks it on start', async () => {
    // Prepare
    const ids = await launch('eu-west-1', 2, { [TAG_KEY]: 'on' });
    const at = Date.now();

    // Act
    const stopped = await fleet().stopInstances('eu-west-1', ids, at);
    const afterStop = await fleet().listInstances('eu-west-1');
    const started = await fleet().startInstances('eu-west-1', ids);
    const afterStart = await fleet().listInstances('eu-west-1');

    // Assess
    expect(stopped).toEqual(ids.map((instanceId) => ({ instanceId, ok: true })));
    expect(afterStop.map((instance) => [instance.state, instance.stoppedByStopinatorAt])).toEqual([
      ['stopped', at],
      ['stopped', at],
    ]);
    expect(afterStop[0]?.tags[MARK_KEY]).toBe(new Date(at).toISOString());
    expect(started).toEqual(ids.map((instanceId) => ({ instanceId, ok: true })));
    expect(afterStart.map((instance) => [instance.state, instance.stoppedByStopinatorAt])).toEqual([
      ['running', undefined],
      ['running', undefined],
    ]);
    for (const id of ids) expect(await tagsOf('eu-west-1', id)).toEqual({ [TAG_KEY]: 'on' });
  });

  it('leaves the mark when told not to write tags on start (the bot’s role has none)', async () => {
    // Prepare
    const ids = await launch('eu-west-1', 2, { [TAG_KEY]: 'on' });
    const at = Date.now();
    await fleet().stopInstances('eu-west-1', ids, at);
    sent.length = 0;

    // Act
    const started = await fleet({ unmarkOnStart: false }).startInstances('eu-west-1', ids);

    // Assess
    expect(started).toEqual(ids.map((instanceId) => ({ instanceId, ok: true })));
    expect(sent).toEqual(['StartInstancesCommand']);
    for (const id of ids) {
      expect(await tagsOf('eu-west-1', id)).toEqual({
        [TAG_KEY]: 'on',
        [MARK_KEY]: new Date(at).toISOString(),
      });
    }
  });

  it('does not count an old mark on an instance a person stopped by hand', async () => {
    // Prepare
    const [id = ''] = await launch('eu-west-1', 1, { [TAG_KEY]: 'on' });
    const oldMark = new Date(Date.now() - 2 * HOUR_MS).toISOString();
    await client('eu-west-1').send(
      new CreateTagsCommand({ Resources: [id], Tags: [{ Key: MARK_KEY, Value: oldMark }] }),
    );
    await client('eu-west-1').send(new StopInstancesCommand({ InstanceIds: [id] }));

    // Act
    const [instance] = await fleet().listInstances('eu-west-1');

    // Assess
    expect(instance?.state).toBe('stopped');
    expect(instance?.tags[MARK_KEY]).toBe(oldMark);
    expect(instance?.stoppedByStopinatorAt).toBeUndefined();
  });

  it('stops the rest of a batch when EC2 refuses one id, and unmarks the refused one', async () => {
    // Prepare
    const [good = ''] = await launch('eu-west-1', 1, { [TAG_KEY]: 'on' });
    const missing = 'i-0123456789abcdef0';
    sent.length = 0;

    // Act
    const outcomes = await fleet().stopInstances('eu-west-1', [good, missing], Date.now());

    // Assess
    expect(outcomes).toEqual([
      { instanceId: good, ok: true },
      {
        instanceId: missing,
        ok: false,
        code: 'InvalidInstanceID.NotFound',
        message: expect.any(String),
      },
    ]);
    const [instance] = await fleet().listInstances('eu-west-1');
    expect(instance?.state).toBe('stopped');
    expect(sent).toEqual([
      'CreateTagsCommand',
      'StopInstancesCommand',
      'StopInstancesCommand',
      'StopInstancesCommand',
      'DeleteTagsCommand',
      'DescribeInstancesCommand',
    ]);
  });
});
