/**
 * RDS databases, DB clusters and Auto Scaling groups in moto, made the way people make them,
 * and read back as moto holds them: for the adapter tests, the scheduler tests and the bench.
 *
 * moto facts the helpers rely on: its state changes are instant (a stopped database is
 * `stopped` as soon as StopDBInstance answers); DescribeDBInstances and DescribeDBClusters
 * return the TagList; an Aurora cluster needs an aurora-* engine and its members are DB
 * instances created with DBClusterIdentifier; a group created with a launch configuration
 * launches its instances at once, tagged aws:autoscaling:groupName.
 */
import {
  type AutoScalingClient,
  CreateAutoScalingGroupCommand,
  CreateLaunchConfigurationCommand,
  DescribeAutoScalingGroupsCommand,
  UpdateAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  AddTagsToResourceCommand,
  CreateDBClusterCommand,
  CreateDBInstanceCommand,
  CreateDBInstanceReadReplicaCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  ListTagsForResourceCommand,
  type RDSClient,
  StartDBInstanceCommand,
  StopDBInstanceCommand,
} from '@aws-sdk/client-rds';

export type Tags = Record<string, string>;

const tagList = (tags: Tags) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

/** A PostgreSQL DB instance; returns its ARN. */
export async function createDatabase(
  rds: RDSClient,
  identifier: string,
  tags: Tags,
): Promise<string> {
  const { DBInstance } = await rds.send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: identifier,
      Engine: 'postgres',
      DBInstanceClass: 'db.t3.micro',
      AllocatedStorage: 20,
      MasterUsername: 'stopinator',
      MasterUserPassword: 'not-a-secret-1',
      Tags: tagList(tags),
    }),
  );
  if (!DBInstance?.DBInstanceArn) throw new Error(`CreateDBInstance ${identifier}: no ARN`);
  return DBInstance.DBInstanceArn;
}

/** A read replica of `source`. */
export async function createReadReplica(
  rds: RDSClient,
  identifier: string,
  source: string,
  tags: Tags,
): Promise<void> {
  await rds.send(
    new CreateDBInstanceReadReplicaCommand({
      DBInstanceIdentifier: identifier,
      SourceDBInstanceIdentifier: source,
      Tags: tagList(tags),
    }),
  );
}

/**
 * An Aurora PostgreSQL cluster with `members` DB instances (`<id>-1`, ...), the cluster and
 * its members tagged alike (the console's "copy tags" habit); returns the cluster's ARN.
 */
export async function createCluster(
  rds: RDSClient,
  identifier: string,
  tags: Tags,
  options: { members?: number; engineMode?: 'provisioned' | 'serverless' } = {},
): Promise<string> {
  const { DBCluster } = await rds.send(
    new CreateDBClusterCommand({
      DBClusterIdentifier: identifier,
      Engine: options.engineMode === 'serverless' ? 'aurora-mysql' : 'aurora-postgresql',
      ...(options.engineMode ? { EngineMode: options.engineMode } : {}),
      MasterUsername: 'stopinator',
      MasterUserPassword: 'not-a-secret-1',
      Tags: tagList(tags),
    }),
  );
  if (!DBCluster?.DBClusterArn) throw new Error(`CreateDBCluster ${identifier}: no ARN`);
  for (let i = 1; i <= (options.members ?? 1); i++) {
    await rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: `${identifier}-${i}`,
        DBClusterIdentifier: identifier,
        Engine: 'aurora-postgresql',
        DBInstanceClass: 'db.r6g.large',
        Tags: tagList(tags),
      }),
    );
  }
  return DBCluster.DBClusterArn;
}

/** A DB instance's status as moto holds it ("available", "stopped"). */
export async function databaseStatus(rds: RDSClient, identifier: string): Promise<string> {
  const { DBInstances } = await rds.send(
    new DescribeDBInstancesCommand({ DBInstanceIdentifier: identifier }),
  );
  return DBInstances?.[0]?.DBInstanceStatus ?? '?';
}

export async function clusterStatus(rds: RDSClient, identifier: string): Promise<string> {
  const { DBClusters } = await rds.send(
    new DescribeDBClustersCommand({ DBClusterIdentifier: identifier }),
  );
  return DBClusters?.[0]?.Status ?? '?';
}

/** The tags of an RDS resource, by ARN. */
export async function rdsTags(rds: RDSClient, arn: string): Promise<Tags> {
  const { TagList } = await rds.send(new ListTagsForResourceCommand({ ResourceName: arn }));
  return Object.fromEntries((TagList ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
}

export async function setRdsTags(rds: RDSClient, arn: string, tags: Tags): Promise<void> {
  await rds.send(new AddTagsToResourceCommand({ ResourceName: arn, Tags: tagList(tags) }));
}

/** What a person does in the console: no stop mark, no stopinator involved. */
export async function stopDatabaseByHand(rds: RDSClient, identifier: string): Promise<void> {
  await rds.send(new StopDBInstanceCommand({ DBInstanceIdentifier: identifier }));
}

export async function startDatabaseByHand(rds: RDSClient, identifier: string): Promise<void> {
  await rds.send(new StartDBInstanceCommand({ DBInstanceIdentifier: identifier }));
}

export interface Capacity {
  readonly min: number;
  readonly desired: number;
  readonly max: number;
}

/**
 * An Auto Scaling group on a launch configuration of its own, in the region's first zone;
 * moto launches its desired instances at once. Tags do not propagate to the instances unless
 * `propagate` says so.
 */
export async function createGroup(
  asg: AutoScalingClient,
  name: string,
  capacity: Capacity,
  tags: Tags,
  options: { region?: string; propagate?: boolean } = {},
): Promise<void> {
  const region = options.region ?? 'eu-west-1';
  await asg.send(
    new CreateLaunchConfigurationCommand({
      LaunchConfigurationName: `${name}-lc`,
      ImageId: 'ami-12c6146b',
      InstanceType: 't3.micro',
    }),
  );
  await asg.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: name,
      LaunchConfigurationName: `${name}-lc`,
      MinSize: capacity.min,
      DesiredCapacity: capacity.desired,
      MaxSize: capacity.max,
      AvailabilityZones: [`${region}a`],
      Tags: Object.entries(tags).map(([Key, Value]) => ({
        Key,
        Value,
        ResourceId: name,
        ResourceType: 'auto-scaling-group',
        PropagateAtLaunch: options.propagate ?? false,
      })),
    }),
  );
}

/** A group's capacity, tags and instance ids as moto holds them. */
export async function groupOf(
  asg: AutoScalingClient,
  name: string,
): Promise<Capacity & { tags: Tags; instances: string[] }> {
  const { AutoScalingGroups } = await asg.send(
    new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }),
  );
  const group = AutoScalingGroups?.[0];
  if (!group) throw new Error(`no Auto Scaling group ${name}`);
  return {
    min: group.MinSize ?? -1,
    desired: group.DesiredCapacity ?? -1,
    max: group.MaxSize ?? -1,
    tags: Object.fromEntries((group.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
    instances: (group.Instances ?? []).flatMap((i) => (i.InstanceId ? [i.InstanceId] : [])),
  };
}

/** What a person does in the console: a new min/desired/max. */
export async function resizeByHand(
  asg: AutoScalingClient,
  name: string,
  capacity: Capacity,
): Promise<void> {
  await asg.send(
    new UpdateAutoScalingGroupCommand({
      AutoScalingGroupName: name,
      MinSize: capacity.min,
      DesiredCapacity: capacity.desired,
      MaxSize: capacity.max,
    }),
  );
}
