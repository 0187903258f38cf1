import { DEFAULT_CONFIG_FILE } from './default-config-file.js';
import { type LogLevel, parseLogLevel } from './logger.js';

/** Missing or malformed environment settings, all named at once. */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
  constructor(readonly problems: readonly string[]) {
    super(`missing or invalid environment settings: ${problems.join('; ')}`);
  }
}

export interface CommonSettings {
  readonly tableName: string;
  readonly configFile: string;
  readonly logLevel: LogLevel;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Settings both functions need, read once at cold start. */
export function readCommonSettings(env: Env): CommonSettings {
  const problems: string[] = [];
  const tableName = env.STOPINATOR_TABLE?.trim();
  if (!tableName) problems.push('STOPINATOR_TABLE (the DynamoDB table name) is not set');
  else if (!/^[A-Za-z0-9_.-]{3,255}$/.test(tableName))
    problems.push(`STOPINATOR_TABLE "${tableName}" is not a table name`);
  if (problems.length > 0) throw new SettingsError(problems);
  return {
    tableName: tableName as string,
    configFile: env.STOPINATOR_CONFIG_FILE?.trim() || DEFAULT_CONFIG_FILE,
    logLevel: parseLogLevel(env.LOG_LEVEL),
  };
}
