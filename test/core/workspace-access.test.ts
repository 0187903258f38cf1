import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config.js';
import {
  checkWorkspace,
  type SlackHome,
  type WorkspacePolicy,
} from '../../src/core/workspace-access.js';

const NONE: WorkspacePolicy = {};
const LISTED: WorkspacePolicy = { workspaces: ['T0HOME', 'T0SECOND'] };
const ORG: WorkspacePolicy = { enterprise: 'E0ORG' };
const BOTH: WorkspacePolicy = { workspaces: ['T0HOME'], enterprise: 'E0ORG' };

const home: SlackHome = { teamId: 'T0HOME' };

describe('the workspace check', () => {
  it.each<[string, WorkspacePolicy, SlackHome, SlackHome | undefined, boolean]>([
    ['nothing configured: any workspace, its own people', NONE, home, { teamId: 'T0HOME' }, true],
    ['nothing configured: person unknown', NONE, { teamId: 'T0ANY' }, undefined, true],
    ['nothing configured: a Slack Connect user', NONE, home, { teamId: 'T0OTHER' }, false],
    [
      'nothing configured: same Grid org, other workspace',
      NONE,
      { teamId: 'T0HOME', enterpriseId: 'E0ORG' },
      { teamId: 'T0OTHER', enterpriseId: 'E0ORG' },
      true,
    ],
    ['listed: a listed workspace', LISTED, { teamId: 'T0SECOND' }, { teamId: 'T0SECOND' }, true],
    ['listed: a person of another listed workspace', LISTED, home, { teamId: 'T0SECOND' }, true],
    ['listed: an unlisted workspace', LISTED, { teamId: 'T0ELSE' }, undefined, false],
    ['listed: an unlisted person', LISTED, home, { teamId: 'T0ELSE' }, false],
    ['listed: no team in the request', LISTED, {}, undefined, false],
    [
      'org: a workspace of the org',
      ORG,
      { teamId: 'T0ANY', enterpriseId: 'E0ORG' },
      undefined,
      true,
    ],
    ['org: not in the org', ORG, { teamId: 'T0ANY' }, undefined, false],
    ['org: another org', ORG, { teamId: 'T0ANY', enterpriseId: 'E0ELSE' }, undefined, false],
    [
      'org: a person of the org from another workspace',
      ORG,
      { teamId: 'T0HOME', enterpriseId: 'E0ORG' },
      { teamId: 'T0ELSE', enterpriseId: 'E0ORG' },
      true,
    ],
    [
      'org: a person of another org',
      ORG,
      { teamId: 'T0HOME', enterpriseId: 'E0ORG' },
      { teamId: 'T0ELSE', enterpriseId: 'E0ELSE' },
      false,
    ],
    ['org-wide install: no team, right org', BOTH, { enterpriseId: 'E0ORG' }, undefined, true],
    [
      'both: listed team in the org',
      BOTH,
      { teamId: 'T0HOME', enterpriseId: 'E0ORG' },
      undefined,
      true,
    ],
    [
      'both: unlisted team in the org',
      BOTH,
      { teamId: 'T0ELSE', enterpriseId: 'E0ORG' },
      undefined,
      false,
    ],
  ])('%s', (_label, policy, request, person, allowed) => {
    expect(checkWorkspace(policy, request, person).allowed).toBe(allowed);
  });

  it('says why, in words for the person', () => {
    expect(checkWorkspace(NONE, home, { teamId: 'T0OTHER' })).toEqual({
      allowed: false,
      why: expect.stringContaining('people from other organisations (Slack Connect) cannot use it'),
    });
    expect(checkWorkspace(LISTED, { teamId: 'T0ELSE' })).toEqual({
      allowed: false,
      why: 'the stopinator answers only its own Slack workspace',
    });
  });
});

describe('the Slack access configuration', () => {
  const minimal = {
    defaultSchedule: 'office-hours',
    regions: ['eu-west-1'],
    schedules: { 'office-hours': { timezone: 'Europe/Paris', stop: '20:00' } },
  };
  const problems = (extra: Record<string, unknown>) => {
    try {
      parseConfig({ ...minimal, ...extra }, 'test');
      return [];
    } catch (error) {
      return [...(error as { problems: string[] }).problems];
    }
  };

  it('defaults: every workspace with its own people, no guests', () => {
    const config = parseConfig(minimal);
    expect(config.slack.workspaces).toBeUndefined();
    expect(config.slack.enterprise).toBeUndefined();
    expect(config.permissions.guests).toBe(false);
  });

  it('reads workspaces, the organisation and guests', () => {
    const config = parseConfig({
      ...minimal,
      slack: { workspaces: ['T0123ABCD', 'T0123ABCD', 'T0456EFGH'], enterprise: 'E0123ABCD' },
      permissions: { guests: true },
    });
    expect(config.slack.workspaces).toEqual(['T0123ABCD', 'T0456EFGH']);
    expect(config.slack.enterprise).toBe('E0123ABCD');
    expect(config.permissions.guests).toBe(true);
    expect(config.permissions.snooze).toEqual({});
  });

  it.each([
    [
      { slack: { workspaces: ['acme'] } },
      'slack.workspaces.0: expected a Slack workspace (team) id such as "T0123ABCD" (got "acme")',
    ],
    [
      { slack: { workspaces: [] } },
      'slack.workspaces: list at least one workspace id, or leave the field out',
    ],
    [{ slack: { workspaces: 'T0123ABCD' } }, 'slack.workspaces: expected a list (got "T0123ABCD")'],
    [
      { slack: { enterprise: 'T0123ABCD' } },
      'slack.enterprise: expected a Slack Enterprise Grid (org) id such as "E0123ABCD" (got "T0123ABCD")',
    ],
    [{ permissions: { guests: 'yes' } }, 'permissions.guests: expected true or false (got "yes")'],
  ])('names the field: %j', (extra, expected) => {
    expect(problems(extra)).toContain(expected);
  });
});
