import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { parseCommand } from '../core/command.js';
import type { Block, SlackMessage } from '../slack/blocks.js';
import { errorMessage, usageMessage } from '../slack/command-replies.js';
import {
  SNOOZE_ACTIONS,
  type SnoozeActionId,
  type WarningButtonValue,
  warningAfterClick,
} from '../slack/warning-message.js';
import type { BotDeps, CommandReply, CommandRequest } from './bot-deps.js';
import { changeRefusal, isChange } from './change-gate.js';
import { snoozeCommand } from './commands/snooze-command.js';
import { beforeDeadline } from './deadline.js';
import { dispatch } from './dispatch.js';
import { recordIncident } from './incident.js';
import { MemberDirectory } from './member-check.js';
import { requestOrigin } from './request-origin.js';
import { workspaceGuard } from './workspace-guard.js';

/**
 * Time budget from the handler receiving a request: AWS work must be done by then, the reply
 * right after. Slack waits 3 s, which also covers the network and, on a cold start, the
 * module loading that happens before the handler runs (about 0.3 s for the bundle).
 */
export const REPLY_BUDGET_MS = 1_800;
/** Calls after the reply (announcements, message updates) must finish by then: Slack waits 3 s. */
export const AFTER_REPLY_BUDGET_MS = 2_400;

/**
 * Where the receiver put the request's arrival time (see handler.ts and local.ts). Deadlines
 * are real time, whatever clock the commands use (the sandbox may run a simulated one).
 */
export interface RequestTiming {
  readonly receivedAt?: number;
}

/**
 * Registers the `/stopinator` command and the warning's Snooze buttons on a Bolt app, behind
 * the workspace check. Guests and other organisations are refused changes (change-gate.ts).
 */
export function registerListeners(app: App, deps: BotDeps, commandName = '/stopinator'): void {
  // Per container: a person's users.info answer is reused for a while.
  const members = new MemberDirectory();
  app.use(workspaceGuard(deps, AFTER_REPLY_BUDGET_MS));

  app.command(commandName, async ({ command, ack, client, context }) => {
    const receivedAt = (context as RequestTiming).receivedAt ?? Date.now();
    const parsed = parseCommand(command.text ?? '');
    let reply: SlackMessage;
    let announce: SlackMessage | undefined;
    if (!parsed.ok) {
      reply = usageMessage(parsed.error);
    } else {
      const request = commandRequest(deps, client, receivedAt, {
        userId: command.user_id,
        userName: command.user_name,
        channelId: command.channel_id,
        requestKey: `command:${command.trigger_id ?? `${command.user_id}:${receivedAt}`}`,
      });
      try {
        const gate = isChange(parsed.command)
          ? started(
              changeRefusal(deps, members, client, requestOrigin(command), {
                receivedAt,
                deadline: request.deadline,
              }),
            )
          : undefined;
        ({ reply, announce } = await dispatch(
          deps,
          parsed.command,
          gate ? { ...request, mayChange: gate } : request,
        ));
      } catch (error) {
        const incident = recordIncident(deps.log, 'command failed', error, { text: command.text });
        reply = errorMessage('Something went wrong; nothing was changed.', incident.note);
      }
    }
    await ack({ response_type: 'ephemeral', text: reply.text, blocks: reply.blocks as never });
    if (announce) await announceInChannel(deps, client, announce, receivedAt);
  });

  app.action(/^snooze_(1h|2h|tonight)$/, async ({ ack, body, action, client, context }) => {
    await ack();
    const receivedAt = (context as RequestTiming).receivedAt ?? Date.now();
    if (body.type !== 'block_actions' || action.type !== 'button') return;
    const button = action as { action_id: string; value?: string };
    const actionId = button.action_id as SnoozeActionId;
    const value = parseButtonValue(button.value);
    const channel = body.container?.channel_id ?? body.channel?.id;
    const ts = body.container?.message_ts ?? body.message?.ts;
    if (!value || !channel || !ts) {
      deps.log.warn('button without its warning', { actionId, value: button.value });
      return;
    }
    const request = commandRequest(deps, client, receivedAt, {
      userId: body.user.id,
      userName: body.user.username ?? body.user.name,
      channelId: channel,
      // A double click on the same warning by the same person acts once.
      requestKey: `button:${channel}:${ts}:${actionId}:${body.user.id}`,
    });
    const length = SNOOZE_ACTIONS[actionId].length;
    const gate = started(
      changeRefusal(deps, members, client, requestOrigin(body), {
        receivedAt,
        deadline: request.deadline,
      }),
    );
    const announced = {
      schedule: value.schedule,
      stop: value.stop ?? value.stopAt,
      at: value.stopAt,
    };
    const result: CommandReply = await snoozeCommand(
      deps,
      { kind: 'snooze', target: `schedule:${value.schedule}`, length, announced },
      { ...request, mayChange: gate },
    ).catch((error): CommandReply => {
      const incident = recordIncident(deps.log, 'button snooze failed', error);
      return { reply: errorMessage('Something went wrong; nothing was changed.', incident.note) };
    });
    const afterReply = receivedAt + AFTER_REPLY_BUDGET_MS;
    const original = (body.message?.blocks ?? []) as Block[];
    const updates: Promise<unknown>[] = [
      tellUser(deps, client, { channel, user: body.user.id, message: result.reply }, afterReply),
    ];
    if (result.outcome) {
      const blocks = warningAfterClick(original, body.user.id, result.outcome);
      updates.push(
        beforeDeadline(
          client.chat.update({
            channel,
            ts,
            text: body.message?.text ?? result.reply.text,
            blocks: blocks as never,
          }),
          afterReply,
          'Slack chat.update',
        ).catch((error) => deps.log.warn('could not update the warning', { error })),
      );
    }
    if (result.announce) updates.push(announceInChannel(deps, client, result.announce, receivedAt));
    await Promise.all(updates);
  });

  // "Wake" offered by a reply about instances already stopped.
  app.action('wake_now', async ({ ack, body, action, client, context }) => {
    await ack();
    const receivedAt = (context as RequestTiming).receivedAt ?? Date.now();
    if (body.type !== 'block_actions' || action.type !== 'button') return;
    const target = parseWakeValue((action as { value?: string }).value);
    const channel = body.container?.channel_id ?? body.channel?.id;
    if (!target || !channel) return;
    const request = commandRequest(deps, client, receivedAt, {
      userId: body.user.id,
      userName: body.user.username ?? body.user.name,
      channelId: channel,
      requestKey: `wake-button:${body.container?.message_ts ?? ''}:${target}:${body.user.id}:${Math.floor(receivedAt / 60_000)}`,
    });
    const gate = started(
      changeRefusal(deps, members, client, requestOrigin(body), {
        receivedAt,
        deadline: request.deadline,
      }),
    );
    const result: CommandReply = await dispatch(
      deps,
      { kind: 'wake', target },
      { ...request, mayChange: gate },
    ).catch((error): CommandReply => {
      const incident = recordIncident(deps.log, 'wake button failed', error);
      return { reply: errorMessage('Something went wrong; nothing was started.', incident.note) };
    });
    const afterReply = receivedAt + AFTER_REPLY_BUDGET_MS;
    await Promise.all([
      tellUser(deps, client, { channel, user: body.user.id, message: result.reply }, afterReply),
      ...(result.announce ? [announceInChannel(deps, client, result.announce, receivedAt)] : []),
    ]);
  });
}

