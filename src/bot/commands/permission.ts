import { type AccessVerdict, checkAccess, needsUserGroups } from '../../core/access.js';
import type { AccessRule } from '../../core/config.js';
import { parseSelector, type Selector } from '../../core/selector.js';
import { refusalMessage, usageMessage } from '../../slack/command-replies.js';
import type { BotDeps, CommandReply, CommandRequest } from '../bot-deps.js';

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

/**
 * What every changing command does first: read the target and check the person may act on
 * it. Either the selector, or the reply that explains why not.
 */
export async function allowedTarget(
  deps: BotDeps,
  target: string,
  action: 'snooze' | 'unsnooze' | 'wake',
  request: CommandRequest,
): Promise<{ selector: Selector } | { refused: CommandReply }> {
  const parsed = parseSelector(target, deps.config.schedules.keys());
  if (!parsed.ok) return { refused: { reply: usageMessage(parsed.error) } };
  const verdict = await mayAct(deps.config.permissions[action], request, action);
  if (!verdict.allowed) return { refused: { reply: refusalMessage(verdict.why) } };
  return { selector: parsed.selector };
}
