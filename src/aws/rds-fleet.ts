import {
  AddTagsToResourceCommand,
  type DBCluster,
  type DBInstance,
  paginateDescribeDBClusters,
  paginateDescribeDBInstances,
  type RDSClient,
  RemoveTagsFromResourceCommand,
  StartDBClusterCommand,
  StartDBInstanceCommand,
  StopDBClusterCommand,
  StopDBInstanceCommand,
  type Tag,
} from '@aws-sdk/client-rds';
import type { Billing } from '../core/billing.js';
import { type FleetInstance, type InstanceState, stopMarkTagKey } from '../core/instance.js';
import type { ActionOutcome } from '../core/ports.js';
import { bareId, qualifiedId } from '../core/resource-kind.js';
import { nameMatches } from '../core/selector.js';
import { eachLimited, type KindFleet, outcomeOf } from './kind-fleet.js';
import { formatStopMark, parseStopMark } from './state-transition.js';

/** RDS stops and starts one database a call: a few at a time. */
export const PARALLEL_CALLS = 5;
/** DescribeDBInstances and DescribeDBClusters take MaxRecords from 20 to 100. */
export const PAGE_SIZE = 100;

/** What RDS's status means to the planner; anything else is a database that is up. */
const STATES: Readonly<Record<string, InstanceState>> = {
  available: 'running',
  stopped: 'stopped',
  stopping: 'stopping',
  starting: 'pending',
  deleting: 'terminated',
  deleted: 'terminated',
};

/** Statuses in which AWS can neither stop nor start it: reported, left alone. */
const BROKEN = new Set([
  'failed',
  'inaccessible-encryption-credentials',
  'inaccessible-encryption-credentials-recoverable',
  'incompatible-network',
  'incompatible-option-group',
  'incompatible-parameters',
  'incompatible-restore',
  'insufficient-capacity',
  'restore-error',
  'storage-full',
]);

interface RdsOptions {
  readonly clientFor: (region: string) => RDSClient;
  readonly tagKey: string;
  /** Whether a start removes the stop mark (the bot's role writes no tags). */
  readonly unmarkOnStart?: boolean;
}

/** One RDS resource as listed: its ARN (for tags) and what the core sees. */
interface Listed {
  readonly arn: string;
  readonly resource: FleetInstance;
}

/**
 * What RDS databases and DB clusters share: tags on the ARN, one stop or start call per
 * resource, the stop mark as a tag. RDS lists no tag filter, so the listing keeps the
 * tagged ones itself (DescribeDB* return the tags).
 */
abstract class RdsKind implements KindFleet {
  abstract readonly kind: 'rds' | 'cluster';
  protected readonly markKey: string;
  readonly #arns = new Map<string, string>();

  constructor(protected readonly options: RdsOptions) {
    this.markKey = stopMarkTagKey(options.tagKey);
  }

  protected abstract listAll(region: string): Promise<Listed[]>;
  protected abstract stopCall(client: RDSClient, identifier: string): Promise<unknown>;
  protected abstract startCall(client: RDSClient, identifier: string): Promise<unknown>;

  async list(region: string): Promise<FleetInstance[]> {
    const listed = await this.listAll(region);
    for (const { arn, resource } of listed) this.#arns.set(`${region}/${resource.id}`, arn);
    return listed.map((l) => l.resource);
  }

  async lookUp(
    region: string,
    query: { readonly name?: string; readonly ids?: readonly string[] },
  ): Promise<FleetInstance[]> {
    const all = await this.list(region);
    return all.filter(
      (r) =>
        (query.ids === undefined || query.ids.includes(r.id)) &&
        (query.name === undefined ||
          nameMatches(query.name, r.tags.Name ?? '') ||
          nameMatches(query.name, bareId(r.id))),
    );
  }

