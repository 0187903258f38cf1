import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigError, parseConfig, type StopinatorConfig } from '../core/config.js';

/**
 * The configuration for a function at cold start. The deployed package carries it as JSON,
 * written from the YAML by the build after validation, so no YAML parser is loaded; a YAML
 * file (local runs, STOPINATOR_CONFIG_FILE) loads one on demand. Either way the one schema
 * validates it again here.
 */
export async function readConfigFile(file: string): Promise<StopinatorConfig> {
  const path = resolve(file);
  if (!/\.json$/i.test(path)) {
    const { loadConfig } = await import('./load-config.js');
    return loadConfig(path);
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, [`cannot read the file: ${(error as Error).message}`]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(path, [`JSON syntax: ${(error as Error).message}`]);
  }
  return parseConfig(data, path);
}