/** A check started now, read later: commands await it alongside their own reads. */
function started<T>(work: Promise<T>): () => Promise<T> {
  work.catch(() => {});
  return () => work;
}

/** A private message to one person in a channel, inside Slack's time. */
async function tellUser(
  deps: BotDeps,
  client: WebClient,
  to: { channel: string; user: string; message: SlackMessage },
  by: number,
): Promise<void> {
  await beforeDeadline(
    client.chat.postEphemeral({
      channel: to.channel,
      user: to.user,
      text: to.message.text,
      blocks: to.message.blocks as never,
    }),
    by,
    'Slack chat.postEphemeral',
  ).catch((error) => deps.log.warn('could not tell the user', { error }));
}

function commandRequest(
  deps: BotDeps,
  client: WebClient,
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
    userGroups: () => userGroupsOf(deps, client, who.userId, deadline),
  };
}

/** The configured groups the user is in: one usergroups.users.list call per group named in rules. */
async function userGroupsOf(
  deps: BotDeps,
  client: WebClient,
  userId: string,
  deadline: number,
): Promise<string[]> {
  const { snooze, unsnooze, wake } = deps.config.permissions;
  const rules = [snooze, unsnooze, wake];
  const groups = [...new Set(rules.flatMap((r) => r.userGroups ?? []))];
  const members = await Promise.all(
    groups.map((usergroup) =>
      beforeDeadline(
        client.usergroups.users.list({ usergroup }),
        deadline,
        'Slack usergroups.users.list',
      ).then((r) => ((r.users ?? []).includes(userId) ? usergroup : undefined)),
    ),
  );
  return members.filter((g): g is string => g !== undefined);
}

async function announceInChannel(
  deps: BotDeps,
  client: WebClient,
  message: SlackMessage,
  receivedAt: number,
): Promise<void> {
  const channel = deps.config.slack.channel;
  if (!channel) return;
  await beforeDeadline(
    client.chat.postMessage({
      channel,
      text: message.text,
      blocks: message.blocks as never,
      unfurl_links: false,
    }),
    receivedAt + AFTER_REPLY_BUDGET_MS,
    'Slack chat.postMessage',
  ).catch((error) => deps.log.warn('could not announce in the channel', { error, channel }));
}

function parseWakeValue(value: string | undefined): string | undefined {
  try {
    const parsed = JSON.parse(value ?? '') as { target?: unknown };
    return typeof parsed.target === 'string' && parsed.target.length <= 300
      ? parsed.target
      : undefined;
  } catch {
    return undefined;
  }
}

function parseButtonValue(value: string | undefined): WarningButtonValue | undefined {
  try {
    const parsed = JSON.parse(value ?? '') as Partial<WarningButtonValue>;
    return typeof parsed.schedule === 'string' && typeof parsed.stopAt === 'number'
      ? (parsed as WarningButtonValue)
      : undefined;
  } catch {
    return undefined;
  }
}