  async stop(
    region: string,
    ids: readonly string[],
    at: number,
    options: { readonly mark: boolean },
  ): Promise<ActionOutcome[]> {
    const client = this.options.clientFor(region);
    const arns = await this.#arnsOf(region, ids);
    const mark: Tag = { Key: this.markKey, Value: formatStopMark(at) };
    return eachLimited(ids, PARALLEL_CALLS, (id) =>
      outcomeOf(id, async () => {
        const arn = arns.get(id);
        if (!arn)
          throw Object.assign(new Error(`${id} is not listed in ${region}`), { name: 'NotFound' });
        if (options.mark) {
          await client.send(new AddTagsToResourceCommand({ ResourceName: arn, Tags: [mark] }));
        } else {
          await client.send(
            new RemoveTagsFromResourceCommand({ ResourceName: arn, TagKeys: [this.markKey] }),
          );
        }
        try {
          await this.stopCall(client, bareId(id));
        } catch (error) {
          // Only this run's mark goes: the database did not stop.
          if (options.mark) {
            await client
              .send(
                new RemoveTagsFromResourceCommand({ ResourceName: arn, TagKeys: [this.markKey] }),
              )
              .catch(() => {});
          }
          throw error;
        }
      }),
    );
  }

  async start(region: string, ids: readonly string[]): Promise<ActionOutcome[]> {
    const client = this.options.clientFor(region);
    const arns = this.options.unmarkOnStart === false ? new Map() : await this.#arnsOf(region, ids);
    return eachLimited(ids, PARALLEL_CALLS, (id) =>
      outcomeOf(id, async () => {
        await this.startCall(client, bareId(id));
        const arn = arns.get(id);
        if (arn) {
          // Best effort: a mark left behind only matters after 7 days stopped, and the next
          // stop writes a new one.
          await client
            .send(new RemoveTagsFromResourceCommand({ ResourceName: arn, TagKeys: [this.markKey] }))
            .catch(() => {});
        }
      }),
    );
  }

  async #arnsOf(region: string, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.some((id) => !this.#arns.has(`${region}/${id}`))) await this.list(region);
    return new Map(
      ids.flatMap((id) => {
        const arn = this.#arns.get(`${region}/${id}`);
        return arn ? [[id, arn] as const] : [];
      }),
    );
  }

  protected resource(
    region: string,
    identifier: string,
    status: string,
    tagList: readonly Tag[] | undefined,
    leftAlone: string | undefined,
    billing?: Billing,
  ): FleetInstance | undefined {
    const tags: Record<string, string> = {};
    for (const tag of tagList ?? []) if (tag.Key !== undefined) tags[tag.Key] = tag.Value ?? '';
    if (tags[this.options.tagKey] === undefined) return undefined;
    const state = STATES[status] ?? 'running';
    const markedAt = parseStopMark(tags[this.markKey]);
    const broken = BROKEN.has(status) ? `its status is ${status}` : undefined;
    const why = leftAlone ?? broken;
    return {
      id: qualifiedId(this.kind, identifier),
      region,
      state,
      tags,
      ...(markedAt !== undefined ? { markedAt } : {}),
      ...(markedAt !== undefined && (state === 'stopped' || state === 'stopping')
        ? { stoppedByStopinatorAt: markedAt }
        : {}),
      ...(why ? { leftAlone: why } : {}),
      ...(STATES[status] === undefined ? { stateReason: status } : {}),
      ...(billing ? { billing } : {}),
    };
  }
}

/** RDS DB instances (not cluster members: their cluster is stopped as a whole). */
export class RdsInstanceFleet extends RdsKind {
  readonly kind = 'rds' as const;

  protected async listAll(region: string): Promise<Listed[]> {
    const listed: Listed[] = [];
    for await (const page of paginateDescribeDBInstances(
      { client: this.options.clientFor(region), pageSize: PAGE_SIZE },
      {},
    )) {
      for (const db of page.DBInstances ?? []) {
        const resource = this.#resourceOf(region, db);
        if (resource && db.DBInstanceArn) listed.push({ arn: db.DBInstanceArn, resource });
      }
    }
    return listed;
  }

