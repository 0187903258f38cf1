import type { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import type { RDSClient } from '@aws-sdk/client-rds';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { stopinatorTable } from '../../src/aws/dynamo-store.js';
import { testAutoScalingClient, testRdsClient } from '../support/aws-clients.js';
import { AwsFaultProxy, queryFault } from '../support/aws-fault-proxy.js';
import {
  clusterStatus,
  createCluster,
  createDatabase,
  createGroup,
  databaseStatus,
  groupOf,
  rdsTags,
  resizeByHand,
  setRdsTags,
  startDatabaseByHand,
} from '../support/kinds-on-moto.js';
import { useMoto } from '../support/moto.js';
import {
  everyFiveMinutes,
  type Handler,
  invoke,
  launch,
  statesOf,
  stopByHand,
  TABLE,
  useSchedulerOnMoto,
} from '../support/scheduler-on-moto.js';

// Tuesday 24 November 2026: office-hours stops at 20:00 Paris (19:00Z) and starts on
// Wednesday at 08:00 Paris (07:00Z). The functions reach moto through a fault proxy.
const REGION = 'eu-west-1';
const MARK_KEY = 'stopinator:stopped-at';
const CAPACITY_KEY = 'stopinator:capacity';
const moto = useMoto();
const world = useSchedulerOnMoto(moto);
const proxy = new AwsFaultProxy(() => moto.endpoint());
let rds: RDSClient;
let asg: AutoScalingClient;

beforeAll(async () => {
  await proxy.start();
});
afterAll(async () => {
  await proxy.stop();
});
beforeEach(() => {
  proxy.clear();
  for (const service of ['EC2', 'DYNAMODB', 'RDS', 'AUTO_SCALING'])
    world.setEnv(`AWS_ENDPOINT_URL_${service}`, proxy.url);
  // Reports (left alone, and why) are logged at debug.
  world.setEnv('LOG_LEVEL', 'debug');
  rds = testRdsClient(moto.endpoint(), REGION);
  asg = testAutoScalingClient(moto.endpoint(), REGION);
});

async function runs(handler: Handler, from: string, to: string): Promise<void> {
  for (const at of everyFiveMinutes(from, to)) await invoke(handler, at);
}

/** The reason each resource was given by the runs so far, by id (the last one wins). */
function reasons(): Map<string, string> {
  const found = new Map<string, string>();
  for (const line of world.logs) {
    if (line.message === 'decision') found.set(String(line.instanceId), String(line.reason));
  }
  return found;
}

/** What the runs alerted (no Slack channel configured: alerts go to the logs). */
function alerts(): string[] {
  return world.logs
    .map((line) => String(line.message))
    .filter((message) => message.startsWith('ALERT: '));
}

/** The requests the functions sent through the proxy for `operation`. */
function sentOf(operation: string): number {
  return proxy.seen.filter((seen) => seen.operation === operation).length;
}

describe('RDS databases, DB clusters and Auto Scaling groups through the scheduler handler', () => {
  it('stops a database, an Aurora cluster and a group at 20:00 Paris and brings them back at 08:00, the group at 1/2/3; the group’s instances are left to it', async () => {
    // Prepare
    await createDatabase(rds, 'db-main', { stopinator: 'office-hours' });
    await createCluster(rds, 'aurora-1', { stopinator: 'office-hours' });
    await createGroup(
      asg,
      'web-asg',
      { min: 1, desired: 2, max: 3 },
      { stopinator: 'office-hours' },
      { propagate: true },
    );
    const members = (await groupOf(asg, 'web-asg')).instances;
    const handler = await world.freshHandler();

    // Act: the evening
    await runs(handler, '2026-11-24T18:55:00Z', '2026-11-24T19:05:00Z');
    const evening = {
      db: await databaseStatus(rds, 'db-main'),
      cluster: await clusterStatus(rds, 'aurora-1'),
      group: await groupOf(asg, 'web-asg'),
      members: [...(await statesOf(world.ec2(REGION), members)).values()],
    };
    const eveningReasons = reasons();
    // the morning, and the run that checks the starts
    await runs(handler, '2026-11-25T06:55:00Z', '2026-11-25T07:05:00Z');

    // Assess
    expect(evening.db).toBe('stopped');
    expect(evening.cluster).toBe('stopped');
    expect(evening.group).toMatchObject({ min: 0, desired: 0, max: 0 });
    expect(evening.group.tags[CAPACITY_KEY]).toBe('1/2/3');
    // The group terminated them when it went to 0; nobody stopped them one by one.
    expect(evening.members).toEqual(['terminated', 'terminated']);
    expect(sentOf('StopInstances')).toBe(0);
    const stopped = 'stopped: schedule office-hours, 20:00 Europe/Paris';
    expect(eveningReasons.get('rds:db-main')).toBe(stopped);
    expect(eveningReasons.get('cluster:aurora-1')).toBe(stopped);
    expect(eveningReasons.get('asg:web-asg')).toBe(stopped);
    expect(eveningReasons.get('rds:aurora-1-1')).toBe(
      'left alone: member of DB cluster aurora-1: stopped and started with it',
    );
    for (const id of members) {
      expect(eveningReasons.get(id)).toBe('left alone: managed by Auto Scaling group web-asg');
    }

    expect(await databaseStatus(rds, 'db-main')).toBe('available');
    expect(await clusterStatus(rds, 'aurora-1')).toBe('available');
    const morning = await groupOf(asg, 'web-asg');
    expect(morning).toMatchObject({ min: 1, desired: 2, max: 3 });
    expect(morning.instances).toHaveLength(2);
    expect(morning.tags).toEqual({ stopinator: 'office-hours' });
    const started = 'started: schedule office-hours, 08:00 Europe/Paris';
    const morningReasons = reasons();
    expect(morningReasons.get('rds:db-main')).toBe(started);
    expect(morningReasons.get('cluster:aurora-1')).toBe(started);
    expect(morningReasons.get('asg:web-asg')).toBe(started);
    // The new instances of the group are its own too: never stopped or started one by one.
    expect(sentOf('StopInstances') + sentOf('StartInstances')).toBe(0);
    expect(await stopinatorTable(world.dynamo(), TABLE).journal.pending()).toEqual([]);
    expect(alerts()).toEqual([]);
  }, 60_000);

  it('stops again, within one run, a database AWS started on a Saturday after 7 days stopped', async () => {
    // Prepare: the stopinator stops db-main on Tuesday evening and marks it.
    const arn = await createDatabase(rds, 'db-main', { stopinator: 'office-hours' });
    const handler = await world.freshHandler();
    await runs(handler, '2026-11-24T18:55:00Z', '2026-11-24T19:00:00Z');
    expect(await databaseStatus(rds, 'db-main')).toBe('stopped');
    expect(Object.keys(await rdsTags(rds, arn))).toContain(MARK_KEY);
    // Seven days cannot be waited for: the mark is set back to Saturday 21 November, 7 days
    // before the run below, through the RDS API; then AWS's automatic start, which moto does
    // not do on its own, is a StartDBInstance behind the stopinator's back. The cursor moves
    // to the Saturday morning, as the runs of the days between would have left it.
    await setRdsTags(rds, arn, { [MARK_KEY]: '2026-11-21T09:00:00.000Z' });
    await startDatabaseByHand(rds, 'db-main');
    const table = stopinatorTable(world.dynamo(), TABLE);
    const cursor = await table.cursor.readCursor();
    await table.cursor.advanceCursor(cursor?.at, {
      at: Date.parse('2026-11-28T08:55:00Z'),
      regions: {},
    });

    // Act: Saturday 28 November, 10:00 Paris
    await invoke(handler, '2026-11-28T09:00:00Z');
    const afterOneRun = await databaseStatus(rds, 'db-main');
    await runs(handler, '2026-11-28T09:05:00Z', '2026-11-28T09:15:00Z');

    // Assess
    expect(afterOneRun).toBe('stopped');
    expect(reasons().get('rds:db-main')).toBe(
      'stopped again: AWS started it after 7 days stopped, and schedule office-hours says off',
    );
    // Marked anew: the next 7 days count from this stop, and Monday's start restarts it.
    expect((await rdsTags(rds, arn))[MARK_KEY]).not.toBe('2026-11-21T09:00:00.000Z');
    expect(sentOf('StopDBInstance')).toBe(2);
    expect(alerts()).toEqual([]);
  }, 60_000);

  it('reports an EC2 start that fell back to stopped (Client.InternalError) with the KMS fix at the next run, and does not start it again', async () => {
    // Prepare
    const [web = ''] = await launch(world.ec2(REGION), 1, {
      Name: 'web-1',
      stopinator: 'office-hours',
    });
    const handler = await world.freshHandler();
    await runs(handler, '2026-11-24T18:55:00Z', '2026-11-24T19:00:00Z');
    await runs(handler, '2026-11-25T06:55:00Z', '2026-11-25T07:00:00Z');
    expect((await statesOf(world.ec2(REGION), [web])).get(web)).toBe('running');
    // moto cannot fall back to stopped after a start: the instance is stopped behind the
    // stopinator's back, for which moto says Client.UserInitiatedShutdown, and the run's
    // DescribeInstances answers are rewritten to what EC2 says when the KMS key of an EBS
    // volume refuses the grant (a spy on the EC2 client class, passing the call on to moto).
    await stopByHand(world.ec2(REGION), [web]);
    const { Reservations } = await world
      .ec2(REGION)
      .send(new DescribeInstancesCommand({ InstanceIds: [web] }));
    expect(Reservations?.[0]?.Instances?.[0]?.StateReason?.Code).toBe(
      'Client.UserInitiatedShutdown',
    );
    const send = EC2Client.prototype.send;
    const spy = vi.spyOn(EC2Client.prototype, 'send').mockImplementation(async function (
      this: EC2Client,
      ...args: unknown[]
    ) {
      const answer = await (send as (...a: unknown[]) => Promise<unknown>).apply(this, args);
      if (args[0] instanceof DescribeInstancesCommand) {
        const { Reservations: found } = answer as { Reservations?: typeof Reservations };
        for (const instance of (found ?? []).flatMap((r) => r.Instances ?? [])) {
          if (instance.InstanceId === web && instance.State?.Name === 'stopped') {
            instance.StateReason = {
              Code: 'Client.InternalError',
              Message: 'Client.InternalError: Client error on launch',
            };
          }
        }
      }
      return answer;
    } as EC2Client['send']);

    // Act
    const startsBefore = sentOf('StartInstances');
    try {
      await runs(handler, '2026-11-25T07:05:00Z', '2026-11-25T07:30:00Z');
    } finally {
      spy.mockRestore();
    }

    // Assess
    const told = alerts();
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('web-1');
    expect(told[0]).toContain('did not come up');
    expect(told[0]).toContain('Client.InternalError');
    expect(told[0]).toContain('kms:CreateGrant');
    expect(sentOf('StartInstances')).toBe(startsBefore);
    expect((await statesOf(world.ec2(REGION), [web])).get(web)).toBe('stopped');
    expect(await stopinatorTable(world.dynamo(), TABLE).journal.pending()).toEqual([]);
  }, 60_000);

  it('leaves stopped an instance someone stopped right after the morning start (Client.UserInitiatedShutdown)', async () => {
    // Prepare
    const [web = ''] = await launch(world.ec2(REGION), 1, {
      Name: 'web-1',
      stopinator: 'office-hours',
    });
    const handler = await world.freshHandler();
    await runs(handler, '2026-11-24T18:55:00Z', '2026-11-24T19:00:00Z');
    await runs(handler, '2026-11-25T06:55:00Z', '2026-11-25T07:00:00Z');
    await stopByHand(world.ec2(REGION), [web]);

    // Act
    const startsBefore = sentOf('StartInstances');
    await runs(handler, '2026-11-25T07:05:00Z', '2026-11-25T07:15:00Z');

    // Assess
    expect(sentOf('StartInstances')).toBe(startsBefore);
    expect((await statesOf(world.ec2(REGION), [web])).get(web)).toBe('stopped');
    expect(alerts()).toEqual([]);
    expect(await stopinatorTable(world.dynamo(), TABLE).journal.pending()).toEqual([]);
  }, 60_000);

  it('a permanent refusal alerts once and is not tried again at every run: a start RDS refuses for good', async () => {
    // Prepare
    await createDatabase(rds, 'db-main', { stopinator: 'office-hours' });
    const handler = await world.freshHandler();
    await runs(handler, '2026-11-24T18:55:00Z', '2026-11-24T19:00:00Z');
    proxy.add({
      operation: 'StartDBInstance',
      effect: {
        fault: queryFault(
          400,
          'InvalidParameterCombination',
          'The DB instance cannot be started in its current configuration',
        ),
      },
    });

    // Act: the morning, and an hour of runs after it
    await runs(handler, '2026-11-25T06:55:00Z', '2026-11-25T08:00:00Z');

    // Assess
    expect(sentOf('StartDBInstance')).toBe(1);
    expect(await databaseStatus(rds, 'db-main')).toBe('stopped');
    const told = alerts();
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('AWS refused the start of db-main');
    expect(told[0]).toContain('InvalidParameterCombination');
    expect(told[0]).toContain('left alone for a week');
    expect(await stopinatorTable(world.dynamo(), TABLE).journal.pending()).toEqual([]);
  }, 60_000);

  it('a group resized by hand while the morning run starts it is refused (ResizedByHand), alerted once, and left as the person set it', async () => {
    // Prepare
    await createGroup(asg, 'web-asg', { min: 1, desired: 2, max: 3 }, { stopinator: 'on' });
    const handler = await world.freshHandler();
    await runs(handler, '2026-11-24T18:55:00Z', '2026-11-24T19:00:00Z');
    // The 08:00 run lists the group stopped; while it reads the group again to restore it, a
    // person sets it to 0/1/5 by hand.
    let reads = 0;
    proxy.onRequest = async (seen) => {
      if (seen.operation !== 'DescribeAutoScalingGroups' || seen.region !== REGION) return;
      reads += 1;
      if (reads === 2) await resizeByHand(asg, 'web-asg', { min: 0, desired: 1, max: 5 });
    };

    // Act
    await runs(handler, '2026-11-25T07:00:00Z', '2026-11-25T07:30:00Z');

    // Assess
    expect(await groupOf(asg, 'web-asg')).toMatchObject({ min: 0, desired: 1, max: 5 });
    const told = alerts();
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('AWS refused the start of web-asg');
    expect(told[0]).toContain('ResizedByHand');
    expect(sentOf('UpdateAutoScalingGroup')).toBe(1); // the evening's stop only
    expect(await stopinatorTable(world.dynamo(), TABLE).journal.pending()).toEqual([]);
  }, 60_000);
});
