import {
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { type Account, organizationAccount } from '../core/account.js';
import type { OrganizationConfig } from '../core/config.js';
import { type ClientSettings, RETRY_SETTINGS } from './retry-settings.js';

/** One page of ListAccountsForParent, as the function that lists them sees it. */
export type ListAccountsPage = (input: { ParentId: string; NextToken?: string }) => Promise<{
  readonly Accounts?: readonly {
    readonly Id?: string;
    readonly Name?: string;
    readonly Status?: string;
    readonly State?: string;
  }[];
  readonly NextToken?: string;
}>;

/** One page of ListOrganizationalUnitsForParent: the units directly under a parent. */
export type ListUnitsPage = (input: { ParentId: string; NextToken?: string }) => Promise<{
  readonly OrganizationalUnits?: readonly { readonly Id?: string }[];
  readonly NextToken?: string;
}>;

/** The two Organizations listings discovery reads. */
export interface OrganizationListings {
  readonly accounts: ListAccountsPage;
  readonly units: ListUnitsPage;
}

/**
 * Organizational units visited at most, per listing: far above real organizations (AWS
 * allows five levels below the root), and a stop to a listing that would never end.
 */
export const MAX_UNITS = 5000;

/** Discovery visited more organizational units, or took longer, than it will. */
export class OrganizationTooLargeError extends Error {
  override readonly name = 'OrganizationTooLargeError';
}

/** How long a scheduler run lets discovery take before it works the last list found instead. */
export const DISCOVERY_BUDGET_MS = 20_000;

/** Organizations is a global service, answered in us-east-1 (aws-cn, aws-us-gov: their own). */
export function organizationsList(settings: ClientSettings = {}): OrganizationListings {
  const client = new OrganizationsClient({
    region: 'us-east-1',
    ...RETRY_SETTINGS,
    ...settings,
    requestHandler: { ...(settings.requestHandler ?? RETRY_SETTINGS.requestHandler) },
  });
  return {
    accounts: (input) => client.send(new ListAccountsForParentCommand(input)),
    units: (input) => client.send(new ListOrganizationalUnitsForParentCommand(input)),
  };
}

/**
 * The active accounts under each parent: directly under it and, unless `nested` is false, in
 * every organizational unit below it (as a StackSet deployed to the unit reaches them). Every
 * page is read, each unit once; suspended and closing accounts are left out; an account found
 * twice is kept once, in the order found (parents in order, each unit before the units below it).
 */
export async function organizationAccounts(
  organization: OrganizationConfig,
  list: OrganizationListings,
  stage: string,
  limits: {
    /** When to give up (epoch ms), so that the run can still work the last list found. */
    readonly deadline?: number;
    readonly now?: () => number;
  } = {},
): Promise<Account[]> {
  const now = limits.now ?? Date.now;
  const found: Account[] = [];
  const seen = new Set<string>();
  const visited = new Set<string>();
  const queue = [...organization.parents];
  const under = organization.parents.join(', ');
  for (let parent = queue.shift(); parent !== undefined; parent = queue.shift()) {
    if (visited.has(parent)) continue;
    visited.add(parent);
    if (visited.size > MAX_UNITS) {
      throw new OrganizationTooLargeError(
        `more than ${MAX_UNITS} organizational units under ${under}`,
      );
    }
    if (limits.deadline !== undefined && now() > limits.deadline) {
      throw new OrganizationTooLargeError(
        `listing ${under} took too long (stopped after ${visited.size - 1} parents and units below them): set organization.nested: false, or name the units that take part`,
      );
    }
    await eachPage(list.accounts, parent, (page) => {
      for (const a of page.Accounts ?? []) {
        const active = (a.State ?? a.Status) === 'ACTIVE';
        if (!a.Id || !active || seen.has(a.Id)) continue;
        seen.add(a.Id);
        found.push(organizationAccount(organization, stage, a.Id));
      }
    });
    if (organization.nested === false) continue;
    await eachPage(list.units, parent, (page) => {
      for (const unit of page.OrganizationalUnits ?? []) if (unit.Id) queue.push(unit.Id);
    });
  }
  return found;
}

async function eachPage<P extends { readonly NextToken?: string }>(
  list: (input: { ParentId: string; NextToken?: string }) => Promise<P>,
  parent: string,
  use: (page: P) => void,
): Promise<void> {
  let token: string | undefined;
  do {
    const page = await list({ ParentId: parent, ...(token ? { NextToken: token } : {}) });
    use(page);
    token = page.NextToken;
  } while (token);
}
