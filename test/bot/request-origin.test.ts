import { describe, expect, it } from 'vitest';
import { requestOrigin } from '../../src/bot/request-origin.js';

describe('where a request comes from', () => {
  it('a slash command: team, organisation, and the user’s team when Slack sends it', () => {
    expect(
      requestOrigin({
        command: '/stopinator',
        team_id: 'T0HOME',
        enterprise_id: 'E0ORG',
        user_id: 'U0ALICE',
        user_team: 'T0OTHER',
        channel_id: 'C0X',
      }),
    ).toEqual({
      kind: 'command',
      request: { teamId: 'T0HOME', enterpriseId: 'E0ORG' },
      person: { teamId: 'T0OTHER' },
      userId: 'U0ALICE',
      channelId: 'C0X',
    });
  });

  it('a slash command outside Enterprise Grid: an empty enterprise_id is no organisation', () => {
    const origin = requestOrigin({ command: '/stopinator', team_id: 'T0HOME', enterprise_id: '' });
    expect(origin.request).toEqual({ teamId: 'T0HOME' });
    expect(origin.person).toEqual({});
  });

  it('a button click in an org-wide install: team is null, the organisation decides', () => {
    expect(
      requestOrigin({
        type: 'block_actions',
        team: null,
        enterprise: { id: 'E0ORG', name: 'org' },
        user: { id: 'U0ALICE', team_id: 'T0HOME' },
        container: { channel_id: 'C0X' },
      }),
    ).toEqual({
      kind: 'interaction',
      request: { enterpriseId: 'E0ORG' },
      person: { teamId: 'T0HOME' },
      userId: 'U0ALICE',
      channelId: 'C0X',
    });
  });

  it('a button click in a workspace of an organisation', () => {
    const origin = requestOrigin({
      type: 'block_actions',
      team: { id: 'T0HOME', enterprise_id: 'E0ORG' },
      user: { id: 'U0ALICE', team_id: 'T0HOME' },
      channel: { id: 'C0Y' },
    });
    expect(origin.request).toEqual({ teamId: 'T0HOME', enterpriseId: 'E0ORG' });
    expect(origin.channelId).toBe('C0Y');
  });

  it('anything else: nothing known', () => {
    expect(requestOrigin(undefined)).toEqual({ kind: 'other', request: {}, person: {} });
  });
});
