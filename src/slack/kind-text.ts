import { KINDS, kindOf, type ResourceKind } from '../core/resource-kind.js';

/**
 * How messages say which kind a resource is. EC2 instances are most of any fleet and go
 * unlabelled; the other kinds carry their label ("RDS", "Auto Scaling group").
 */
export function kindLabel(id: string): string | undefined {
  const kind = kindOf(id);
  return kind === 'ec2' ? undefined : KINDS[kind].label;
}

/** "instance" while every resource is an EC2 instance, "resource" once kinds mix. */
export function fleetNoun(ids: readonly string[]): string {
  return ids.every((id) => kindOf(id) === 'ec2') ? 'instance' : 'resource';
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
