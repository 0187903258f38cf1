/**
 * `npm run spoke:template`: writes spoke/stackset.template.json, the spoke stack's template, from
 * the configuration (STOPINATOR_CONFIG_FILE, else stopinator.config.yml), validated by the same
 * schema as the hub's. The StackSet deploys that file as it is, and spoke/serverless.yml includes
 * it. `--check` writes nothing and exits 1 when the file is not the one the configuration gives
 * (test/deploy/spoke.test.ts checks the same for the repository's configuration).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { ConfigError } from '../src/core/config.js';
import { DEFAULT_CONFIG_FILE, parseConfigText } from '../src/runtime/load-config.js';
import { spokeTemplate } from './deploy/spoke-template.js';
import { StackValuesError } from './deploy/stack-values.js';

export const SPOKE_TEMPLATE_FILE = 'spoke/stackset.template.json';

const source = resolve(process.env.STOPINATOR_CONFIG_FILE?.trim() || DEFAULT_CONFIG_FILE);
const check = process.argv.includes('--check');

try {
  let text: string;
  try {
    text = readFileSync(source, 'utf8');
  } catch (error) {
    throw new ConfigError(source, [`cannot read the file: ${(error as Error).message}`]);
  }
  const template = spokeTemplate(parseConfigText(text, source));
  const shown = relative('.', source) || source;
  if (check) {
    let current: unknown;
    try {
      current = JSON.parse(readFileSync(SPOKE_TEMPLATE_FILE, 'utf8'));
    } catch {
      current = undefined;
    }
    if (!isDeepStrictEqual(current, template)) {
      console.error(
        `${SPOKE_TEMPLATE_FILE} is not the template of ${shown}: run npm run spoke:template`,
      );
      process.exitCode = 1;
    } else {
      console.log(`${SPOKE_TEMPLATE_FILE} is the template of ${shown}`);
    }
  } else {
    writeFileSync(SPOKE_TEMPLATE_FILE, `${JSON.stringify(template, null, 2)}\n`);
    const { tagKey, regions } = template.Metadata.Stopinator;
    console.log(
      `spoke template from ${shown} (tag ${tagKey}, regions ${regions.join(', ')}) -> ${SPOKE_TEMPLATE_FILE}`,
    );
  }
} catch (error) {
  if (error instanceof ConfigError || error instanceof StackValuesError) {
    console.error(error.message);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
