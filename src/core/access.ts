import type { AccessRule } from './config.js';

/** Who is asking, as Slack tells us. */
export interface Actor {
  readonly userId: string;
  readonly channelId?: string;
  /** The user groups the user belongs to, when the rule needs them. */
  readonly userGroupIds?: readonly string[];
}

export type AccessVerdict =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly why: string };

/** A rule with no lists lets everyone in; otherwise being named in any list is enough. */
export function checkAccess(rule: AccessRule, actor: Actor, action: string): AccessVerdict {
  const lists = [rule.users, rule.userGroups, rule.channels];
  if (lists.every((list) => list === undefined)) return { allowed: true };
  if (rule.users?.includes(actor.userId)) return { allowed: true };
  if (actor.channelId && rule.channels?.includes(actor.channelId)) return { allowed: true };
  if (actor.userGroupIds?.some((group) => rule.userGroups?.includes(group)))
    return { allowed: true };
  const places = [
    rule.users?.length ? 'listed users' : undefined,
    rule.userGroups?.length ? 'members of the listed user groups' : undefined,
    rule.channels?.length ? 'the listed channels' : undefined,
  ].filter(Boolean);
  return {
    allowed: false,
    why: `${action} is limited to ${places.length ? places.join(', ') : 'nobody'} by the stopinator's configuration`,
  };
}

/** Whether deciding needs the user's groups (a Slack call the bot should skip otherwise). */
export function needsUserGroups(rule: AccessRule): boolean {
  return (rule.userGroups?.length ?? 0) > 0;
}
