import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageStack } from '../deploy/package-stack.js';
import { readZip } from '../deploy/read-zip.js';
import { type BenchSection, median } from './section.js';

/** Wall time of one fresh Node process running `args`, in milliseconds. */
function timeNode(args: readonly string[], cwd: string): number {
  const start = process.hrtime.bigint();
  execFileSync(process.execPath, args, { cwd, stdio: 'ignore', env: { PATH: process.env.PATH } });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Each function's entry in its zip (serverless.yml's handler, .mjs). */
const ENTRIES: Record<string, string> = {
  bot: 'src/bot/handler.mjs',
  scheduler: 'src/scheduler/handler.mjs',
  worker: 'src/scheduler/worker.mjs',
};

export const bundleSection: BenchSection = {
  id: 'bundles',
  title: 'Lambda bundles: size and load time',
  description:
    'Each function as `npm run package` builds it (esbuild, minified, ES modules, AWS SDK bundled). ' +
    'Load time: a fresh `node` process that imports the bundle, median of the runs, against a bare ' +
    '`node -e 0` measured in the same loop; the ratio is what the bundle adds to process start.',
  async run({ repoRoot, runs, log }) {
    const work = mkdtempSync(join(tmpdir(), 'stopinator-bench-bundles-'));
    try {
      log('packaging the stack (serverless package, offline)...');
      const stack = packageStack({ repoRoot, workDir: work });
      const rows: string[][] = [];
      // A reference row: what importing any ES module at all costs over `node -e 0`.
      const empty = join(work, 'empty.mjs');
      writeFileSync(empty, 'export {};\n');
      const targets: [string, string, string | undefined][] = [
        ['(empty ES module, reference)', empty, undefined],
      ];
      for (const [fn, zip] of Object.entries(stack.artifacts).sort()) {
        const dir = join(work, 'unzipped', fn);
        for (const [name, data] of readZip(zip)) {
          mkdirSync(dirname(join(dir, name)), { recursive: true });
          writeFileSync(join(dir, name), data);
        }
        targets.push([fn, join(dir, ENTRIES[fn] ?? `src/${fn}/handler.mjs`), zip]);
      }
      for (const [fn, bundle, zip] of targets) {
        const dir = dirname(bundle);
        const bytes = statSync(bundle).size;
        // With code splitting the entry loads at cold start; chunks load when a path needs them.
        let allCode = zip ? 0 : bytes;
        if (zip)
          for (const [name, data] of readZip(zip))
            if (name.endsWith('.mjs')) allCode += data.length;
        const url = pathToFileURL(bundle).href;
        log(`${fn}: timing ${runs} loads...`);
        const loads: number[] = [];
        const bare: number[] = [];
        timeNode(['--input-type=module', '-e', `await import(${JSON.stringify(url)})`], dir);
        for (let i = 0; i < runs; i++) {
          bare.push(timeNode(['-e', '0'], dir));
          loads.push(
            timeNode(['--input-type=module', '-e', `await import(${JSON.stringify(url)})`], dir),
          );
        }
        const load = median(loads);
        const base = median(bare);
        rows.push([
          fn,
          bytes.toLocaleString('en-US'),
          (bytes / 1024).toFixed(1),
          (allCode / 1024).toFixed(1),
          zip ? (statSync(zip).size / 1024).toFixed(1) : '-',
          load.toFixed(0),
          base.toFixed(0),
          `${(load / base).toFixed(2)}×`,
        ]);
      }
      return {
        columns: [
          'function',
          'entry (bytes)',
          'entry (KiB)',
          'all chunks (KiB)',
          'zip (KiB)',
          'node + import (ms)',
          'bare node (ms)',
          'ratio',
        ],
        rows,
        notes: [
          `${runs} runs each, interleaved with the bare runs; one warm-up import first.`,
          'The zip also holds the source map (without sources) and the validated configuration.',
        ],
      };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};
