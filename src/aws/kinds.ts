import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { RDSClient } from '@aws-sdk/client-rds';
import type { ResourceKind } from '../core/resource-kind.js';
import { AsgFleet } from './asg-fleet.js';
import { Ec2Fleet } from './ec2-fleet.js';
import { type KindFleet, ResourceFleet } from './kind-fleet.js';
import { RdsClusterFleet, RdsInstanceFleet } from './rds-fleet.js';
import { type ClientSettings, RETRY_SETTINGS } from './retry-settings.js';

/**
 * The one place resource kinds meet their adapters: a kind is an entry here, its adapter and
 * its tests (README "Adding a kind").
 */
export interface KindClients {
  readonly ec2: (region: string) => EC2Client;
  readonly rds: (region: string) => RDSClient;
  readonly autoScaling: (region: string) => AutoScalingClient;
}

export function resourceFleet(options: {
  readonly kinds: readonly ResourceKind[];
  readonly clients: KindClients;
  readonly tagKey: string;
  /** False for the bot, whose role writes no tags. */
  readonly unmarkOnStart?: boolean;
  /**
   * False for the bot, which lists for targets, not prices: no look-up of an Aurora cluster's
   * members' classes (the scheduler's role may make it, the bot's need not).
   */
  readonly priced?: boolean;
  /** DescribeInstances page size (tests). */
  readonly pageSize?: number;
}): ResourceFleet {
  const { tagKey, clients } = options;
  const unmark = options.unmarkOnStart === false ? { unmarkOnStart: false } : {};
  const make: Record<ResourceKind, () => KindFleet> = {
    ec2: () =>
      ec2Kind(
        new Ec2Fleet({
          clientFor: clients.ec2,
          tagKey,
          ...unmark,
          ...(options.pageSize ? { pageSize: options.pageSize } : {}),
        }),
      ),
    rds: () => new RdsInstanceFleet({ clientFor: clients.rds, tagKey, ...unmark }),
    cluster: () =>
      new RdsClusterFleet({
        clientFor: clients.rds,
        tagKey,
        ...unmark,
        ...(options.priced === false ? { memberClasses: false } : {}),
      }),
    asg: () => new AsgFleet({ clientFor: clients.autoScaling, tagKey, ...unmark }),
  };
  return new ResourceFleet(options.kinds.map((kind) => make[kind]()));
}

/** The EC2 adapter in the kind shape. */
export function ec2Kind(fleet: Ec2Fleet): KindFleet {
  return {
    kind: 'ec2',
    list: (region) => fleet.listInstances(region),
    lookUp: (region, query) => fleet.lookUp(region, query),
    stop: (region, ids, at, options) => fleet.stopInstances(region, ids, at, options),
    start: (region, ids) => fleet.startInstances(region, ids),
  };
}

/** One client of each service per region, made on first use. */
export function kindClients(settings: ClientSettings = {}): Omit<KindClients, 'ec2'> {
  const make = <T>(build: (region: string) => T) => {
    const made = new Map<string, T>();
    return (region: string): T => {
      let client = made.get(region);
      if (!client) {
        client = build(region);
        made.set(region, client);
      }
      return client;
    };
  };
  const config = (region: string) => ({
    region,
    ...RETRY_SETTINGS,
    ...settings,
    requestHandler: { ...(settings.requestHandler ?? RETRY_SETTINGS.requestHandler) },
  });
  return {
    rds: make((region) => new RDSClient(config(region))),
    autoScaling: make((region) => new AutoScalingClient(config(region))),
  };
}
