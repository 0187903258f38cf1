import { parseCommand } from '../core/command.js';
import type { SlackMessage } from '../slack/blocks.js';
import { errorMessage, usageMessage } from '../slack/command-replies.js';
import type { SlackApi } from '../slack/slack-api.js';
import type { BotDeps, CommandRequest } from './bot-deps.js';
import { changeRefusal, isChange } from './change-gate.js';
import { beforeDeadline } from './deadline.js';
import { dispatch } from './dispatch.js';
import { recordIncident } from './incident.js';
import type { MemberDirectory } from './member-check.js';
import { requestOrigin } from './request-origin.js';

/**
 * Time budget from the handler receiving a request: AWS work must be done by then, the reply
 * right after. Slack waits 3 s, which also covers the network and, on a cold start, the
 * module loading that happens before the handler runs.
 */
export const REPLY_BUDGET_MS = 1_800;
/** Calls after the reply (announcements, message updates) must finish by then: Slack waits 3 s. */
export const AFTER_REPLY_BUDGET_MS = 2_400;

/** The fields of a slash command's form that the bot reads. */
export interface SlashCommand {
  readonly text?: string;
  readonly user_id: string;
  readonly user_name?: string;
  readonly channel_id?: string;
  readonly trigger_id?: string;
  readonly command?: string;
  readonly team_id?: string;
  readonly enterprise_id?: string;
  readonly user_team?: string;
}

/** The private reply, and what to do once it is sent (the channel announcement). */
export interface SlashAnswer {
  readonly reply: SlackMessage;
  readonly afterReply: () => Promise<void>;
}

/**
 * `/stopinator …`: parse, check a change may be made (alongside the command's reads), run
 * it. One function for both entry points: the Lambda answers commands with it directly (no
 * Bolt on that path), and the local bot's Bolt listener calls it too.
 */
export async function answerSlashCommand(
  deps: BotDeps,
  slack: SlackApi,
  members: MemberDirectory,
  command: SlashCommand,
  receivedAt: number,
): Promise<SlashAnswer> {
  const parsed = parseCommand(command.text ?? '');
  if (!parsed.ok) return { reply: usageMessage(parsed.error), afterReply: async () => {} };
  const request = commandRequest(deps, slack, receivedAt, {
    userId: command.user_id,
    ...(command.user_name ? { userName: command.user_name } : {}),
    ...(command.channel_id ? { channelId: command.channel_id } : {}),
    requestKey: `command:${command.trigger_id ?? `${command.user_id}:${receivedAt}`}`,
  });
  try {
    const gate = isChange(parsed.command)
      ? started(
          changeRefusal(deps, members, slack, requestOrigin(command), {
            receivedAt,
            deadline: request.deadline,
          }),
        )
      : undefined;
    const { reply, announce } = await dispatch(
      deps,
      parsed.command,
      gate ? { ...request, mayChange: gate } : request,
    );
    return {
      reply,
      afterReply: () =>
        announce ? announceInChannel(deps, slack, announce, receivedAt) : Promise.resolve(),
    };
  } catch (error) {
    const incident = recordIncident(deps.log, 'command failed', error, { text: command.text });
    return {
      reply: errorMessage('Something went wrong; nothing was changed.', incident.note),
      afterReply: async () => {},
    };
  }
}

export function commandRequest(
  deps: BotDeps,
  slack: SlackApi,
  receivedAt: number,
  who: { userId: string; userName?: string; channelId?: string; requestKey: string },
): CommandRequest {
  const deadline = receivedAt + REPLY_BUDGET_MS;
  return {
    actor: {
      userId: who.userId,
      ...(who.userName ? { userName: who.userName } : {}),
      ...(who.channelId ? { channelId: who.channelId } : {}),
    },
    deadline,
    requestKey: who.requestKey,
    userGroups: () => userGroupsOf(deps, slack, who.userId, deadline),
  };
}

/** The configured groups the user is in: one usergroups.users.list call per group named in rules. */
async function userGroupsOf(
  deps: BotDeps,
  slack: SlackApi,
  userId: string,
  deadline: number,
): Promise<string[]> {
  const { snooze, unsnooze, wake } = deps.config.permissions;
  const groups = [...new Set([snooze, unsnooze, wake].flatMap((r) => r.userGroups ?? []))];
  const members = await Promise.all(
    groups.map((usergroup) =>
      beforeDeadline(slack.usergroupUsers(usergroup), deadline, 'Slack usergroups.users.list').then(
        (users) => (users.includes(userId) ? usergroup : undefined),
      ),
    ),
  );
  return members.filter((g): g is string => g !== undefined);
}

export async function announceInChannel(
  deps: BotDeps,
  slack: SlackApi,
  message: SlackMessage,
  receivedAt: number,
): Promise<void> {
  const channel = deps.config.slack.channel;
  if (!channel) return;
  await beforeDeadline(
    slack.postMessage(channel, message),
    receivedAt + AFTER_REPLY_BUDGET_MS,
    'Slack chat.postMessage',
  ).catch((error) => deps.log.warn('could not announce in the channel', { error, channel }));
}

/** A check started now, read later: commands await it alongside their own reads. */
export function started<T>(work: Promise<T>): () => Promise<T> {
  work.catch(() => {});
  return () => work;
}
