import type { RDSClient } from '@aws-sdk/client-rds';
import { beforeEach, describe, expect, it } from 'vitest';
import { RdsClusterFleet, RdsInstanceFleet } from '../../src/aws/rds-fleet.js';
import { recordCommands, testRdsClient } from '../support/aws-clients.js';
import {
  clusterStatus,
  createCluster,
  createDatabase,
  createReadReplica,
  databaseStatus,
  rdsTags,
  setRdsTags,
  stopDatabaseByHand,
} from '../support/kinds-on-moto.js';
import { useMoto } from '../support/moto.js';

const TAG_KEY = 'stopinator';
const MARK_KEY = 'stopinator:stopped-at';
const REGION = 'eu-west-1';

const moto = useMoto();
const sent: string[] = [];
let clients: Map<string, RDSClient>;

beforeEach(async () => {
  await moto.reset();
  clients = new Map();
  sent.length = 0;
});

function rds(region = REGION): RDSClient {
  let found = clients.get(region);
  if (!found) {
    found = testRdsClient(moto.endpoint(), region);
    recordCommands(found, sent);
    clients.set(region, found);
  }
  return found;
}

function databases(options: { unmarkOnStart?: boolean } = {}): RdsInstanceFleet {
  return new RdsInstanceFleet({ clientFor: rds, tagKey: TAG_KEY, ...options });
}

function clusters(options: { unmarkOnStart?: boolean } = {}): RdsClusterFleet {
  return new RdsClusterFleet({ clientFor: rds, tagKey: TAG_KEY, ...options });
}

describe('RdsInstanceFleet against moto', () => {
  it('lists only the tagged databases, with their tags, available as running, ids prefixed rds:', async () => {
    // Prepare
    await createDatabase(rds(), 'db-main', { [TAG_KEY]: 'office-hours', Name: 'Main', team: 'a' });
    await createDatabase(rds(), 'db-other', { team: 'b' });
    await createDatabase(rds('us-east-1'), 'db-east', { [TAG_KEY]: 'on' });

    // Act
    const listed = await databases().list(REGION);

    // Assess
    expect(listed).toEqual([
      {
        id: 'rds:db-main',
        region: REGION,
        state: 'running',
        tags: { [TAG_KEY]: 'office-hours', Name: 'Main', team: 'a' },
        billing: {
          storageGb: 20,
          units: [
            { service: 'rds', type: 'db.t3.micro', engine: 'postgres', multiAz: false, count: 1 },
          ],
        },
      },
    ]);
  });

  it('marks what it stops, lists it as stopped by the stopinator, and unmarks it on start', async () => {
    // Prepare
    const arn = await createDatabase(rds(), 'db-main', { [TAG_KEY]: 'on' });
    const at = Date.parse('2026-11-24T19:00:00Z');
    await databases().list(REGION);

    // Act
    const stopped = await databases().stop(REGION, ['rds:db-main'], at, { mark: true });
    const afterStop = await databases().list(REGION);
    const tagsStopped = await rdsTags(rds(), arn);
    const started = await databases().start(REGION, ['rds:db-main']);
    const afterStart = await databases().list(REGION);

    // Assess
    expect(stopped).toEqual([{ instanceId: 'rds:db-main', ok: true }]);
    expect(tagsStopped).toEqual({ [TAG_KEY]: 'on', [MARK_KEY]: '2026-11-24T19:00:00.000Z' });
    expect(afterStop).toEqual([
      expect.objectContaining({ state: 'stopped', markedAt: at, stoppedByStopinatorAt: at }),
    ]);
    expect(started).toEqual([{ instanceId: 'rds:db-main', ok: true }]);
    expect(await databaseStatus(rds(), 'db-main')).toBe('available');
    expect(afterStart).toEqual([
      {
        id: 'rds:db-main',
        region: REGION,
        state: 'running',
        tags: { [TAG_KEY]: 'on' },
        billing: {
          storageGb: 20,
          units: [
            { service: 'rds', type: 'db.t3.micro', engine: 'postgres', multiAz: false, count: 1 },
          ],
        },
      },
    ]);
    expect(await rdsTags(rds(), arn)).toEqual({ [TAG_KEY]: 'on' });
  });

  it('lists a database stopped by hand as stopped, not by the stopinator', async () => {
    // Prepare
    await createDatabase(rds(), 'db-main', { [TAG_KEY]: 'on' });
    await stopDatabaseByHand(rds(), 'db-main');

    // Act
    const [db] = await databases().list(REGION);

    // Assess
    expect(db?.state).toBe('stopped');
    expect(db?.stoppedByStopinatorAt).toBeUndefined();
  });

  it('leaves the mark and writes no tag when told not to on start (the bot’s role has none)', async () => {
    // Prepare
    const arn = await createDatabase(rds(), 'db-main', { [TAG_KEY]: 'on' });
    const at = Date.parse('2026-11-24T19:00:00Z');
    await databases().stop(REGION, ['rds:db-main'], at, { mark: true });
    sent.length = 0;

    // Act
    const started = await databases({ unmarkOnStart: false }).start(REGION, ['rds:db-main']);

    // Assess
    expect(started).toEqual([{ instanceId: 'rds:db-main', ok: true }]);
    expect(sent).toEqual(['StartDBInstanceCommand']);
    expect(await rdsTags(rds(), arn)).toEqual({
      [TAG_KEY]: 'on',
      [MARK_KEY]: '2026-11-24T19:00:00.000Z',
    });
  });

  it('stops without the mark when told to, and clears an old one', async () => {
    // Prepare
    const arn = await createDatabase(rds(), 'db-main', { [TAG_KEY]: 'on' });
    await setRdsTags(rds(), arn, { [MARK_KEY]: '2026-11-20T19:00:00.000Z' });

    // Act
    const stopped = await databases().stop(REGION, ['rds:db-main'], Date.now(), { mark: false });

    // Assess
    expect(stopped).toEqual([{ instanceId: 'rds:db-main', ok: true }]);
    expect(await databaseStatus(rds(), 'db-main')).toBe('stopped');
    expect(await rdsTags(rds(), arn)).toEqual({ [TAG_KEY]: 'on' });
  });

  it('reports a stop RDS refuses, and takes its mark back', async () => {
    // Prepare: stopped by hand since the listing, so RDS refuses the stop.
    const arn = await createDatabase(rds(), 'db-main', { [TAG_KEY]: 'on' });
    await databases().list(REGION);
    await stopDatabaseByHand(rds(), 'db-main');

    // Act
    const fleet = databases();
    await fleet.list(REGION);
    const outcomes = await fleet.stop(REGION, ['rds:db-main', 'rds:db-gone'], Date.now(), {
      mark: true,
    });

    // Assess
    expect(outcomes).toEqual([
      {
        instanceId: 'rds:db-main',
        ok: false,
        code: 'InvalidDBInstanceStateFault',
        message: expect.any(String),
      },
      { instanceId: 'rds:db-gone', ok: false, code: 'NotFound', message: expect.any(String) },
    ]);
    expect(await rdsTags(rds(), arn)).toEqual({ [TAG_KEY]: 'on' });
  });

  it('leaves cluster members, read replicas and their sources alone, saying why', async () => {
    // Prepare
    await createDatabase(rds(), 'db-main', { [TAG_KEY]: 'on' });
    await createReadReplica(rds(), 'db-main-replica', 'db-main', { [TAG_KEY]: 'on' });
    await createCluster(rds(), 'aurora-1', { [TAG_KEY]: 'on' });

    // Act
    const listed = await databases().list(REGION);

    // Assess
    const why = Object.fromEntries(listed.map((db) => [db.id, db.leftAlone]));
    expect(why).toEqual({
      'rds:db-main': 'has read replicas: AWS cannot stop it',
      'rds:db-main-replica': 'read replica of db-main: AWS cannot stop a read replica',
      'rds:aurora-1-1': 'member of DB cluster aurora-1: stopped and started with it',
    });
  });

  it('looks databases up by Name, identifier (wildcards allowed) and id', async () => {
    // Prepare
    await createDatabase(rds(), 'db-main', { [TAG_KEY]: 'on', Name: 'orders' });
    await createDatabase(rds(), 'db-reports', { [TAG_KEY]: 'on' });

    // Act
    const byName = await databases().lookUp(REGION, { name: 'orders' });
    const byGlob = await databases().lookUp(REGION, { name: 'db-*' });
    const byId = await databases().lookUp(REGION, { ids: ['rds:db-reports'] });

    // Assess
    expect(byName.map((db) => db.id)).toEqual(['rds:db-main']);
    expect(byGlob.map((db) => db.id).sort()).toEqual(['rds:db-main', 'rds:db-reports']);
    expect(byId.map((db) => db.id)).toEqual(['rds:db-reports']);
  });
});

