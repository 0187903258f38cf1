import type { StopinatorConfig } from '../../core/config.js';
import { type FleetInstance, participation } from '../../core/instance.js';
import type { Fleet } from '../../core/ports.js';
import { type Selector, selectorMatches } from '../../core/selector.js';

/** Every region listed in parallel: one paginated DescribeInstances each. */
export async function listFleet(fleet: Fleet, config: StopinatorConfig): Promise<FleetInstance[]> {
  const perRegion = await Promise.all(config.regions.map((region) => fleet.listInstances(region)));
  return perRegion.flat();
}

export function matching(
  instances: readonly FleetInstance[],
  selector: Selector,
  config: StopinatorConfig,
): FleetInstance[] {
  return instances.filter((instance) => {
    const taking = participation(instance, config);
    return selectorMatches(
      selector,
      instance,
      taking.kind === 'scheduled' ? taking.schedule.name : undefined,
    );
  });
}
