import { KINDS, kindOf, type ResourceKind } from '../core/resource-kind.js';

/**
 * How messages say which kind a resource is. EC2 instances are most of any fleet and go
 * unlabelled; the other kinds carry their label ("RDS", "Auto Scaling group").
 */
export function kindLabel(id: string): string | undefined {
  const kind = kindOf(id);
  return kind === 'ec2' ? undefined : KINDS[kind].label;
}

/** What they are: "instance" (EC2), "database" (RDS)... while of one kind, else "resource". */
export function fleetNoun(ids: readonly string[]): string {
  const kinds = new Set(ids.map(kindOf));
  const [only = 'ec2'] = kinds;
  return kinds.size > 1 ? 'resource' : KINDS[only].noun;
}

/** "EC2 10, RDS 1, Auto Scaling group 1" in the registry's order; undefined for one kind. */
export function kindTally(ids: readonly string[]): string | undefined {
  const counts = new Map<ResourceKind, number>();
  for (const id of ids) counts.set(kindOf(id), (counts.get(kindOf(id)) ?? 0) + 1);
  if (counts.size < 2) return undefined;
  return (Object.keys(KINDS) as ResourceKind[])
    .filter((kind) => counts.has(kind))
    .map((kind) => `${KINDS[kind].label} ${counts.get(kind)}`)
    .join(', ');
}
