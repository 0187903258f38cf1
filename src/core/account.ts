import type { AccountConfig, OrganizationConfig, StopinatorConfig } from './config.js';

/**
 * Many accounts. The scheduler's unit of work stays the region, as a *place*: a region of the
 * hub's own account is its name ("eu-west-1", so a single-account table reads as before), a
 * region of a member account is "<account id>/<region>" ("111111111111/eu-west-1"). Cursors,
 * the fleet index, outages and resource keys are per place, so they are exact per (account,
 * region) without knowing about accounts; the fleet turns a place back into credentials and a
 * region. An account's cursor and pending actions are its own (see the table's keys).
 */
export type Place = string;

/** The scope of the hub's own account: the state items of a single-account stopinator. */
export const HUB_ACCOUNT = 'default';

/** A member account the scheduler works in, its role name resolved. */
export interface Account {
  readonly id: string;
  readonly name?: string;
  readonly regions: readonly string[];
  /** The role's name in the account. */
  readonly role: string;
}

/** The spoke role's default name: the spoke stack makes it (spoke/serverless.yml). */
export function defaultSpokeRole(stage: string): string {
  return `stopinator-spoke-${stage}`;
}

export function spokeRoleName(account: { readonly role?: string }, stage: string): string {
  return account.role ?? defaultSpokeRole(stage);
}

/** An account found in the organization: its regions and role are the organization's. */
export function organizationAccount(
  organization: OrganizationConfig,
  stage: string,
  id: string,
): Account {
  return { id, regions: organization.regions, role: spokeRoleName(organization, stage) };
}

/** The configured accounts with their role names; empty without `accounts`. */
export function configuredAccounts(config: StopinatorConfig, stage: string): Account[] {
  return (config.accounts ?? []).map((a: AccountConfig) => ({
    id: a.id,
    ...(a.name ? { name: a.name } : {}),
    regions: a.regions,
    role: spokeRoleName(a, stage),
  }));
}

export function placeOf(account: string, region: string): Place {
  return account === HUB_ACCOUNT ? region : `${account}/${region}`;
}

/** The account ("default" for the hub's own) and the AWS region of a place. */
export function parsePlace(place: Place): { readonly account: string; readonly region: string } {
  const slash = place.indexOf('/');
  return slash < 0
    ? { account: HUB_ACCOUNT, region: place }
    : { account: place.slice(0, slash), region: place.slice(slash + 1) };
}

export function regionOfPlace(place: Place): string {
  return parsePlace(place).region;
}

export function accountOfPlace(place: Place): string {
  return parsePlace(place).account;
}

/** Every place of these accounts; the hub's own regions when there are none. */
export function placesOf(accounts: readonly Account[], hubRegions: readonly string[]): Place[] {
  if (accounts.length === 0) return [...hubRegions];
  return accounts.flatMap((a) => a.regions.map((r) => placeOf(a.id, r)));
}

/** How people see a place: "dev eu-west-1" (the account's name, else its id), or the region. */
export function placeLabel(
  place: Place,
  accounts: readonly Pick<Account, 'id' | 'name'>[],
): string {
  const { account, region } = parsePlace(place);
  if (account === HUB_ACCOUNT) return region;
  const name = accounts.find((a) => a.id === account)?.name ?? account;
  return `${name} ${region}`;
}

/** The accounts of the configuration and the discovered ones, each once (configured first). */
export function mergeAccounts(
  configured: readonly Account[],
  discovered: readonly Account[],
): Account[] {
  const seen = new Set(configured.map((a) => a.id));
  return [...configured, ...discovered.filter((a) => !seen.has(a.id) && seen.add(a.id))];
}

/** An account as people name it in Slack: its configured name, else its id. */
export interface KnownAccount {
  readonly id: string;
  readonly name?: string;
}

const ACCOUNT_ID = /^\d{12}$/;

export function isAccountId(text: string): boolean {
  return ACCOUNT_ID.test(text);
}

/** "dev", or the id of an account without a name (found in the organization). */
export function accountLabel(account: KnownAccount): string {
  return account.name ?? account.id;
}

/**
 * The member accounts the bot knows: the configured ones (with their names), then those the
 * places of the fleet index name (found in the organization: by id only). Empty for a
 * single-account stopinator.
 */
export function knownAccounts(
  config: Pick<StopinatorConfig, 'accounts'>,
  places: Iterable<Place>,
): KnownAccount[] {
  const known: KnownAccount[] = (config.accounts ?? []).map((a) => ({
    id: a.id,
    ...(a.name ? { name: a.name } : {}),
  }));
  const seen = new Set(known.map((a) => a.id));
  for (const place of places) {
    const id = accountOfPlace(place);
    if (id === HUB_ACCOUNT || seen.has(id)) continue;
    seen.add(id);
    known.push({ id });
  }
  return known;
}

/** The account typed (its name in any case, or its id), among the known ones. */
export function findAccount(
  typed: string,
  accounts: readonly KnownAccount[],
): KnownAccount | undefined {
  const lower = typed.trim().toLowerCase();
  return accounts.find((a) => a.id === lower || a.name?.toLowerCase() === lower);
}

/**
 * The places the bot lists or looks up in: the hub's regions for a single-account stopinator;
 * else the configured accounts' places and, with an organization, those of the fleet index
 * (the accounts the scheduler found). The hub's own account is not worked then.
 */
export function workedPlaces(
  config: Pick<StopinatorConfig, 'accounts' | 'organization' | 'regions'>,
  indexPlaces: Iterable<Place> = [],
): Place[] {
  if (!config.accounts && !config.organization) return [...config.regions];
  const places = (config.accounts ?? []).flatMap((a) => a.regions.map((r) => placeOf(a.id, r)));
  const seen = new Set(places);
  if (config.organization) {
    for (const place of indexPlaces) {
      if (accountOfPlace(place) === HUB_ACCOUNT || seen.has(place)) continue;
      seen.add(place);
      places.push(place);
    }
  }
  return places;
}

/** The member accounts of these places, each once, by id (the hub's own left out). */
export function memberAccountsOf(places: Iterable<Place>): string[] {
  const ids = new Set<string>();
  for (const place of places) {
    const id = accountOfPlace(place);
    if (id !== HUB_ACCOUNT) ids.add(id);
  }
  return [...ids].sort();
}
