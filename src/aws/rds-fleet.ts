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
import type { Billing, BillingUnit } from '../core/billing.js';
import { type FleetInstance, type InstanceState, stopMarkTagKey } from '../core/instance.js';
import type { ActionOutcome } from '../core/ports.js';
import { bareId, qualifiedId } from '../core/resource-kind.js';
import { answersLookUp, eachLimited, type KindFleet, outcomeOf } from './kind-fleet.js';
import { formatStopMark, parseStopMark } from './state-transition.js';

/** RDS stops and starts one database a call: a few at a time. */
export const PARALLEL_CALLS = 5;
/** DescribeDBInstances and DescribeDBClusters take MaxRecords from 20 to 100. */
export const PAGE_SIZE = 100;
/** Cluster ids in one DescribeDBInstances filter (RDS takes up to 100 values). */
const MEMBER_FILTER_VALUES = 100;

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
  /** Clusters: whether to read the Aurora members' classes, for prices (default yes). */
  readonly memberClasses?: boolean;
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
    return (await this.list(region)).filter((r) => answersLookUp(r, query));
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
    const clusters: DBCluster[] = [];
    for await (const page of paginateDescribeDBClusters(
      { client: this.options.clientFor(region), pageSize: PAGE_SIZE },
      {},
    )) {
      clusters.push(...(page.DBClusters ?? []));
    }
    const classes = await this.#memberClasses(region, clusters);
    const listed: Listed[] = [];
    for (const cluster of clusters) {
      const resource = this.#resourceOf(region, cluster, classes);
      if (resource && cluster.DBClusterArn) listed.push({ arn: cluster.DBClusterArn, resource });
    }
    return listed;
  }

  /**
   * The classes of the tagged Aurora clusters' members, for their price: one DescribeDBInstances
   * filtered by cluster (100 clusters a call). Without it (no permission, throttled), the
   * clusters are listed all the same, their hours counted and their price left unknown.
   */
  async #memberClasses(
    region: string,
    clusters: readonly DBCluster[],
  ): Promise<Map<string, string>> {
    if (this.options.memberClasses === false) return new Map();
    const wanted = clusters
      .filter(
        (c) =>
          !c.DBClusterInstanceClass &&
          (c.DBClusterMembers?.length ?? 0) > 0 &&
          c.DBClusterIdentifier &&
          (c.TagList ?? []).some((t) => t.Key === this.options.tagKey),
      )
      .map((c) => c.DBClusterIdentifier as string);
    const classes = new Map<string, string>();
    try {
      for (let i = 0; i < wanted.length; i += MEMBER_FILTER_VALUES) {
        for await (const page of paginateDescribeDBInstances(
          { client: this.options.clientFor(region), pageSize: PAGE_SIZE },
          {
            Filters: [{ Name: 'db-cluster-id', Values: wanted.slice(i, i + MEMBER_FILTER_VALUES) }],
          },
        )) {
          for (const db of page.DBInstances ?? []) {
            if (db.DBInstanceIdentifier && db.DBInstanceClass)
              classes.set(db.DBInstanceIdentifier, db.DBInstanceClass);
          }
        }
      }
    } catch {
      return new Map();
    }
    return classes;
  }

  #resourceOf(
    region: string,
    cluster: DBCluster,
    classes: ReadonlyMap<string, string>,
  ): FleetInstance | undefined {
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
      clusterBilling(cluster, classes),
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
 * A Multi-AZ DB cluster names its members' class; an Aurora cluster's members each have their
 * own (`classes`, by member id): the cluster's hour is the sum of its members'. A member whose
 * class is not known leaves the price unknown (hours only), never a guess.
 */
function clusterBilling(
  cluster: DBCluster,
  classes: ReadonlyMap<string, string>,
): Billing | undefined {
  const members = cluster.DBClusterMembers ?? [];
  const storage = cluster.AllocatedStorage;
  const engine = cluster.Engine ? { engine: cluster.Engine } : {};
  let units: BillingUnit[] = [];
  if (cluster.DBClusterInstanceClass && members.length > 0) {
    units = [
      {
        service: 'rds',
        type: cluster.DBClusterInstanceClass,
        count: members.length,
        ...engine,
        multiAz: false,
      },
    ];
  } else if (members.length > 0) {
    const types = members.map((m) => classes.get(m.DBInstanceIdentifier ?? ''));
    if (types.every((t): t is string => t !== undefined)) {
      const counts = new Map<string, number>();
      for (const t of types) counts.set(t, (counts.get(t) ?? 0) + 1);
      units = [...counts].map(([type, count]) => ({
        service: 'rds' as const,
        type,
        count,
        ...engine,
        multiAz: false,
      }));
    }
  }
  return { units, ...(storage ? { storageGb: storage } : {}) };
}