describe('RdsClusterFleet against moto', () => {
  it('lists the tagged clusters as a whole, stops and starts them with the mark', async () => {
    // Prepare
    const arn = await createCluster(rds(), 'aurora-1', { [TAG_KEY]: 'office-hours' });
    await createCluster(rds(), 'aurora-untagged', {});
    const at = Date.parse('2026-11-24T19:00:00Z');

    // Act
    const before = await clusters().list(REGION);
    const stopped = await clusters().stop(REGION, ['cluster:aurora-1'], at, { mark: true });
    const afterStop = await clusters().list(REGION);
    const statusStopped = await clusterStatus(rds(), 'aurora-1');
    const started = await clusters().start(REGION, ['cluster:aurora-1']);
    const afterStart = await clusters().list(REGION);

    // Assess
    expect(before).toEqual([
      {
        id: 'cluster:aurora-1',
        region: REGION,
        state: 'running',
        tags: { [TAG_KEY]: 'office-hours' },
        // Aurora: its member's class, found with one DescribeDBInstances by cluster.
        billing: {
          storageGb: 1,
          units: [
            {
              service: 'rds',
              type: 'db.r6g.large',
              count: 1,
              engine: 'aurora-postgresql',
              multiAz: false,
            },
          ],
        },
      },
    ]);
    expect(stopped).toEqual([{ instanceId: 'cluster:aurora-1', ok: true }]);
    expect(statusStopped).toBe('stopped');
    expect(afterStop).toEqual([
      expect.objectContaining({ state: 'stopped', stoppedByStopinatorAt: at }),
    ]);
    expect(started).toEqual([{ instanceId: 'cluster:aurora-1', ok: true }]);
    expect(afterStart.map((c) => c.state)).toEqual(['running']);
    expect(await rdsTags(rds(), arn)).toEqual({ [TAG_KEY]: 'office-hours' });
  });

  it('leaves Aurora Serverless v1 alone, saying why', async () => {
    // Prepare
    await createCluster(
      rds(),
      'sls-1',
      { [TAG_KEY]: 'on' },
      { engineMode: 'serverless', members: 0 },
    );

    // Act
    const listed = await clusters().list(REGION);

    // Assess
    expect(listed.map((c) => [c.id, c.leftAlone])).toEqual([
      ['cluster:sls-1', 'Aurora Serverless v1: AWS cannot stop it'],
    ]);
  });
});
