import { describe, expect, it } from 'vitest';
import {
  configuredAccounts,
  mergeAccounts,
  parsePlace,
  placeLabel,
  placeOf,
  placesOf,
} from '../../src/core/account.js';
import { parseConfig } from '../../src/core/config.js';
import { configProblems } from '../fixtures/config-problems.js';

const minimal = {
  defaultSchedule: 'office-hours',
  regions: ['eu-west-1', 'us-east-1'],
  schedules: { 'office-hours': { timezone: 'Europe/Paris', start: '08:00', stop: '20:00' } },
};

const problems = configProblems;

describe('accounts in the configuration', () => {
  it('are absent without the key: one account, as before', () => {
    const config = parseConfig(minimal);
    expect(config.accounts).toBeUndefined();
    expect(configuredAccounts(config, 'prod')).toEqual([]);
    expect(placesOf(configuredAccounts(config, 'prod'), config.regions)).toEqual([
      'eu-west-1',
      'us-east-1',
    ]);
  });

  it('take the top-level regions and the stage’s spoke role by default', () => {
    const config = parseConfig({
      ...minimal,
      accounts: [
        { id: '111111111111', name: 'dev' },
        { id: '222222222222', regions: ['eu-central-1'], role: 'ops-stopinator' },
      ],
    });
    const accounts = configuredAccounts(config, 'prod');

    expect(accounts).toEqual([
      {
        id: '111111111111',
        name: 'dev',
        regions: ['eu-west-1', 'us-east-1'],
        role: 'stopinator-spoke-prod',
      },
      { id: '222222222222', regions: ['eu-central-1'], role: 'ops-stopinator' },
    ]);
    expect(placesOf(accounts, config.regions)).toEqual([
      '111111111111/eu-west-1',
      '111111111111/us-east-1',
      '222222222222/eu-central-1',
    ]);
  });

  it('reads an id YAML took for a number, leading zeros restored', () => {
    const config = parseConfig({ ...minimal, accounts: [{ id: 12345678901 }] });
    expect(config.accounts?.[0]?.id).toBe('012345678901');
  });

  it.each([
    [
      { accounts: [{ id: '1234' }] },
      'accounts.0.id: expected a 12-digit AWS account id such as "111111111111" (in quotes) (got "1234")',
    ],
    [
      { accounts: [{ id: '111111111111', name: 'Dev Account' }] },
      'accounts.0.name: account names are lowercase letters, digits, "_" and "-", as people type them in Slack (got "Dev Account")',
    ],
    [
      { accounts: [{ id: '111111111111' }, { id: '111111111111' }] },
      'accounts.1.id: account 111111111111 is listed twice (also accounts.0)',
    ],
    [
      {
        accounts: [
          { id: '111111111111', name: 'dev' },
          { id: '222222222222', name: 'dev' },
        ],
      },
      'accounts.1.name: "dev" already names accounts.0: each account needs a name of its own',
    ],
    [
      { accounts: [{ id: '111111111111', regions: ['mars-1'] }] },
      'accounts.0.regions.0: expected an AWS region such as "eu-west-1" (got "mars-1")',
    ],
    [
      { accounts: [{ id: '111111111111', role: 'a role' }] },
      'accounts.0.role: expected an IAM role name such as "stopinator-spoke-prod" (got "a role")',
    ],
    [{ accounts: [{ id: '111111111111', colour: 'blue' }] }, 'accounts.0: unknown field "colour"'],
    [{ accounts: [] }, 'accounts: list at least one account, or leave the field out'],
    [
      { organization: { parents: ['ou-x'] } },
      'organization.parents.0: expected an organizational unit id ("ou-ab12-cdef3456") or a root id ("r-ab12") (got "ou-x")',
    ],
  ])('refuses %j', (change, expected) => {
    expect(problems({ ...minimal, ...change })).toContain(expected);
  });

  it('takes an organization’s parents, with the top-level regions by default', () => {
    const config = parseConfig({
      ...minimal,
      organization: { parents: ['ou-ab12-cdef3456', 'r-ab12'] },
    });
    expect(config.organization).toEqual({
      parents: ['ou-ab12-cdef3456', 'r-ab12'],
      regions: ['eu-west-1', 'us-east-1'],
      nested: true,
    });
    expect(
      parseConfig({ ...minimal, organization: { parents: ['r-ab12'], nested: false } }).organization
        ?.nested,
    ).toBe(false);
    expect(problems({ ...minimal, organization: { parents: ['r-ab12'], nested: 'no' } })).toContain(
      'organization.nested: expected a boolean (got "no")',
    );
  });
});

describe('places', () => {
  it('are bare regions in the hub’s account and "<id>/<region>" in a member account', () => {
    expect(placeOf('default', 'eu-west-1')).toBe('eu-west-1');
    expect(placeOf('111111111111', 'eu-west-1')).toBe('111111111111/eu-west-1');
    expect(parsePlace('eu-west-1')).toEqual({ account: 'default', region: 'eu-west-1' });
    expect(parsePlace('111111111111/eu-west-1')).toEqual({
      account: '111111111111',
      region: 'eu-west-1',
    });
  });

  it('are shown with the account’s name when it has one', () => {
    const accounts = [{ id: '111111111111', name: 'dev' }, { id: '222222222222' }];
    expect(placeLabel('111111111111/eu-west-1', accounts)).toBe('dev eu-west-1');
    expect(placeLabel('222222222222/eu-west-1', accounts)).toBe('222222222222 eu-west-1');
    expect(placeLabel('eu-west-1', accounts)).toBe('eu-west-1');
  });

  it('merge configured and discovered accounts once each, the configured entry winning', () => {
    const configured = [{ id: '1', name: 'dev', regions: ['eu-west-1'], role: 'r' }];
    const discovered = [
      { id: '1', regions: ['us-east-1'], role: 'x' },
      { id: '2', regions: ['us-east-1'], role: 'x' },
      { id: '2', regions: ['us-east-1'], role: 'x' },
    ];
    expect(mergeAccounts(configured, discovered).map((a) => a.id)).toEqual(['1', '2']);
    expect(mergeAccounts(configured, discovered)[0]?.name).toBe('dev');
  });
});
