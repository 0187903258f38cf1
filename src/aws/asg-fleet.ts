import {
  type AutoScalingClient,
  type AutoScalingGroup,
  CreateOrUpdateTagsCommand,
  DeleteTagsCommand,
  paginateDescribeAutoScalingGroups,
  UpdateAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import type { Billing } from '../core/billing.js';
import { capacityTagKey, type FleetInstance, stopMarkTagKey } from '../core/instance.js';
import type { ActionOutcome } from '../core/ports.js';
import { bareId, qualifiedId } from '../core/resource-kind.js';
import { answersLookUp, eachLimited, type KindFleet, outcomeOf } from './kind-fleet.js';
import { formatStopMark, parseStopMark } from './state-transition.js';

export { capacityTagKey };

/** Auto Scaling resizes and tags one group a call: a few at a time. */
export const PARALLEL_CALLS = 5;
/** DescribeAutoScalingGroups takes MaxRecords up to 100. */
export const PAGE_SIZE = 100;

/** A group's min, desired and max, saved on the group while the stopinator holds it at 0. */
export interface Capacity {
  readonly min: number;
  readonly desired: number;
  readonly max: number;
}

/** "1/2/3": min/desired/max. */
export function formatCapacity(c: Capacity): string {
  return `${c.min}/${c.desired}/${c.max}`;
}

export function parseCapacity(text: string | undefined): Capacity | undefined {
  const match = /^(\d{1,6})\/(\d{1,6})\/(\d{1,6})$/.exec(text?.trim() ?? '');
  if (!match) return undefined;
  const [min, desired, max] = match.slice(1).map(Number) as [number, number, number];
  return min <= desired && desired <= max ? { min, desired, max } : undefined;
}

/** A group the stopinator may not start: a person changed its capacity while it was stopped. */
export class ResizedByHandError extends Error {
  override readonly name = 'ResizedByHand';
}

/**
 * EC2 Auto Scaling groups: stopped by saving min/desired/max in a tag on the group and setting
 * them to 0/0/0; started by restoring exactly what was saved. The group's instances are the
 * group's business (the EC2 adapter leaves them alone).
 */
export class AsgFleet implements KindFleet {
  readonly kind = 'asg' as const;
  readonly #markKey: string;
  readonly #capacityKey: string;
  readonly #groups = new Map<string, AutoScalingGroup>();

  constructor(
    private readonly options: {
      readonly clientFor: (region: string) => AutoScalingClient;
      readonly tagKey: string;
      readonly unmarkOnStart?: boolean;
    },
  ) {
    this.#markKey = stopMarkTagKey(options.tagKey);
    this.#capacityKey = capacityTagKey(options.tagKey);
  }

  async list(region: string): Promise<FleetInstance[]> {
    const found: FleetInstance[] = [];
    for await (const page of paginateDescribeAutoScalingGroups(
      { client: this.options.clientFor(region), pageSize: PAGE_SIZE },
      { Filters: [{ Name: 'tag-key', Values: [this.options.tagKey] }] },
    )) {
      for (const group of page.AutoScalingGroups ?? []) {
        if (!group.AutoScalingGroupName) continue;
        this.#groups.set(`${region}/${group.AutoScalingGroupName}`, group);
        found.push(this.#resourceOf(region, group));
      }
    }
    return found;
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
    const groups = await this.#groupsOf(region, ids);
    return eachLimited(ids, PARALLEL_CALLS, (id) =>
      outcomeOf(id, async () => {
        const name = bareId(id);
        const group = groups.get(id);
        if (!group)
          throw Object.assign(new Error(`${name} is not listed in ${region}`), {
            name: 'NotFound',
          });
        const capacity = {
          min: group.MinSize ?? 0,
          desired: group.DesiredCapacity ?? 0,
          max: group.MaxSize ?? 0,
        };
        // Saved first, mark or not: should the resize fail half way, or a person want the
        // group back, the capacity is still known. Without the mark it counts as stopped by hand.
        await client.send(
          new CreateOrUpdateTagsCommand({
            Tags: [
              this.#tag(name, this.#capacityKey, formatCapacity(capacity)),
              ...(options.mark ? [this.#tag(name, this.#markKey, formatStopMark(at))] : []),
            ],
          }),
        );
        if (!options.mark && tagsOf(group)[this.#markKey] !== undefined) {
          await client.send(new DeleteTagsCommand({ Tags: [this.#tag(name, this.#markKey)] }));
        }
        await client.send(
          new UpdateAutoScalingGroupCommand({
            AutoScalingGroupName: name,
            MinSize: 0,
            DesiredCapacity: 0,
            MaxSize: 0,
          }),
        );
      }),
    );
  }

  async start(region: string, ids: readonly string[]): Promise<ActionOutcome[]> {
    const client = this.options.clientFor(region);
    // Fresh: the capacity saved at the stop, and the group's capacity now.
    await this.list(region);
    return eachLimited(ids, PARALLEL_CALLS, (id) =>
      outcomeOf(id, async () => {
        const name = bareId(id);
        const group = this.#groups.get(`${region}/${name}`);
        const tags = tagsOf(group);
        const saved = parseCapacity(tags[this.#capacityKey]);
        if (!group || !saved) {
          throw Object.assign(new Error(`${name} has no saved capacity to restore`), {
            name: 'NoSavedCapacity',
          });
        }
        if ((group.MinSize ?? 0) + (group.DesiredCapacity ?? 0) + (group.MaxSize ?? 0) > 0) {
          throw new ResizedByHandError(
            `${name} was resized to ${group.MinSize}/${group.DesiredCapacity}/${group.MaxSize} while stopped; left as it is`,
          );
        }
        await client.send(
          new UpdateAutoScalingGroupCommand({
            AutoScalingGroupName: name,
            MinSize: saved.min,
            DesiredCapacity: saved.desired,
            MaxSize: saved.max,
          }),
        );
        if (this.options.unmarkOnStart !== false) {
          await client
            .send(
              new DeleteTagsCommand({
                Tags: [this.#tag(name, this.#capacityKey), this.#tag(name, this.#markKey)],
              }),
            )
            .catch(() => {});
        }
      }),
    );
  }

  async #groupsOf(region: string, ids: readonly string[]): Promise<Map<string, AutoScalingGroup>> {
    if (ids.some((id) => !this.#groups.has(`${region}/${bareId(id)}`))) await this.list(region);
    return new Map(
      ids.flatMap((id) => {
        const group = this.#groups.get(`${region}/${bareId(id)}`);
        return group ? [[id, group] as const] : [];
      }),
    );
  }

  #resourceOf(region: string, group: AutoScalingGroup): FleetInstance {
    const tags = tagsOf(group);
    const zero = (group.MinSize ?? 0) + (group.DesiredCapacity ?? 0) + (group.MaxSize ?? 0) === 0;
    const markedAt = parseStopMark(tags[this.#markKey]);
    const saved = parseCapacity(tags[this.#capacityKey]);
    const ours = markedAt !== undefined && saved !== undefined;
    const now = `${group.MinSize}/${group.DesiredCapacity}/${group.MaxSize}`;
    return {
      id: qualifiedId('asg', group.AutoScalingGroupName ?? ''),
      region,
      state: zero ? 'stopped' : 'running',
      tags,
      ...(markedAt !== undefined ? { markedAt } : {}),
      ...(zero && ours ? { stoppedByStopinatorAt: markedAt } : {}),
      // Up although its capacity was saved: a person (or a wake) resized it while stopped.
      ...(!zero && ours && saved && formatCapacity(saved) !== now
        ? { stateReason: `resized to ${now} while stopped; saved ${formatCapacity(saved)}` }
        : {}),
      billing: groupBilling(group),
    };
  }

  #tag(group: string, key: string, value?: string) {
    return {
      ResourceId: group,
      ResourceType: 'auto-scaling-group',
      Key: key,
      ...(value !== undefined ? { Value: value, PropagateAtLaunch: false } : {}),
    };
  }
}

/**
 * The group's instances by type, as listed (none once it is at 0: its stop event keeps what it
 * ran before). DescribeAutoScalingGroups does not say their platform: priced as Linux on
 * shared tenancy, the Price List's default (README, Savings).
 */
function groupBilling(group: AutoScalingGroup): Billing {
  const counts = new Map<string, number>();
  for (const i of group.Instances ?? []) {
    if (!i.InstanceType) continue;
    if (i.LifecycleState?.startsWith('Terminat')) continue;
    counts.set(i.InstanceType, (counts.get(i.InstanceType) ?? 0) + 1);
  }
  return {
    units: [...counts].map(([type, count]) => ({ service: 'ec2' as const, type, count })),
  };
}

function tagsOf(group: AutoScalingGroup | undefined): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const tag of group?.Tags ?? []) if (tag.Key !== undefined) tags[tag.Key] = tag.Value ?? '';
  return tags;
}
