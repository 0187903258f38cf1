import { knownAccounts } from '../../core/account.js';
import type { Command } from '../../core/command.js';
import { clockText } from '../../slack/clock-text.js';
import { errorMessage, historyMessage } from '../../slack/command-replies.js';
import type { BotDeps, CommandReply, CommandRequest } from '../bot-deps.js';
import { beforeDeadline } from '../deadline.js';

const DEFAULT_LIMIT = 10;

/** `/stopinator history [count]`: the latest snoozes, unsnoozes and wakes. */
export async function historyCommand(
  deps: BotDeps,
  command: Extract<Command, { kind: 'history' }>,
  request: CommandRequest,
): Promise<CommandReply> {
  const now = deps.clock();
  const zone = deps.config.schedules.get(deps.config.defaultSchedule)?.timezone ?? 'UTC';
  try {
    const entries = await beforeDeadline(
      deps.audit.recent(command.limit ?? DEFAULT_LIMIT),
      request.deadline,
      'DynamoDB',
    );
    // Accounts the organization gave are shown by id: history reads no fleet index.
    const accounts = knownAccounts(deps.config, []);
    return { reply: historyMessage(entries, (at) => clockText(at, zone, now), accounts) };
  } catch (error) {
    deps.log.error('history failed', { error });
    return {
      reply: errorMessage('Could not read the history: the stopinator’s table did not answer.'),
    };
  }
}
