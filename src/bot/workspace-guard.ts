import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { checkWorkspace } from '../core/workspace-access.js';
import { notServedMessage } from '../slack/guard-replies.js';
import type { BotDeps } from './bot-deps.js';
import { beforeDeadline } from './deadline.js';
import { requestOrigin } from './request-origin.js';

type Ack = (response?: unknown) => Promise<void>;

/**
 * Bolt middleware run on every request after its signature is checked: a request from a
 * workspace or organisation the configuration does not allow, or by someone from another
 * organisation, gets a polite private answer and reaches no listener, so nothing is written.
 */
export function workspaceGuard(
  deps: BotDeps,
  afterReplyBudgetMs: number,
): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const origin = requestOrigin(args.body);
    const verdict = checkWorkspace(deps.config.slack, origin.request, origin.person);
    if (verdict.allowed) {
      await args.next();
      return;
    }
    const receivedAt = (args.context as { receivedAt?: number }).receivedAt ?? Date.now();
    deps.log.warn('request from outside the allowed workspaces refused', {
      team: origin.request.teamId,
      enterprise: origin.request.enterpriseId,
      userTeam: origin.person.teamId,
      user: origin.userId,
    });
    const message = notServedMessage(verdict.why);
    const ack = (args as { ack?: Ack }).ack;
    if (origin.kind === 'command') {
      await ack?.({ response_type: 'ephemeral', text: message.text, blocks: message.blocks });
      return;
    }
    await ack?.();
    if (origin.kind !== 'interaction' || !origin.userId || !origin.channelId) return;
    await beforeDeadline(
      args.client.chat.postEphemeral({
        channel: origin.channelId,
        user: origin.userId,
        text: message.text,
        blocks: message.blocks as never,
      }),
      receivedAt + afterReplyBudgetMs,
      'Slack chat.postEphemeral',
    ).catch((error) => deps.log.warn('could not tell the user', { error }));
  };
}
