import type { Command } from '../core/command.js';
import { usageMessage } from '../slack/command-replies.js';
import type { BotDeps, CommandReply, CommandRequest } from './bot-deps.js';
import { historyCommand } from './commands/history-command.js';
import { savingsCommand } from './commands/savings-command.js';
import { snoozeCommand } from './commands/snooze-command.js';
import { statusCommand } from './commands/status-command.js';
import { tonightCommand } from './commands/tonight-command.js';
import { unsnoozeCommand } from './commands/unsnooze-command.js';
import { wakeCommand } from './commands/wake-command.js';
import { whyCommand } from './commands/why-command.js';

/** Runs one parsed command. */
export function dispatch(
  deps: BotDeps,
  command: Command,
  request: CommandRequest,
): Promise<CommandReply> {
  switch (command.kind) {
    case 'snooze':
      return snoozeCommand(deps, command, request);
    case 'unsnooze':
      return unsnoozeCommand(deps, command, request);
    case 'wake':
      return wakeCommand(deps, command, request);
    case 'status':
      return statusCommand(deps, command, request);
    case 'why':
      return whyCommand(deps, command, request);
    case 'tonight':
      return tonightCommand(deps, command, request);
    case 'history':
      return historyCommand(deps, command, request);
    case 'savings':
      return savingsCommand(deps, command, request);
    case 'help':
      return Promise.resolve({ reply: usageMessage(undefined, deps.config.accounts ?? []) });
  }
}
