import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { createTable } from '../../src/aws/create-table.js';
import { sdkTable } from '../../src/aws/sdk-table.js';
import { testDynamoClient } from '../../test/support/aws-clients.js';
import { startMoto } from '../../test/support/moto.js';
import { type BenchSection, median } from './section.js';

const TABLE = 'stopinator-bench-clients';

/** Each entry: settings from the environment, as a Lambda has them, then one Query. */
const ENTRIES = {
  lightTable: (repoRoot: string) => `
import { lightTable, lightTableSettingsFromEnv } from ${JSON.stringify(join(repoRoot, 'src/aws/light-table.ts'))};
export function tableNamed(name) {
  return lightTable(lightTableSettingsFromEnv(process.env), name);
}`,
  'sdkTable (client-dynamodb + lib-dynamodb)': (repoRoot: string) => `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { sdkTable } from ${JSON.stringify(join(repoRoot, 'src/aws/sdk-table.ts'))};
export function tableNamed(name) {
  const client = new DynamoDBClient({ maxAttempts: 2, requestHandler: { connectionTimeout: 1000, requestTimeout: 1500 } });
  return sdkTable(client, name);
}`,
};

/** In a fresh process: import the bundle, make the first Query, then a second one (warm). */
const RUNNER = `
const query = { pk: 'snooze', consistent: true };
const t0 = performance.now();
const { tableNamed } = await import(process.argv[2]);
const t1 = performance.now();
const table = tableNamed(process.env.BENCH_TABLE);
const n = (await table.query(query)).length;
const t2 = performance.now();
await table.query(query);
const t3 = performance.now();
if (n !== 10) throw new Error('expected 10 items, got ' + n);
process.stdout.write(JSON.stringify({ importMs: t1 - t0, queryMs: t2 - t1, readyMs: t2, warmMs: t3 - t2 }));
`;

interface Timing {
  readonly importMs: number;
  readonly queryMs: number;
  readonly readyMs: number;
  readonly warmMs: number;
  readonly wallMs: number;
}

export const tableClientSection: BenchSection = {
  id: 'table-clients',
  title: 'DynamoDB table clients: import and first Query, cold',
  description:
    'A fresh `node` process imports a bundle holding one table client (esbuild, minified, ES modules, ' +
    'as the Lambda bundles are built) and makes its first Query (10 items) to moto on 127.0.0.1, ' +
    'credentials and endpoint from the environment as on Lambda. Import, client and first Query are timed ' +
    'inside the process; "ready" is from process start to the first Query answered; a second Query, on ' +
    'the warm client and connection, shows what moto itself takes; "whole process" is timed from outside.',
  async run({ repoRoot, runs, log }) {
    const work = mkdtempSync(join(tmpdir(), 'stopinator-bench-clients-'));
    const moto = await startMoto();
    try {
      const seed = testDynamoClient(moto.endpoint);
      await createTable(seed, TABLE);
      const table = sdkTable(seed, TABLE);
      for (let i = 0; i < 10; i++) await table.put({ pk: 'snooze', sk: `s${i}`, by: 'U0BENCH' });
      const bundles = new Map<string, string>();
      for (const [name, entry] of Object.entries(ENTRIES)) {
        const outfile = join(work, `${bundles.size}.mjs`);
        await build({
          stdin: { contents: entry(repoRoot), resolveDir: repoRoot, loader: 'ts' },
          outfile,
          bundle: true,
          minify: true,
          platform: 'node',
          target: 'node22',
          format: 'esm',
          mainFields: ['module', 'main'],
          banner: {
            js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
          },
          logLevel: 'error',
        });
        bundles.set(name, outfile);
      }
      writeFileSync(join(work, 'runner.mjs'), RUNNER);
      const env = {
        PATH: process.env.PATH ?? '',
        AWS_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_SESSION_TOKEN: 'test',
        AWS_ENDPOINT_URL_DYNAMODB: moto.endpoint,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        BENCH_TABLE: TABLE,
      };
      const once = (node: string, bundle: string): Timing => {
        const start = process.hrtime.bigint();
        const result = spawnSync(node, [join(work, 'runner.mjs'), pathToFileURL(bundle).href], {
          cwd: work,
          env,
          encoding: 'utf8',
        });
        const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
        if (result.status !== 0) throw new Error(`the run failed: ${result.stderr}`);
        return { ...(JSON.parse(result.stdout) as Omit<Timing, 'wallMs'>), wallMs };
      };
      const nodes: [string, string][] = [[`Node ${process.version}`, process.execPath]];
      // Lambda's runtime, as tools/node24 installs it (test/support/node24.ts), when it is there.
      const node24 = join(
        repoRoot,
        `tools/node24/node_modules/node-${process.platform}-${process.arch}/bin/node`,
      );
      const version = spawnSync(node24, ['--version'], { encoding: 'utf8' });
      if (version.status === 0) nodes.push([`Node ${version.stdout.trim()}`, node24]);
      else log(`no Node 24 at ${node24}: timing ${process.version} only`);
      const rows: string[][] = [];
      for (const [nodeName, node] of nodes) {
        log(`${nodeName}: timing ${runs * 2} cold runs of each client...`);
        const timings = new Map<string, Timing[]>([...bundles.keys()].map((k) => [k, []]));
        for (const bundle of bundles.values()) once(node, bundle);
        // Alternating which goes first, so drift in the machine's load falls on both alike.
        for (let i = 0; i < runs * 2; i++) {
          const order = i % 2 === 0 ? [...bundles] : [...bundles].reverse();
          for (const [name, bundle] of order) timings.get(name)?.push(once(node, bundle));
        }
        for (const [name, list] of timings) {
          const of = (pick: (t: Timing) => number) => median(list.map(pick)).toFixed(1);
          rows.push([
            nodeName,
            name,
            (statSync(bundles.get(name) ?? '').size / 1024).toFixed(1),
            of((t) => t.importMs),
            of((t) => t.queryMs),
            of((t) => t.readyMs),
            of((t) => t.warmMs),
            of((t) => t.wallMs),
          ]);
        }
      }
      return {
        columns: [
          'node',
          'client',
          'bundle (KiB)',
          'import (ms)',
          'first Query (ms)',
          'ready (ms)',
          'second Query (ms)',
          'whole process (ms)',
        ],
        rows,
        notes: [
          `Medians of ${runs * 2} runs each, interleaved in alternating order, after one warm-up of each.`,
          'moto answers over plain HTTP on loopback: a first request to DynamoDB itself adds DNS and a TLS handshake for either client.',
        ],
      };
    } finally {
      await moto.stop();
      rmSync(work, { recursive: true, force: true });
    }
  },
};