  #resourceOf(region: string, db: DBInstance): FleetInstance | undefined {
    if (!db.DBInstanceIdentifier) return undefined;
    const leftAlone = db.DBClusterIdentifier
      ? `member of DB cluster ${db.DBClusterIdentifier}: stopped and started with it`
      : db.ReadReplicaSourceDBInstanceIdentifier
        ? `read replica of ${db.ReadReplicaSourceDBInstanceIdentifier}: AWS cannot stop a read replica`
        : (db.ReadReplicaDBInstanceIdentifiers?.length ?? 0) > 0
          ? 'has read replicas: AWS cannot stop it'
          : undefined;
    return this.resource(
      region,
      db.DBInstanceIdentifier,
      db.DBInstanceStatus ?? '',
      db.TagList,
      leftAlone,
      databaseBilling(db),
    );
  }

  protected stopCall(client: RDSClient, identifier: string): Promise<unknown> {
    return client.send(new StopDBInstanceCommand({ DBInstanceIdentifier: identifier }));
  }

  protected startCall(client: RDSClient, identifier: string): Promise<unknown> {
    return client.send(new StartDBInstanceCommand({ DBInstanceIdentifier: identifier }));
  }
}

/** RDS and Aurora DB clusters, stopped and started as a whole. */
export class RdsClusterFleet extends RdsKind {
  readonly kind = 'cluster' as const;

  protected async listAll(region: string): Promise<Listed[]> {
    const listed: Listed[] = [];
    for await (const page of paginateDescribeDBClusters(
      { client: this.options.clientFor(region), pageSize: PAGE_SIZE },
      {},
    )) {
      for (const cluster of page.DBClusters ?? []) {
        const resource = this.#resourceOf(region, cluster);
        if (resource && cluster.DBClusterArn) listed.push({ arn: cluster.DBClusterArn, resource });
      }
    }
    return listed;
  }

  #resourceOf(region: string, cluster: DBCluster): FleetInstance | undefined {
    if (!cluster.DBClusterIdentifier) return undefined;
    const leftAlone =
      cluster.EngineMode === 'serverless'
        ? 'Aurora Serverless v1: AWS cannot stop it'
        : cluster.ReplicationSourceIdentifier
          ? `replica of ${cluster.ReplicationSourceIdentifier}: AWS cannot stop a replica cluster`
          : undefined;
    return this.resource(
      region,
      cluster.DBClusterIdentifier,
      cluster.Status ?? '',
      cluster.TagList,
      leftAlone,
      clusterBilling(cluster),
    );
  }

  protected stopCall(client: RDSClient, identifier: string): Promise<unknown> {
    return client.send(new StopDBClusterCommand({ DBClusterIdentifier: identifier }));
  }

  protected startCall(client: RDSClient, identifier: string): Promise<unknown> {
    return client.send(new StartDBClusterCommand({ DBClusterIdentifier: identifier }));
  }
}

/** A database's class, engine and deployment, and the storage it keeps while stopped. */
function databaseBilling(db: DBInstance): Billing | undefined {
  if (!db.DBInstanceClass) return undefined;
  return {
    units: [
      {
        service: 'rds',
        type: db.DBInstanceClass,
        count: 1,
        ...(db.Engine ? { engine: db.Engine } : {}),
        multiAz: db.MultiAZ === true,
      },
    ],
    ...(db.AllocatedStorage ? { storageGb: db.AllocatedStorage } : {}),
  };
}

/**
 * A Multi-AZ DB cluster names its members' class; an Aurora cluster does not, and its members'
 * classes would take another listing: its hours are counted, its price left unknown.
 */
function clusterBilling(cluster: DBCluster): Billing | undefined {
  const members = cluster.DBClusterMembers?.length ?? 0;
  const storage = cluster.AllocatedStorage;
  const units =
    cluster.DBClusterInstanceClass && members > 0
      ? [
          {
            service: 'rds' as const,
            type: cluster.DBClusterInstanceClass,
            count: members,
            ...(cluster.Engine ? { engine: cluster.Engine } : {}),
            multiAz: false,
          },
        ]
      : [];
  return { units, ...(storage ? { storageGb: storage } : {}) };
}
