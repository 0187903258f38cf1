import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { HOME_CANCEL_ACTION } from '../slack/app-home-view.js';
import type { Block, SlackMessage } from '../slack/blocks.js';
import { errorMessage } from '../slack/command-replies.js';
import type { SlackApi } from '../slack/slack-api.js';
import {
  SNOOZE_ACTIONS,
  type SnoozeActionId,
  type WarningButtonValue,
  warningAfterClick,
} from '../slack/warning-message.js';
import { webClientApi } from '../slack/web-client-api.js';
import { homeView } from './app-home.js';
import type { BotDeps, CommandReply } from './bot-deps.js';
import { changeRefusal } from './change-gate.js';
import { snoozeCommand } from './commands/snooze-command.js';
import { beforeDeadline } from './deadline.js';
import { dispatch } from './dispatch.js';
import { recordIncident } from './incident.js';
import { MemberDirectory } from './member-check.js';
import { requestOrigin } from './request-origin.js';
import {
  AFTER_REPLY_BUDGET_MS,
  announceInChannel,
  answerSlashCommand,
  commandRequest,
  REPLY_BUDGET_MS,
  started,
} from './slash-command.js';
import { workspaceGuard } from './workspace-guard.js';

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
export function registerListeners(
  app: App,
  deps: BotDeps,
  commandName = '/stopinator',
  // Per container: a person's users.info answer is reused for a while.
  members = new MemberDirectory(),
): void {
  app.use(workspaceGuard(deps, AFTER_REPLY_BUDGET_MS));

  app.command(commandName, async ({ command, ack, client, context }) => {
    const receivedAt = (context as RequestTiming).receivedAt ?? Date.now();
    const { reply, afterReply } = await answerSlashCommand(
      deps,
      webClientApi(client),
      members,
      command,
      receivedAt,
    );
    await ack({ response_type: 'ephemeral', text: reply.text, blocks: reply.blocks as never });
    await afterReply();
  });

  app.action(/^snooze_(1h|2h|tonight)$/, async ({ ack, body, action, client, context }) => {
    await ack();
    const receivedAt = (context as RequestTiming).receivedAt ?? Date.now();
    const slack = webClientApi(client);
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
    const request = commandRequest(deps, slack, receivedAt, {
      userId: body.user.id,
      userName: body.user.username ?? body.user.name,
      channelId: channel,
      // A double click on the same warning by the same person acts once.
      requestKey: `button:${channel}:${ts}:${actionId}:${body.user.id}`,
    });
    const length = SNOOZE_ACTIONS[actionId].length;
    const gate = started(
      changeRefusal(deps, members, slack, requestOrigin(body), {
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
      tellUser(deps, slack, { channel, user: body.user.id, message: result.reply }, afterReply),
    ];
    if (result.outcome) {
      const blocks = warningAfterClick(original, body.user.id, result.outcome);
      updates.push(
        beforeDeadline(
          slack.update(channel, ts, body.message?.text ?? result.reply.text, blocks),
          afterReply,
          'Slack chat.update',
        ).catch((error) => deps.log.warn('could not update the warning', { error })),
      );
    }
    if (result.announce) updates.push(announceInChannel(deps, slack, result.announce, receivedAt));
    await Promise.all(updates);
  });

  // "Wake" offered by a reply about instances already stopped.
  app.action('wake_now', async ({ ack, body, action, client, context }) => {
    await ack();
    const receivedAt = (context as RequestTiming).receivedAt ?? Date.now();
    const slack = webClientApi(client);
    if (body.type !== 'block_actions' || action.type !== 'button') return;
    const target = parseWakeValue((action as { value?: string }).value);
    const channel = body.container?.channel_id ?? body.channel?.id;
    if (!target || !channel) return;
    const request = commandRequest(deps, slack, receivedAt, {
      userId: body.user.id,
      userName: body.user.username ?? body.user.name,
      channelId: channel,
      requestKey: `wake-button:${body.container?.message_ts ?? ''}:${target}:${body.user.id}:${Math.floor(receivedAt / 60_000)}`,
    });
    const gate = started(
      changeRefusal(deps, members, slack, requestOrigin(body), {
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
      tellUser(deps, slack, { channel, user: body.user.id, message: result.reply }, afterReply),
      ...(result.announce ? [announceInChannel(deps, slack, result.announce, receivedAt)] : []),
    ]);
  });
}

/**
 * The App Home tab (the `app_home_opened` event, `views.publish`): what runs now, tonight,
 * the person's snoozes with a Cancel button each, this month's savings. A Cancel cancels that
 * one snooze of the person's own (as a bare unsnooze would), announces it, and shows the tab again.
 */
export function registerAppHome(app: App, deps: BotDeps, members: MemberDirectory): void {
  const publish = async (client: WebClient, user: string, receivedAt: number) => {
    try {
      const view = await homeView(deps, user, { deadline: receivedAt + REPLY_BUDGET_MS });
      await beforeDeadline(
        client.views.publish({ user_id: user, view: view as never }),
        receivedAt + AFTER_REPLY_BUDGET_MS,
        'Slack views.publish',
      );
    } catch (error) {
      recordIncident(deps.log, 'could not publish the App Home', error, { user });
    }
  };

  app.event('app_home_opened', async ({ event, client, context }) => {
    if (event.tab !== 'home') return;
    await publish(client, event.user, (context as RequestTiming).receivedAt ?? Date.now());
  });

  app.action(HOME_CANCEL_ACTION, async ({ ack, body, action, client, context }) => {
    await ack();
    const receivedAt = (context as RequestTiming).receivedAt ?? Date.now();
    if (body.type !== 'block_actions' || action.type !== 'button') return;
    const snoozeId = (action as { value?: string }).value;
    if (!snoozeId) return;
    const slack = webClientApi(client);
    const request = commandRequest(deps, slack, receivedAt, {
      userId: body.user.id,
      userName: body.user.username ?? body.user.name,
      requestKey: `home-cancel:${snoozeId}:${body.user.id}`,
    });
    const gate = started(
      changeRefusal(deps, members, slack, requestOrigin(body), {
        receivedAt,
        deadline: request.deadline,
      }),
    );
    const result: CommandReply = await dispatch(
      deps,
      { kind: 'unsnooze', snoozeId },
      { ...request, mayChange: gate },
    ).catch((error): CommandReply => {
      const incident = recordIncident(deps.log, 'home cancel failed', error);
      return { reply: errorMessage('Something went wrong; nothing was changed.', incident.note) };
    });
    await Promise.all([
      publish(client, body.user.id, receivedAt),
      ...(result.announce ? [announceInChannel(deps, slack, result.announce, receivedAt)] : []),
    ]);
  });
}

/** A private message to one person in a channel, inside Slack's time. */
async function tellUser(
  deps: BotDeps,
  slack: SlackApi,
  to: { channel: string; user: string; message: SlackMessage },
  by: number,
): Promise<void> {
  await beforeDeadline(
    slack.postEphemeral(to.channel, to.user, to.message),
    by,
    'Slack chat.postEphemeral',
  ).catch((error) => deps.log.warn('could not tell the user', { error }));
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
