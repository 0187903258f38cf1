import {
  CreateAutoScalingGroupCommand,
  CreateLaunchConfigurationCommand,
} from '@aws-sdk/client-auto-scaling';
import { RunInstancesCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateDBClusterCommand, CreateDBInstanceCommand } from '@aws-sdk/client-rds';
import type { StopinatorConfig } from '../core/config.js';
import type { ResourceKind } from '../core/resource-kind.js';
import type { MotoClients } from './moto-clients.js';

export interface DemoInstance {
  readonly name: string;
  readonly region: string;
  /** The value of the stopinator tag. */
  readonly tag: string;
  /** EC2 unless said. */
  readonly kind?: ResourceKind;
  /** Stopped by a person before the sandbox starts: the morning start must leave it alone. */
  readonly stoppedByHand?: boolean;
}

/**
 * Ten instances over the configuration's first two regions and schedules: most on the
 * default schedule, three on the second one, one stopped by hand, one excluded (`off`) and
 * one naming a schedule that does not exist. Next to them, on the default schedule, one of
 * each other kind the configuration manages: an RDS database, an Aurora cluster with one
 * member, and an Auto Scaling group of 1/2/3.
 */
export function demoFleet(config: StopinatorConfig): DemoInstance[] {
  const [home = 'eu-west-1', away = home] = config.regions;
  const other =
    [...config.schedules.keys()].find((name) => name !== config.defaultSchedule) ??
    config.defaultSchedule;
  const unknown = config.schedules.has('weekends') ? 'no-such-schedule' : 'weekends';
  const fleet: DemoInstance[] = [
    { name: 'web-1', region: home, tag: 'true' },
    { name: 'web-2', region: home, tag: config.defaultSchedule },
    { name: 'api-1', region: home, tag: config.defaultSchedule },
    { name: 'db-1', region: home, tag: config.defaultSchedule },
    { name: 'ci-runner', region: home, tag: config.defaultSchedule, stoppedByHand: true },
    { name: 'bastion', region: home, tag: 'off' },
    { name: 'legacy-etl', region: home, tag: unknown },
    { name: 'batch-1', region: away, tag: other },
    { name: 'batch-2', region: away, tag: other },
    { name: 'worker-1', region: away, tag: other },
    { name: 'db-main', kind: 'rds', region: home, tag: config.defaultSchedule },
    { name: 'aurora-1', kind: 'cluster', region: home, tag: config.defaultSchedule },
    { name: 'web-asg', kind: 'asg', region: home, tag: config.defaultSchedule },
  ];
  return fleet.filter((r) => config.resources.includes(r.kind ?? 'ec2'));
}

/**
 * Creates the demo fleet in moto, as people make it: one RunInstances per instance, the
 * other kinds alongside (moto's first RDS call is its slowest, so nothing waits for it).
 */
export async function seedDemoFleet(
  clients: MotoClients,
  config: StopinatorConfig,
): Promise<DemoInstance[]> {
  const fleet = demoFleet(config);
  const byRegion = new Map<string, DemoInstance[]>();
  for (const instance of fleet.filter((r) => (r.kind ?? 'ec2') === 'ec2'))
    byRegion.set(instance.region, [...(byRegion.get(instance.region) ?? []), instance]);
  const tagOf = (r: DemoInstance) => ({ Key: config.tagKey, Value: r.tag });
  await Promise.all([
    ...[...byRegion].map(async ([region, instances]) => {
      const ec2 = clients.ec2(region);
      for (const instance of instances) {
        const { Instances } = await ec2.send(
          new RunInstancesCommand({
            ImageId: 'ami-12c6146b',
            InstanceType: 't3.micro',
            MinCount: 1,
            MaxCount: 1,
            TagSpecifications: [
              {
                ResourceType: 'instance',
                Tags: [{ Key: 'Name', Value: instance.name }, tagOf(instance)],
              },
            ],
          }),
        );
        const id = Instances?.[0]?.InstanceId;
        if (instance.stoppedByHand && id)
          await ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
      }
    }),
    ...fleet.map(async (r) => {
      if (r.kind === 'rds') await createDatabase(clients, r, [tagOf(r)]);
      if (r.kind === 'cluster') await createCluster(clients, r, [tagOf(r)]);
      if (r.kind === 'asg') await createGroup(clients, r, tagOf(r));
    }),
  ]);
  return fleet;
}

type Tags = { Key: string; Value: string }[];

async function createDatabase(clients: MotoClients, db: DemoInstance, Tags: Tags): Promise<void> {
  await clients.rds(db.region).send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: db.name,
      Engine: 'postgres',
      DBInstanceClass: 'db.t3.micro',
      AllocatedStorage: 20,
      MasterUsername: 'sandbox',
      MasterUserPassword: 'sandbox-only',
      Tags,
    }),
  );
}

/** An Aurora PostgreSQL cluster and its one member (`<name>-a`), the cluster tagged. */
async function createCluster(clients: MotoClients, cluster: DemoInstance, Tags: Tags) {
  const rds = clients.rds(cluster.region);
  await rds.send(
    new CreateDBClusterCommand({
      DBClusterIdentifier: cluster.name,
      Engine: 'aurora-postgresql',
      MasterUsername: 'sandbox',
      MasterUserPassword: 'sandbox-only',
      Tags,
    }),
  );
  await rds.send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: `${cluster.name}-a`,
      DBClusterIdentifier: cluster.name,
      Engine: 'aurora-postgresql',
      DBInstanceClass: 'db.r6g.large',
    }),
  );
}

/** A group of 1/2/3 on a launch configuration of its own; moto launches its 2 instances. */
async function createGroup(clients: MotoClients, group: DemoInstance, tag: Tags[number]) {
  const autoScaling = clients.autoScaling(group.region);
  await autoScaling.send(
    new CreateLaunchConfigurationCommand({
      LaunchConfigurationName: `${group.name}-lc`,
      ImageId: 'ami-12c6146b',
      InstanceType: 't3.micro',
    }),
  );
  await autoScaling.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: group.name,
      LaunchConfigurationName: `${group.name}-lc`,
      MinSize: 1,
      DesiredCapacity: 2,
      MaxSize: 3,
      AvailabilityZones: [`${group.region}a`],
      Tags: [
        {
          ...tag,
          ResourceId: group.name,
          ResourceType: 'auto-scaling-group',
          PropagateAtLaunch: false,
        },
      ],
    }),
  );
}
