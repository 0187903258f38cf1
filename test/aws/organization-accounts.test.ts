import { describe, expect, it } from 'vitest';
import {
  type ListAccountsPage,
  type ListUnitsPage,
  MAX_UNITS,
  OrganizationTooLargeError,
  organizationAccounts,
} from '../../src/aws/organization-accounts.js';

type AccountsPage = Awaited<ReturnType<ListAccountsPage>>;
type UnitsPage = Awaited<ReturnType<ListUnitsPage>>;

/** Listings answered from pages keyed "<parent>:<token>", each call written down. */
function listings(accounts: Record<string, AccountsPage>, units: Record<string, UnitsPage> = {}) {
  const asked: string[] = [];
  return {
    asked,
    list: {
      accounts: async ({ ParentId, NextToken }: { ParentId: string; NextToken?: string }) => {
        asked.push(`accounts ${ParentId}:${NextToken ?? ''}`);
        return accounts[`${ParentId}:${NextToken ?? ''}`] ?? {};
      },
      units: async ({ ParentId, NextToken }: { ParentId: string; NextToken?: string }) => {
        asked.push(`units ${ParentId}:${NextToken ?? ''}`);
        return units[`${ParentId}:${NextToken ?? ''}`] ?? {};
      },
    },
  };
}

const account = (id: string) => ({ id, regions: ['eu-west-1'], role: 'stopinator-spoke-prod' });

describe('organizationAccounts', () => {
  it('reads every page of each parent, keeps the active accounts once, with the organization’s regions and role', async () => {
    // Prepare
    const { asked, list } = listings({
      'ou-ab12-cdef3456:': {
        Accounts: [
          { Id: '111111111111', Status: 'ACTIVE' },
          { Id: '222222222222', Status: 'SUSPENDED' },
        ],
        NextToken: 'p2',
      },
      'ou-ab12-cdef3456:p2': { Accounts: [{ Id: '333333333333', State: 'ACTIVE' }] },
      'r-ab12:': {
        Accounts: [
          { Id: '111111111111', Status: 'ACTIVE' },
          { Id: '444444444444', State: 'PENDING_CLOSURE', Status: 'ACTIVE' },
        ],
      },
    });

    // Act
    const accounts = await organizationAccounts(
      { parents: ['ou-ab12-cdef3456', 'r-ab12'], regions: ['eu-west-1'], nested: false },
      list,
      'prod',
    );

    // Assess
    expect(asked).toEqual([
      'accounts ou-ab12-cdef3456:',
      'accounts ou-ab12-cdef3456:p2',
      'accounts r-ab12:',
    ]);
    expect(accounts).toEqual([account('111111111111'), account('333333333333')]);
  });

  it('walks down every organizational unit below a parent, every page of units, each unit once', async () => {
    // Prepare: r-ab12 > ou-a (> ou-a1 > ou-a1x), ou-b (on a second page of units); ou-a is also
    // named as a parent, so it is met twice.
    const { asked, list } = listings(
      {
        'r-ab12:': { Accounts: [{ Id: '100000000000', State: 'ACTIVE' }] },
        'ou-a:': { Accounts: [{ Id: '200000000000', State: 'ACTIVE' }] },
        'ou-b:': { Accounts: [{ Id: '300000000000', State: 'ACTIVE' }] },
        'ou-a1:': {
          Accounts: [
            { Id: '400000000000', State: 'SUSPENDED' },
            { Id: '200000000000', State: 'ACTIVE' },
          ],
        },
        'ou-a1x:': { Accounts: [{ Id: '500000000000', State: 'ACTIVE' }] },
      },
      {
        'r-ab12:': { OrganizationalUnits: [{ Id: 'ou-a' }], NextToken: 'u2' },
        'r-ab12:u2': { OrganizationalUnits: [{ Id: 'ou-b' }, {}] },
        'ou-a:': { OrganizationalUnits: [{ Id: 'ou-a1' }] },
        'ou-a1:': { OrganizationalUnits: [{ Id: 'ou-a1x' }] },
      },
    );

    // Act
    const accounts = await organizationAccounts(
      { parents: ['r-ab12', 'ou-a'], regions: ['eu-west-1'], nested: true },
      list,
      'prod',
    );

    // Assess
    expect(accounts).toEqual(
      ['100000000000', '200000000000', '300000000000', '500000000000'].map(account),
    );
    const accountListings = asked.filter((a) => a.startsWith('accounts'));
    expect(accountListings).toEqual([
      'accounts r-ab12:',
      'accounts ou-a:',
      'accounts ou-b:',
      'accounts ou-a1:',
      'accounts ou-a1x:',
    ]);
    expect(asked.filter((a) => a.startsWith('units'))).toEqual([
      'units r-ab12:',
      'units r-ab12:u2',
      'units ou-a:',
      'units ou-b:',
      'units ou-a1:',
      'units ou-a1x:',
    ]);
  });

  it('stops, saying so, rather than walk an organization past its bound', async () => {
    // Prepare: every unit has a new unit under it, without end.
    let made = 0;
    const list = {
      accounts: async () => ({ Accounts: [] }),
      units: async () => ({ OrganizationalUnits: [{ Id: `ou-${++made}` }] }),
    };

    // Act
    const walking = organizationAccounts(
      { parents: ['r-ab12'], regions: ['eu-west-1'], nested: true },
      list,
      'prod',
    );

    // Assess
    await expect(walking).rejects.toThrow(OrganizationTooLargeError);
    await expect(walking).rejects.toThrow(`more than ${MAX_UNITS} organizational units`);
    expect(made).toBe(MAX_UNITS);
  });
});

describe('organizationAccounts within a deadline', () => {
  it('gives up when the walk outlasts it, so that the run works the last list found', async () => {
    // Prepare: each listing takes 1 s of a clock that the deadline reads; 2.5 s allowed.
    let clock = 0;
    const slow = async <T>(value: T) => {
      clock += 1000;
      return value;
    };
    const list = {
      accounts: () => slow({ Accounts: [{ Id: '100000000000', State: 'ACTIVE' }] }),
      units: ({ ParentId }: { ParentId: string }) =>
        slow({ OrganizationalUnits: [{ Id: `${ParentId}-a` }, { Id: `${ParentId}-b` }] }),
    };

    // Act
    const walking = organizationAccounts(
      { parents: ['r-ab12'], regions: ['eu-west-1'], nested: true },
      list,
      'prod',
      { deadline: 2500, now: () => clock },
    );

    // Assess
    await expect(walking).rejects.toThrow(
      'listing r-ab12 took too long (stopped after 2 parents and units below them): set organization.nested: false, or name the units that take part',
    );
  });
});
