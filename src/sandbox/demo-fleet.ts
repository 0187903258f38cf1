import { RunInstancesCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import type { StopinatorConfig } from '../core/config.js';
import type { MotoClients } from './moto-clients.js';

export interface DemoInstance {
  readonly name: string;
  readonly region: string;
  /** The value of the stopinator tag. */
  readonly tag: string;
  /** Stopped by a person before the sandbox starts: the morning start must leave it alone. */
  readonly stoppedByHand?: boolean;
}

/**
 * Ten instances over the configuration's first two regions and schedules: most on the
 * default schedule, three on the second one, one stopped by hand, one excluded (`off`) and
 * one naming a schedule that does not exist.
 */
export function demoFleet(config: StopinatorConfig): DemoInstance[] {
  const [home = 'eu-west-1', away = home] = config.regions;
  const other =
    [...config.schedules.keys()].find((name) => name !== config.defaultSchedule) ??
    config.defaultSchedule;
  const unknown = config.schedules.has('weekends') ? 'no-such-schedule' : 'weekends';
  return [
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
  ];
}

/** Launches the demo fleet in moto (one RunInstances each, as people launch them). */
export async function seedDemoFleet(
  clients: MotoClients,
  config: StopinatorConfig,
): Promise<DemoInstance[]> {
  const fleet = demoFleet(config);
  const byRegion = new Map<string, DemoInstance[]>();
  for (const instance of fleet)
    byRegion.set(instance.region, [...(byRegion.get(instance.region) ?? []), instance]);
  await Promise.all(
    [...byRegion].map(async ([region, instances]) => {
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
                Tags: [
                  { Key: 'Name', Value: instance.name },
                  { Key: config.tagKey, Value: instance.tag },
                ],
              },
            ],
          }),
        );
        const id = Instances?.[0]?.InstanceId;
        if (instance.stoppedByHand && id)
          await ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
      }
    }),
  );
  return fleet;
}
