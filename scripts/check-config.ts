/**
 * Build-time gate for `npm run package` / `npm run deploy`: validates the configuration with the
 * same schema the functions use at cold start, then writes what serverless.yml reads:
 *   .serverless-config/stopinator.config.json  the validated data, read by the functions at cold
 *                                              start (no YAML parser needed there)
 *   .serverless-config/stopinator.config.yml   the validated file as written, comments included,
 *                                              shipped alongside for whoever inspects a package
 *   .serverless-config/stack.json              tag key, schedule rate, regions, table, IAM blocks
 * The file checked is STOPINATOR_CONFIG_FILE when set, else stopinator.config.yml; whichever it
 * is, what ships is what passed. Exits 1 with every problem named by field.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseDocument } from 'yaml';
import { TABLE_DEFINITION } from '../src/aws/table-definition.js';
import { ConfigError, parseConfig } from '../src/core/config.js';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../src/runtime/load-config.js';
import { StackValuesError, stackValues } from './deploy/stack-values.js';

export const OUTPUT_DIR = '.serverless-config';

const source = process.env.STOPINATOR_CONFIG_FILE?.trim() || DEFAULT_CONFIG_FILE;

try {
  const config = loadConfig(source);
  const shippedJson = join(OUTPUT_DIR, 'stopinator.config.json');
  const json = `${JSON.stringify(parseDocument(readFileSync(source, 'utf8')).toJS(), null, 2)}\n`;
  // The JSON is what the functions read: it must pass the schema on its own too.
  parseConfig(JSON.parse(json), shippedJson);
  const values = stackValues(config, TABLE_DEFINITION, shippedJson);
  mkdirSync(OUTPUT_DIR, { recursive: true });
  writeFileSync(shippedJson, json);
  copyFileSync(source, join(OUTPUT_DIR, 'stopinator.config.yml'));
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
