import type { Command } from '../core/command.js';
import { checkWorkspace } from '../core/workspace-access.js';
import type { SlackMessage } from '../slack/blocks.js';
import {
  guestRefusalMessage,
  membershipUnknownMessage,
  notServedMessage,
} from '../slack/guard-replies.js';
import type { SlackApi } from '../slack/slack-api.js';
import type { BotDeps } from './bot-deps.js';
import type { Member, MemberDirectory } from './member-check.js';
import type { RequestOrigin } from './request-origin.js';

/**
 * How long users.info may take, from the request's arrival: what is left of the reply budget
 * goes to DynamoDB and EC2. Cached answers cost nothing.
 */
export const USER_LOOKUP_BUDGET_MS = 1_000;

/** Commands that change something: only these ask Slack who the person is. */
export function isChange(command: Command): boolean {
  return command.kind === 'snooze' || command.kind === 'unsnooze' || command.kind === 'wake';
}

/**
 * Before a change (a command or a warning button): the reply that refuses it, or undefined
 * when the person may go on. Guests are refused unless `permissions.guests`; people from
 * another organisation are refused as the workspace check says; and when Slack does not say
 * in time who the person is, the change is refused (fail closed).
 */
export async function changeRefusal(
  deps: BotDeps,
  members: MemberDirectory,
  slack: SlackApi,
  origin: RequestOrigin,
  timing: { receivedAt: number; deadline: number },
): Promise<SlackMessage | undefined> {
  if (!origin.userId) return membershipUnknownMessage();
  let member: Member;
  try {
    member = await members.lookup(
      slack,
      origin.userId,
      Math.min(timing.deadline, timing.receivedAt + USER_LOOKUP_BUDGET_MS),
    );
  } catch (error) {
    const slackError = (error as { data?: { error?: string } }).data?.error;
    if (slackError === 'missing_scope') {
      deps.log.error('users.info needs the users:read scope: add it to the Slack app', { error });
    } else {
      deps.log.warn('could not look the user up; change refused', { error, user: origin.userId });
    }
    return membershipUnknownMessage();
  }
  const verdict = checkWorkspace(deps.config.slack, origin.request, member.home);
  if (!verdict.allowed) {
    deps.log.warn('change by someone from another organisation refused', {
      user: origin.userId,
      userTeam: member.home.teamId,
      team: origin.request.teamId,
    });
    return notServedMessage(verdict.why);
  }
  if (member.guest && !deps.config.permissions.guests) {
    deps.log.info('change by a guest refused', { user: origin.userId });
    return guestRefusalMessage();
  }
  return undefined;
}
