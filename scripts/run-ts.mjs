#!/usr/bin/env node
// Runs a TypeScript script of this repository without a TypeScript loader: esbuild bundles the
// entry (our own modules inlined, packages left to Node's resolution) into a temporary .mjs
// under node_modules/.cache, so `import 'yaml'` still finds the repository's node_modules.
//
//   node scripts/run-ts.mjs scripts/check-config.ts [args...]
import { mkdirSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs <script.ts> [args...]');
  process.exit(2);
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = join(root, 'node_modules', '.cache', 'stopinator-run-ts');
mkdirSync(cacheDir, { recursive: true });
const outfile = join(cacheDir, `${basename(entry, '.ts')}-${process.pid}.mjs`);

await build({
  entryPoints: [resolve(entry)],
  outfile,
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'inline',
  logLevel: 'warning',
});

process.setSourceMapsEnabled(true);
process.argv = [process.argv[0] ?? 'node', resolve(entry), ...args];
// Also when the script ends with process.exit() before its import has settled.
const removeBundle = () => rmSync(outfile, { force: true });
process.once('exit', removeBundle);
try {
  await import(pathToFileURL(outfile).href);
} finally {
  removeBundle();
  process.off('exit', removeBundle);
}
