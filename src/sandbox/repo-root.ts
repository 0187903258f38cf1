import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository's root: the nearest folder with a package.json above this module. When
 * scripts/run-ts.mjs runs a bundle from node_modules/.cache, the part from node_modules on
 * is cut first, so the sandbox finds its demo configuration and `.venv` either way.
 */
export function repoRoot(moduleUrl: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(moduleUrl));
  const inModules = dir.indexOf(`${sep}node_modules${sep}`);
  if (inModules >= 0) dir = dir.slice(0, inModules);
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}
