import { HUB_ACCOUNT, type Place, parsePlace } from '../core/account.js';
import type { FleetInstance } from '../core/instance.js';
import type { ActionOutcome, Fleet } from '../core/ports.js';

/**
 * The fleet over places (see account.ts): a place names an account and a region; each call
 * goes to that account's fleet, in that region, and what it lists carries the place as its
 * region, so keys, cursors and the index stay apart per (account, region). The hub's own
 * places are bare regions and pass through unchanged.
 */
export class PlacedFleet implements Fleet {
  readonly #fleets = new Map<string, Fleet>();

  /** `fleetFor`: the fleet of an account ("default": the hub's own), made once each. */
  constructor(private readonly fleetFor: (account: string) => Fleet) {}

  async listInstances(place: Place): Promise<FleetInstance[]> {
    const { account, region } = parsePlace(place);
    return placed(await this.#fleet(account).listInstances(region), place, account);
  }

  async lookUp(
    place: Place,
    query: { readonly name?: string; readonly ids?: readonly string[] },
  ): Promise<FleetInstance[]> {
    const { account, region } = parsePlace(place);
    return placed(await this.#fleet(account).lookUp(region, query), place, account);
  }

  stopInstances(
    place: Place,
    ids: readonly string[],
    at: number,
    options?: { readonly mark?: boolean },
  ): Promise<ActionOutcome[]> {
    const { account, region } = parsePlace(place);
    return this.#fleet(account).stopInstances(region, ids, at, options);
  }

  startInstances(place: Place, ids: readonly string[]): Promise<ActionOutcome[]> {
    const { account, region } = parsePlace(place);
    return this.#fleet(account).startInstances(region, ids);
  }

  #fleet(account: string): Fleet {
    let fleet = this.#fleets.get(account);
    if (!fleet) {
      fleet = this.fleetFor(account);
      this.#fleets.set(account, fleet);
    }
    return fleet;
  }
}

function placed(instances: FleetInstance[], place: Place, account: string): FleetInstance[] {
  return account === HUB_ACCOUNT ? instances : instances.map((i) => ({ ...i, region: place }));
}
