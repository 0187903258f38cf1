import { ListAccountsForParentCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { type Account, spokeRoleName } from '../core/account.js';
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

/** Organizations is a global service, answered in us-east-1 (aws-cn, aws-us-gov: their own). */
export function organizationsList(settings: ClientSettings = {}): ListAccountsPage {
  const client = new OrganizationsClient({
    region: 'us-east-1',
    ...RETRY_SETTINGS,
    ...settings,
    requestHandler: { ...(settings.requestHandler ?? RETRY_SETTINGS.requestHandler) },
  });
  return (input) => client.send(new ListAccountsForParentCommand(input));
}

/**
 * The active accounts directly under each parent (organizational units are not walked down:
 * list each one that takes part). Every page is read; suspended and closing accounts are left out.
 */
export async function organizationAccounts(
  organization: OrganizationConfig,
  list: ListAccountsPage,
  stage: string,
): Promise<Account[]> {
  const found: Account[] = [];
  const seen = new Set<string>();
  for (const parent of organization.parents) {
    let token: string | undefined;
    do {
      const page = await list({ ParentId: parent, ...(token ? { NextToken: token } : {}) });
      for (const a of page.Accounts ?? []) {
        const active = (a.State ?? a.Status) === 'ACTIVE';
        if (!a.Id || !active || seen.has(a.Id)) continue;
        seen.add(a.Id);
        found.push({
          id: a.Id,
          regions: organization.regions,
          role: spokeRoleName(organization, stage),
        });
      }
      token = page.NextToken;
    } while (token);
  }
  return found;
}
