import { type Logger as BoltLogger, LogLevel } from '@slack/logger';
import type { Logger } from '../runtime/logger.js';

/** Bolt's logger interface on top of the function's JSON logger. */
export function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.WARN;
  const bolt = log.with({ source: 'bolt' });
  const text = (parts: unknown[]) =>
    parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' ');
  return {
    debug: (...m) => {
      if (level === LogLevel.DEBUG) bolt.debug(text(m));
    },
    info: (...m) => {
      if (level === LogLevel.DEBUG || level === LogLevel.INFO) bolt.info(text(m));
    },
    warn: (...m) => bolt.warn(text(m)),
    error: (...m) => bolt.error(text(m)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
