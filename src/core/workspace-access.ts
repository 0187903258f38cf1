import type { AccessVerdict } from './access.js';
import type { StopinatorConfig } from './config.js';

/** Where a Slack request, or the person behind it, belongs: a workspace and its organisation. */
export interface SlackHome {
  readonly teamId?: string;
  readonly enterpriseId?: string;
}

export type WorkspacePolicy = Pick<StopinatorConfig['slack'], 'workspaces' | 'enterprise'>;

const OTHER_WORKSPACE = 'the stopinator answers only its own Slack workspace';
const OTHER_ORGANISATION =
  'the stopinator answers only members of its own workspace; people from other organisations (Slack Connect) cannot use it';

/**
 * Whether a request may be served: it comes from an allowed workspace (`slack.workspaces`)
 * and organisation (`slack.enterprise`), and the person is at home there. With nothing
 * configured, any workspace is served but only its own members: someone whose home team
 * differs from the request's (a Slack Connect guest from another company) is refused.
 * `person` is what the request or users.info says about the user; unknown parts pass.
 */
export function checkWorkspace(
  policy: WorkspacePolicy,
  request: SlackHome,
  person: SlackHome = {},
): AccessVerdict {
  if (policy.enterprise !== undefined && request.enterpriseId !== policy.enterprise)
    return { allowed: false, why: OTHER_WORKSPACE };
  if (policy.workspaces !== undefined) {
    // An org-wide install may send no team: then the organisation, checked above, decides.
    const teamKnown = request.teamId !== undefined;
    if (teamKnown && !policy.workspaces.includes(request.teamId as string))
      return { allowed: false, why: OTHER_WORKSPACE };
    if (!teamKnown && policy.enterprise === undefined)
      return { allowed: false, why: OTHER_WORKSPACE };
  }
  return atHome(policy, request, person)
    ? { allowed: true }
    : { allowed: false, why: OTHER_ORGANISATION };
}

function atHome(policy: WorkspacePolicy, request: SlackHome, person: SlackHome): boolean {
  if (person.teamId === undefined && person.enterpriseId === undefined) return true;
  const sameOrganisation =
    person.enterpriseId !== undefined &&
    person.enterpriseId === (policy.enterprise ?? request.enterpriseId);
  if (sameOrganisation) return true;
  if (person.teamId === undefined) return false;
  if (policy.workspaces !== undefined) return policy.workspaces.includes(person.teamId);
  return person.teamId === request.teamId;
}
