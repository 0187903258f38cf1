/**
 * Build-time gate for `npm run package` / `npm run deploy`: validates the configuration with the
 * same schema the functions use at cold start, then writes what serverless.yml reads:
 *   .serverless-config/stopinator.config.yml  the validated file, shipped in each function's zip
 *   .serverless-config/stack.json             tag key, schedule rate, regions, table, IAM blocks
 * The file checked is STOPINATOR_CONFIG_FILE when set, else stopinator.config.yml; whichever it
 * is, the copy that ships is the one that passed. Exits 1 with every problem named by field.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { TABLE_DEFINITION } from '../src/aws/table-definition.js';
import { ConfigError } from '../src/core/config.js';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../src/runtime/load-config.js';
import { StackValuesError, stackValues } from './deploy/stack-values.js';

export const OUTPUT_DIR = '.serverless-config';

const source = process.env.STOPINATOR_CONFIG_FILE?.trim() || DEFAULT_CONFIG_FILE;

try {
  const config = loadConfig(source);
  const shipped = join(OUTPUT_DIR, 'stopinator.config.yml');
  const values = stackValues(config, TABLE_DEFINITION, shipped);
  mkdirSync(OUTPUT_DIR, { recursive: true });
  copyFileSync(source, shipped);
  writeFileSync(join(OUTPUT_DIR, 'stack.json'), `${JSON.stringify(values, null, 2)}\n`);
  console.log(
    `configuration OK: ${relative('.', source) || source} (tag ${values.tagKey}, ` +
      `${values.scheduleExpression}, regions ${values.regions.join(', ')}) -> ${OUTPUT_DIR}/`,
  );
} catch (error) {
  if (error instanceof ConfigError || error instanceof StackValuesError) {
    console.error(error.message);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
