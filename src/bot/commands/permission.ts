import { type AccessVerdict, checkAccess, needsUserGroups } from '../../core/access.js';
import type { AccessRule } from '../../core/config.js';
import type { CommandRequest } from '../bot-deps.js';

/** Applies a permission rule, asking Slack for the user's groups only when the rule names groups. */
export async function mayAct(
  rule: AccessRule,
  request: CommandRequest,
  action: string,
): Promise<AccessVerdict> {
  const direct = checkAccess(rule, request.actor, action);
  if (direct.allowed || !needsUserGroups(rule)) return direct;
  try {
    const userGroupIds = await request.userGroups();
    return checkAccess(rule, { ...request.actor, userGroupIds }, action);
  } catch {
    return {
      allowed: false,
      why: `${action} is limited to some user groups, and Slack did not say in time whether you are in one`,
    };
  }
}
