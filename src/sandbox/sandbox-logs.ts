import type { StopinatorConfig } from '../core/config.js';
import { jsonLogger, type Logger } from '../runtime/logger.js';
import { decisionWatch } from './decision-lines.js';
import type { LogFile } from './log-file.js';
import type { Screen } from './screen.js';
import { watchedLogger } from './watched-logger.js';

/**
 * The functions' JSON logs go to the file; the screen gets one line per scheduler decision
 * and the bot's errors, so the terminal stays readable.
 */
export function sandboxLoggers(
  file: LogFile,
  config: StopinatorConfig,
  screen: Screen,
): { scheduler: Logger; bot: Logger } {
  const json = (service: string) =>
    jsonLogger({ service, level: 'info', write: (line) => file.write(line) });
  return {
    scheduler: watchedLogger(
      json('stopinator-scheduler'),
      decisionWatch(config, (line) => screen.print(line)),
    ),
    bot: watchedLogger(json('stopinator-bot'), (level, message) => {
      if (level === 'error') screen.print(`bot: ${message} (details in the log file)`);
    }),
  };
}
