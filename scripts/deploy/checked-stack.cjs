// What serverless.yml reads instead of .serverless-config/stack.json itself:
//
//   ${file(./scripts/deploy/checked-stack.cjs):defaultRegion}
//
// The stack values, returned only when scripts/check-config.ts wrote them for the configuration
// file this run would ship (STOPINATOR_CONFIG_FILE, else stopinator.config.yml), as it is now,
// and the validated copies beside them are the ones it wrote. Anything else (no check yet, a
// check of another file, the file edited since, a copy touched by hand) stops serverless before
// it builds anything, saying what to run. A failed check leaves no stack.json (check-config.ts
// removes the previous one first), so after one nothing can be packaged until a check passes.
'use strict';

const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { join, relative, resolve } = require('node:path');

const SERVICE_DIR = resolve(__dirname, '../..');
const OUTPUT_DIR = join(SERVICE_DIR, '.serverless-config');
// As in src/runtime/default-config-file.ts (the test packaging the default file keeps them equal).
const DEFAULT_CONFIG_FILE = 'stopinator.config.yml';
const RECHECK = 'run `npm run package` (or `npm run deploy`), which checks the configuration first';

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const shown = (path) => {
  const inside = relative(process.cwd(), path);
  return inside && !inside.startsWith('..') ? inside : path;
};

/** serverless prints the error's stack: the message is all that helps here. */
function refusal(message) {
  const error = new Error(`${message}: ${RECHECK}`);
  error.stack = error.message;
  return error;
}

function readOrNull(path) {
  try {
    return readFileSync(path);
  } catch {
    return null;
  }
}

function checkedStack() {
  const stackFile = join(OUTPUT_DIR, 'stack.json');
  const text = readOrNull(stackFile);
  if (text === null) {
    throw refusal(`no validated configuration (${shown(stackFile)} is missing)`);
  }
  const stack = JSON.parse(String(text));
  const checked = stack.checked;
  if (!checked || typeof checked.sha256 !== 'string' || typeof checked.files !== 'object') {
    throw refusal(`${shown(stackFile)} does not say what was validated`);
  }
  const source = resolve(process.env.STOPINATOR_CONFIG_FILE?.trim() || DEFAULT_CONFIG_FILE);
  const bytes = readOrNull(source);
  if (bytes === null) throw refusal(`cannot read the configuration file ${shown(source)}`);
  if (sha256(bytes) !== checked.sha256) {
    throw refusal(
      source === checked.configFile
        ? `${shown(source)} changed since it was validated`
        : `the validated configuration is ${shown(checked.configFile)}, but this run ships ${shown(source)}`,
    );
  }
  for (const [name, hash] of Object.entries(checked.files)) {
    const shipped = readOrNull(join(OUTPUT_DIR, name));
    if (shipped === null || sha256(shipped) !== hash) {
      throw refusal(`${shown(join(OUTPUT_DIR, name))} is not the copy that was validated`);
    }
  }
  return stack;
}

let result;

module.exports = () => {
  // Called once per ${file(...)} reference: checked once per serverless run.
  result ??= checkedStack();
  return result;
};
