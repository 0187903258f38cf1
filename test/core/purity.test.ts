import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CORE = 'src/core';
const files = readdirSync(CORE).filter((f) => f.endsWith('.ts'));
const allowedPackages = new Set(['zod/mini']);

describe('src/core stays pure', () => {
  it('has files to check', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files)('%s imports no SDK, I/O or other layer', (file) => {
    const source = readFileSync(join(CORE, file), 'utf8');
    const imports = [...source.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1] as string);
    const foreign = imports.filter((path) => !path.startsWith('./') && !allowedPackages.has(path));
    expect(foreign).toEqual([]);
  });

  it.each(files)('%s reads neither the environment nor the clock', (file) => {
    const source = readFileSync(join(CORE, file), 'utf8');
    expect(source).not.toMatch(
      /process\.env|Date\.now\(|new Date\(\)|performance\.now|Math\.random/,
    );
  });
});
