import type { Logger, LogLevel } from '../runtime/logger.js';

export type LogWatch = (level: LogLevel, message: string, data: Record<string, unknown>) => void;

/** A logger that also hands every line, with its keys, to `watch` (the terminal's summary). */
export function watchedLogger(
  base: Logger,
  watch: LogWatch,
  keys: Record<string, unknown> = {},
): Logger {
  const tee =
    (level: LogLevel) =>
    (message: string, data?: Record<string, unknown>): void => {
      base[level](message, data);
      watch(level, message, { ...keys, ...data });
    };
  return {
    debug: tee('debug'),
    info: tee('info'),
    warn: tee('warn'),
    error: tee('error'),
    with: (more) => watchedLogger(base.with(more), watch, { ...keys, ...more }),
  };
}
