import { type Account, HUB_ACCOUNT } from '../core/account.js';
import type { Fleet } from '../core/ports.js';
import type { ResourceKind } from '../core/resource-kind.js';
import { type AccountRoles, AccountUnreachableError } from './account-roles.js';
import { ec2ClientsByRegion } from './ec2-clients.js';
import { kindClients, resourceFleet } from './kinds.js';
import type { ClientSettings } from './retry-settings.js';

/**
 * The fleet of each account, for PlacedFleet: the hub's own with the function's credentials,
 * a member's with its spoke role's (assumed on first use, see account-roles.ts). An account
 * the configuration does not know (any more) has no fleet: its calls fail, naming it.
 */
export function accountFleets(options: {
  readonly kinds: readonly ResourceKind[];
  readonly tagKey: string;
  readonly roles: AccountRoles;
  /** The accounts known now (configured and discovered), by id. */
  readonly accounts: () => Pick<ReadonlyMap<string, Account>, 'get'>;
  readonly unmarkOnStart?: boolean;
  /** False for the bot (see resourceFleet). */
  readonly priced?: boolean;
  readonly settings?: ClientSettings;
  readonly pageSize?: number;
}): (account: string) => Fleet {
  const { kinds, tagKey, settings = {} } = options;
  const extra = {
    ...(options.unmarkOnStart === false ? { unmarkOnStart: false } : {}),
    ...(options.priced === false ? { priced: false } : {}),
    ...(options.pageSize ? { pageSize: options.pageSize } : {}),
  };
  return (id) => {
    if (id === HUB_ACCOUNT) {
      return resourceFleet({
        kinds,
        tagKey,
        clients: { ec2: ec2ClientsByRegion(settings), ...kindClients(settings) },
        ...extra,
      });
    }
    const account = options.accounts().get(id);
    if (!account) return unknownAccount(id);
    const credentials = options.roles.credentialsFor(account);
    const own = { ...settings, credentials };
    return resourceFleet({
      kinds,
      tagKey,
      clients: { ec2: ec2ClientsByRegion(own), ...kindClients(own) },
      ...extra,
    });
  };
}

function unknownAccount(id: string): Fleet {
  const refuse = () =>
    Promise.reject(
      new AccountUnreachableError(
        id,
        `account ${id}`,
        new Error('not among the configured accounts'),
      ),
    );
  return {
    listInstances: refuse,
    lookUp: refuse,
    stopInstances: refuse,
    startInstances: refuse,
  };
}
