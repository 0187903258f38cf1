/**
 * Build-time gate for `npm run package` / `npm run deploy`: validates the configuration with the
 * same schema the functions use at cold start, then writes what serverless.yml reads:
 *   .serverless-config/stopinator.config.json  the validated data, read by the functions at cold
 *                                              start (no YAML parser needed there)
 *   .serverless-config/stopinator.config.yml   the validated file as written, comments included,
 *                                              shipped alongside for whoever inspects a package
 *   .serverless-config/stack.json              tag key, schedule rate, regions, table, IAM blocks,
 *                                              and `checked`: which file was validated, its
 *                                              SHA-256 and those of the two copies
 * The file checked is STOPINATOR_CONFIG_FILE when set, else stopinator.config.yml. Exits 1 with
 * every problem named by field.
 *
 * Ships what passed, or nothing: the previous output (and serverless' previous package in
 * .serverless/, built from whatever was checked then) is removed before anything else, the new
 * one is written to a temporary directory and renamed into place only once complete, and
 * serverless.yml reads it through scripts/deploy/checked-stack.cjs, which refuses it unless it
 * was written for the file that run would ship, as that file is now.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { TABLE_DEFINITION } from '../src/aws/table-definition.js';
import { ConfigError, parseConfig } from '../src/core/config.js';
import { DEFAULT_CONFIG_FILE, parseConfigText } from '../src/runtime/load-config.js';
import { StackValuesError, stackValues } from './deploy/stack-values.js';

export const OUTPUT_DIR = '.serverless-config';
const PACKAGE_DIR = '.serverless';

const source = resolve(process.env.STOPINATOR_CONFIG_FILE?.trim() || DEFAULT_CONFIG_FILE);
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

rmSync(OUTPUT_DIR, { recursive: true, force: true });
rmSync(PACKAGE_DIR, { recursive: true, force: true });
let staging: string | undefined;
try {
  // Read once: what is validated, hashed and copied is the same bytes.
  let bytes: Buffer;
  try {
    bytes = readFileSync(source);
  } catch (error) {
    throw new ConfigError(source, [`cannot read the file: ${(error as Error).message}`]);
  }
  const text = bytes.toString('utf8');
  const config = parseConfigText(text, source);
  const shippedJson = join(OUTPUT_DIR, 'stopinator.config.json');
  const json = `${JSON.stringify(parseDocument(text).toJS(), null, 2)}\n`;
  // The JSON is what the functions read: it must pass the schema on its own too.
  parseConfig(JSON.parse(json), shippedJson);
  const values = stackValues(config, TABLE_DEFINITION, shippedJson);
  const checked = {
    configFile: source,
    sha256: sha256(bytes),
    files: { 'stopinator.config.json': sha256(json), 'stopinator.config.yml': sha256(bytes) },
  };
  staging = mkdtempSync(`${OUTPUT_DIR}.tmp-`);
  writeFileSync(join(staging, 'stopinator.config.json'), json);
  writeFileSync(join(staging, 'stopinator.config.yml'), bytes);
  writeFileSync(
    join(staging, 'stack.json'),
    `${JSON.stringify({ ...values, checked }, null, 2)}\n`,
  );
  renameSync(staging, OUTPUT_DIR);
  staging = undefined;
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
} finally {
  if (staging) rmSync(staging, { recursive: true, force: true });
}
