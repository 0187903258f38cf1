/** One structured JSON logger for a whole function; keys are appended per invocation. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
  /** A logger that adds `keys` to every line. */
  with(keys: Record<string, unknown>): Logger;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function jsonLogger(
  options: {
    service: string;
    level?: LogLevel;
    write?: (line: string) => void;
    clock?: () => number;
  },
  keys: Record<string, unknown> = {},
): Logger {
  const threshold = RANK[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const clock = options.clock ?? (() => Date.now());
  const emit = (level: LogLevel, message: string, data?: Record<string, unknown>) => {
    if (RANK[level] < threshold) return;
    const line = {
      level: level.toUpperCase(),
      message,
      timestamp: new Date(clock()).toISOString(),
      service: options.service,
      ...keys,
      ...(data ? serialisable(data) : {}),
    };
    write(JSON.stringify(line));
  };
  return {
    debug: (m, d) => emit('debug', m, d),
    info: (m, d) => emit('info', m, d),
    warn: (m, d) => emit('warn', m, d),
    error: (m, d) => emit('error', m, d),
    with: (more) => jsonLogger(options, { ...keys, ...more }),
  };
}

/** Errors become `{ name, message, code, stack }` instead of `{}`. */
function serialisable(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    out[key] =
      value instanceof Error
        ? {
            name: value.name,
            message: value.message,
            ...('code' in value ? { code: value.code } : {}),
            stack: value.stack,
            ...(value.cause ? { cause: String(value.cause) } : {}),
          }
        : value;
  }
  return out;
}

export function parseLogLevel(text: string | undefined): LogLevel {
  const level = text?.toLowerCase();
  return level === 'debug' || level === 'warn' || level === 'error' ? level : 'info';
}
