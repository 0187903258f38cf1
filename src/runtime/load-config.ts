import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError, parseConfig, type StopinatorConfig } from '../core/config.js';

import { DEFAULT_CONFIG_FILE } from './default-config-file.js';

// A YAML parser: imported only where a YAML file is read (scripts, tests, local runs), never by
// the Lambda functions' cold start, which read the validated JSON (config-file.ts).
export { DEFAULT_CONFIG_FILE };

/** Reads and validates the configuration file; every problem is a `ConfigError` naming the file. */
export function loadConfig(file: string = DEFAULT_CONFIG_FILE): StopinatorConfig {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, [`cannot read the file: ${(error as Error).message}`]);
  }
  return parseConfigText(text, path);
}

export function parseConfigText(text: string, source: string): StopinatorConfig {
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      source,
      document.errors.map((e) => `YAML syntax: ${e.message.split('\n')[0]}`),
    );
  }
  return parseConfig(document.toJS(), source);
}
