import {
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { RdsClusterFleet, RdsInstanceFleet } from '../../src/aws/rds-fleet.js';
import { TEST_CREDENTIALS } from '../support/aws-clients.js';

// moto's state changes are instant and it has no failed or storage-full database: the statuses
// between and beside available and stopped are read from a mocked client.
const rds = mockClient(RDSClient);
const client = new RDSClient({ region: 'eu-west-1', credentials: TEST_CREDENTIALS });
const TAGS = [{ Key: 'stopinator', Value: 'on' }];

beforeEach(() => {
  rds.reset();
});

describe('RDS statuses as the planner sees them', () => {
  it.each([
    ['available', { state: 'running' }],
    ['stopped', { state: 'stopped' }],
    ['stopping', { state: 'stopping' }],
    ['starting', { state: 'pending' }],
    ['deleting', { state: 'terminated' }],
    ['backing-up', { state: 'running', stateReason: 'backing-up' }],
    ['modifying', { state: 'running', stateReason: 'modifying' }],
    [
      'storage-full',
      { state: 'running', stateReason: 'storage-full', leftAlone: 'its status is storage-full' },
    ],
    [
      'inaccessible-encryption-credentials',
      {
        state: 'running',
        stateReason: 'inaccessible-encryption-credentials',
        leftAlone: 'its status is inaccessible-encryption-credentials',
      },
    ],
  ])('a database %s', async (status, expected) => {
    rds.on(DescribeDBInstancesCommand).resolves({
      DBInstances: [
        {
          DBInstanceIdentifier: 'db-1',
          DBInstanceArn: 'arn:aws:rds:eu-west-1:123456789012:db:db-1',
          DBInstanceStatus: status,
          TagList: TAGS,
        },
      ],
    });

    const [db] = await new RdsInstanceFleet({ clientFor: () => client, tagKey: 'stopinator' }).list(
      'eu-west-1',
    );

    expect(db).toEqual({
      id: 'rds:db-1',
      region: 'eu-west-1',
      tags: { stopinator: 'on' },
      ...expected,
    });
  });

  it('a cluster stopping, with the mark: stopped by the stopinator', async () => {
    rds.on(DescribeDBClustersCommand).resolves({
      DBClusters: [
        {
          DBClusterIdentifier: 'aurora-1',
          DBClusterArn: 'arn:aws:rds:eu-west-1:123456789012:cluster:aurora-1',
          Status: 'stopping',
          TagList: [...TAGS, { Key: 'stopinator:stopped-at', Value: '2026-11-24T19:00:00.000Z' }],
        },
      ],
    });

    const [cluster] = await new RdsClusterFleet({
      clientFor: () => client,
      tagKey: 'stopinator',
    }).list('eu-west-1');

    expect(cluster).toMatchObject({
      id: 'cluster:aurora-1',
      state: 'stopping',
      stoppedByStopinatorAt: Date.parse('2026-11-24T19:00:00Z'),
    });
  });
});

describe('an Aurora cluster’s price units', () => {
  const cluster = {
    DBClusterIdentifier: 'aurora-1',
    DBClusterArn: 'arn:aws:rds:eu-west-1:123456789012:cluster:aurora-1',
    Status: 'available',
    Engine: 'aurora-postgresql',
    TagList: TAGS,
    DBClusterMembers: [
      { DBInstanceIdentifier: 'aurora-1-a' },
      { DBInstanceIdentifier: 'aurora-1-b' },
    ],
  };
  const clusters = () => new RdsClusterFleet({ clientFor: () => client, tagKey: 'stopinator' });

  it('are its members’ classes, counted, from one DescribeDBInstances filtered by cluster', async () => {
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster] });
    rds.on(DescribeDBInstancesCommand).resolves({
      DBInstances: [
        { DBInstanceIdentifier: 'aurora-1-a', DBInstanceClass: 'db.r6g.large' },
        { DBInstanceIdentifier: 'aurora-1-b', DBInstanceClass: 'db.r6g.large' },
      ],
    });

    const [listed] = await clusters().list('eu-west-1');

    expect(listed?.billing?.units).toEqual([
      {
        service: 'rds',
        type: 'db.r6g.large',
        count: 2,
        engine: 'aurora-postgresql',
        multiAz: false,
      },
    ]);
    expect(rds.commandCalls(DescribeDBInstancesCommand)[0]?.args[0].input.Filters).toEqual([
      { Name: 'db-cluster-id', Values: ['aurora-1'] },
    ]);
  });

  it('are left unknown, the cluster listed all the same, when the members cannot be read or one is missing', async () => {
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster] });
    rds
      .on(DescribeDBInstancesCommand)
      .rejectsOnce(Object.assign(new Error('not authorized'), { name: 'AccessDenied' }))
      .resolves({
        DBInstances: [{ DBInstanceIdentifier: 'aurora-1-a', DBInstanceClass: 'db.r6g.large' }],
      });

    const [refused] = await clusters().list('eu-west-1');
    const [partial] = await clusters().list('eu-west-1');

    expect(refused).toMatchObject({
      id: 'cluster:aurora-1',
      state: 'running',
      billing: { units: [] },
    });
    expect(partial?.billing?.units).toEqual([]);
  });
});
