import { PlacedFleet } from '../aws/account-fleet.js';
import { accountFleets } from '../aws/account-fleets.js';
import { AccountRoles } from '../aws/account-roles.js';
import { stsAssumeRole } from '../aws/sts-assume-role.js';
import { type Account, configuredAccounts, mergeAccounts, placesOf } from '../core/account.js';
import type { StopinatorConfig } from '../core/config.js';
import type { Fleet } from '../core/ports.js';
import type { PlanOptions } from './plan-options.js';
import { explainAwsError, PlanReadError } from './read-account.js';

/** Whether the plan works in member accounts. */
export function hasAccounts(config: StopinatorConfig): boolean {
  return config.accounts !== undefined || config.organization !== undefined;
}

/**
 * The member accounts to plan, with the role to assume in each: the configured ones and the
 * organization's (listed with the operator's credentials, from the management account or a
 * delegated administrator), kept to `--account` when given, each with `--role` when given.
 */
export async function planAccounts(
  config: StopinatorConfig,
  options: PlanOptions,
): Promise<Account[]> {
  let found: Account[] = [];
  const { organization } = config;
  if (organization) {
    const { organizationAccounts, organizationsList } = await import(
      '../aws/organization-accounts.js'
    );
    try {
      found = await organizationAccounts(
        organization,
        organizationsList({ maxAttempts: 3 }),
        options.stage,
      );
    } catch (error) {
      throw new PlanReadError(
        `could not list the organization's accounts (${organization.parents.join(', ')}): ${explainAwsError(error)}`,
      );
    }
  }
  let accounts = mergeAccounts(configuredAccounts(config, options.stage), found);
  if (options.accounts) {
    const wanted = options.accounts.map((a) => a.toLowerCase());
    const unknown = wanted.filter((w) => !accounts.some((a) => a.id === w || a.name === w));
    if (unknown.length > 0) {
      throw new PlanReadError(
        `--account ${unknown.join(', ')}: not among the accounts (${accounts.map((a) => a.name ?? a.id).join(', ') || 'none'})`,
      );
    }
    accounts = accounts.filter((a) => wanted.includes(a.id) || wanted.includes(a.name ?? ''));
  }
  const role = options.role;
  return role ? accounts.map((a) => ({ ...a, role })) : accounts;
}

/** The fleet over the accounts' places, each account through its role (read-only by the caller). */
export function accountsFleet(
  config: StopinatorConfig,
  accounts: readonly Account[],
  options: PlanOptions,
  hubRegion: string,
): { fleet: Fleet; places: string[] } {
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const roles = new AccountRoles({
    assumeRole: stsAssumeRole(hubRegion, { maxAttempts: 3 }),
    externalId: async () => options.externalId,
    sessionName: 'stopinator-plan',
    hubRegion,
  });
  const fleet = new PlacedFleet(
    accountFleets({
      kinds: config.resources,
      tagKey: config.tagKey,
      roles,
      accounts: () => byId,
      settings: { maxAttempts: 3 },
    }),
  );
  const places = placesOf(accounts, config.regions).filter(
    (place) => !options.regions || options.regions.some((r) => place.endsWith(`/${r}`)),
  );
  return { fleet, places };
}
