import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

// The point of lightTable is what it does not load: the bot's cold start must not pay for the
// AWS SDK. Bundled as the deployment bundles, its module graph holds our files and Node's.
describe('lightTable bundle', () => {
  it('imports nothing but its own files and Node built-ins', async () => {
    // Act
    const result = await build({
      absWorkingDir: fileURLToPath(new URL('../..', import.meta.url)),
      entryPoints: ['src/aws/light-table.ts'],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'silent',
    });

    // Assess
    const inputs = Object.keys(result.metafile.inputs);
    const external = Object.values(result.metafile.outputs).flatMap((output) =>
      output.imports.filter((i) => i.external).map((i) => i.path),
    );
    expect(inputs.every((path) => path.startsWith('src/aws/'))).toBe(true);
    expect(inputs).toContain('src/aws/sigv4.ts');
    // node:http(s) come through process.getBuiltinModule (dynamo-http.ts says why).
    expect([...new Set(external)].sort()).toEqual(['node:crypto']);
  });
});
