/**
 * The kinds of resource the stopinator manages, declared once: everything shared code needs
 * to know about a kind is here (its label, what AWS does to it on its own). Adding a kind is
 * an entry here and an adapter (src/aws/kinds.ts registers the adapters).
 *
 * A resource's id says its kind: EC2 instance ids as EC2 gives them (`i-0abc…`), the others
 * prefixed by their kind (`rds:db-1`, `cluster:aurora-1`, `asg:web-asg`), so ids are unique
 * across kinds within a region and a stored key needs nothing more.
 */
export type ResourceKind = 'ec2' | 'rds' | 'cluster' | 'asg';

export interface KindTraits {
  /** How people read it: "RDS", "Auto Scaling group". */
  readonly label: string;
  /** One of them: "instance", "database". */
  readonly noun: string;
  /** AWS starts a stopped one again on its own after this long (RDS: 7 days). */
  readonly autoStartsAfterMs?: number;
  /** What AWS still bills while it is stopped (savings say so); none for a group at 0. */
  readonly billedWhileStopped?: string;
}

const DAY_MS = 86_400_000;

export const KINDS: Readonly<Record<ResourceKind, KindTraits>> = {
  ec2: {
    label: 'EC2',
    noun: 'instance',
    billedWhileStopped: 'EBS volumes and Elastic IP addresses',
  },
  rds: {
    label: 'RDS',
    noun: 'database',
    autoStartsAfterMs: 7 * DAY_MS,
    billedWhileStopped: 'storage and backups',
  },
  cluster: {
    label: 'DB cluster',
    noun: 'cluster',
    autoStartsAfterMs: 7 * DAY_MS,
    billedWhileStopped: 'storage and backups',
  },
  // At 0 instances a group has no instance, and so no volume, left.
  asg: { label: 'Auto Scaling group', noun: 'group' },
};

export const ALL_KINDS = Object.keys(KINDS) as ResourceKind[];

const PREFIXED: readonly ResourceKind[] = ['rds', 'cluster', 'asg'];

export function isResourceKind(text: string): text is ResourceKind {
  return (ALL_KINDS as readonly string[]).includes(text);
}

/** The kind an id belongs to. */
export function kindOf(id: string): ResourceKind {
  const prefix = id.slice(0, id.indexOf(':'));
  return (PREFIXED as readonly string[]).includes(prefix) ? (prefix as ResourceKind) : 'ec2';
}

/** The id of a resource of `kind` named `identifier` by its service. */
export function qualifiedId(kind: ResourceKind, identifier: string): string {
  return kind === 'ec2' ? identifier : `${kind}:${identifier}`;
}

/** The identifier its service knows it by: `rds:db-1` → `db-1`. */
export function bareId(id: string): string {
  return kindOf(id) === 'ec2' ? id : id.slice(id.indexOf(':') + 1);
}
