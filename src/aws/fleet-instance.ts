import type { Instance } from '@aws-sdk/client-ec2';
import type { Billing } from '../core/billing.js';
import {
  type FleetInstance,
  type InstanceState,
  stopMarkTagKey,
  stoppedByStopinator,
} from '../core/instance.js';
import { parseStateTransitionTime, parseStopMark } from './state-transition.js';

const STATES: ReadonlySet<string> = new Set<InstanceState>([
  'pending',
  'running',
  'stopping',
  'stopped',
  'shutting-down',
  'terminated',
]);

/** The tag EC2 Auto Scaling puts on the instances it launches. */
export const ASG_TAG = 'aws:autoscaling:groupName';

/** An EC2 instance from DescribeInstances as the core sees it. */
export function toFleetInstance(instance: Instance, region: string, tagKey: string): FleetInstance {
  const id = instance.InstanceId;
  const state = instance.State?.Name;
  if (!id || !state || !STATES.has(state)) {
    throw new Error(
      `DescribeInstances returned an instance without id or known state: ${id ?? '?'} ${state ?? '?'}`,
    );
  }
  const tags: Record<string, string> = {};
  for (const tag of instance.Tags ?? []) {
    if (tag.Key !== undefined) tags[tag.Key] = tag.Value ?? '';
  }
  const markAt = parseStopMark(tags[stopMarkTagKey(tagKey)]);
  const transitionAt = parseStateTransitionTime(instance.StateTransitionReason);
  const launched = instance.LaunchTime?.getTime();
  const group = tags[ASG_TAG];
  const reason = instance.StateReason?.Code;
  const billing = ec2Billing(instance);
  const fleetInstance: FleetInstance = {
    id,
    region,
    state: state as InstanceState,
    tags,
    ...(launched !== undefined && !Number.isNaN(launched) ? { startedAt: launched } : {}),
    ...(markAt !== undefined ? { markedAt: markAt } : {}),
    // Stopping one of a group's instances would only make the group replace it.
    ...(group ? { leftAlone: `managed by Auto Scaling group ${group}` } : {}),
    ...(reason ? { stateReason: reason } : {}),
    ...(billing ? { billing } : {}),
  };
  return stoppedByStopinator(markAt, fleetInstance.state, transitionAt)
    ? { ...fleetInstance, stoppedByStopinatorAt: markAt }
    : fleetInstance;
}

/** What EC2 bills it for while it runs: its type, on its platform and tenancy. */
function ec2Billing(instance: Instance): Billing | undefined {
  if (!instance.InstanceType) return undefined;
  return {
    units: [
      {
        service: 'ec2',
        type: instance.InstanceType,
        count: 1,
        ...(instance.PlatformDetails ? { platform: instance.PlatformDetails } : {}),
        ...(instance.Placement?.Tenancy ? { tenancy: instance.Placement.Tenancy } : {}),
      },
    ],
  };
}
