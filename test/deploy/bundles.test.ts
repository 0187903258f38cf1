import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { PackagedStack } from '../../scripts/deploy/package-stack.js';
import { LAMBDA_NODE_MAJOR, node24Binary } from '../support/node24.js';
import {
  PACKAGE_TIMEOUT_MS,
  PROD_CONFIG_CHANGES,
  packagedStack,
  REPO_ROOT,
  unzipTo,
  zipFiles,
} from './packaged-stack.js';

const FUNCTIONS = ['scheduler', 'bot'] as const;

/** What Bolt's unused receivers would bring in (see scripts/deploy/esbuild-plugins.cjs). */
const NOT_IN_LAMBDA = [
  'express',
  'body-parser',
  'iconv-lite',
  'raw-body',
  '@slack/socket-mode',
  '@slack/oauth',
  'undici',
  'ws',
];

/**
 * The Node that runs the tests, and the one Lambda's nodejs24.x runs: what ships is loaded on
 * the runtime it ships to. A missing Node 24 binary fails these tests, saying how to install it.
 */
const RUNTIMES = [
  { runtime: `this machine's Node ${process.version}`, binary: () => process.execPath },
  { runtime: `Node.js ${LAMBDA_NODE_MAJOR} (Lambda nodejs24.x)`, binary: node24Binary },
] as const;

let dev: PackagedStack;
let prod: PackagedStack;

beforeAll(async () => {
  [dev, prod] = await Promise.all([packagedStack('dev'), packagedStack('prod')]);
}, PACKAGE_TIMEOUT_MS);

const files = zipFiles;

/** The npm packages a bundle was built from, read from its source map. */
function bundledPackages(stack: PackagedStack, fn: string): Set<string> {
  const map = JSON.parse(String(files(stack, fn).get(`src/${fn}/handler.mjs.map`))) as {
    sources: string[];
  };
  return new Set(
    map.sources.flatMap((source) => {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(source);
      return match?.[1] ? [match[1]] : [];
    }),
  );
}

/** `process.version` of a Node binary. */
function nodeVersion(binary: string): string {
  return spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout.trim();
}

describe.each(FUNCTIONS)('the %s zip', (fn) => {
  it('holds its bundle and chunks with source maps and the validated configuration, nothing else', () => {
    const names = [...files(dev, fn).keys()].sort();
    const yaml = readFileSync(join(REPO_ROOT, 'stopinator.config.yml'), 'utf8');

    expect(dev.values.configFile).toBe('.serverless-config/stopinator.config.json');
    const code = names.filter((name) => name.startsWith(`src/${fn}/`));
    expect(names.filter((name) => !code.includes(name))).toEqual([
      '.serverless-config/stopinator.config.json',
      '.serverless-config/stopinator.config.yml',
    ]);
    expect(code).toContain(`src/${fn}/handler.mjs`);
    // Code splitting: every chunk is an ES module with its map, and only this function's.
    for (const name of code.filter((n) => n.endsWith('.mjs')))
      expect(code).toContain(`${name}.map`);
    expect(code.every((n) => /\.mjs(\.map)?$/.test(n))).toBe(true);
    expect(String(files(dev, fn).get('.serverless-config/stopinator.config.yml'))).toBe(yaml);
    expect(JSON.parse(String(files(dev, fn).get(dev.values.configFile)))).toEqual(parse(yaml));
  });

  it('ships the configuration file named at packaging time, as validated', () => {
    const shipped = JSON.parse(String(files(prod, fn).get(prod.values.configFile)));

    expect(shipped.tagKey).toBe(PROD_CONFIG_CHANGES.tagKey);
    expect(shipped.regions).toEqual(PROD_CONFIG_CHANGES.regions);
    expect(String(files(prod, fn).get('.serverless-config/stopinator.config.yml'))).toContain(
      `tagKey: ${PROD_CONFIG_CHANGES.tagKey}`,
    );
  });

  it('is a minified ES module with a linked source map, without the sources', () => {
    const bundle = String(files(dev, fn).get(`src/${fn}/handler.mjs`));
    const map = JSON.parse(String(files(dev, fn).get(`src/${fn}/handler.mjs.map`)));

    expect(bundle.trimEnd().endsWith('//# sourceMappingURL=handler.mjs.map')).toBe(true);
    expect(bundle).toMatch(/\bexport\s*\{/);
    // Minified: long lines (a few line breaks survive inside template literals).
    expect(bundle.length / bundle.split('\n').length).toBeGreaterThan(1000);
    expect(map.version).toBe(3);
    expect(map.sourcesContent).toBeUndefined();
  });

  it('bundles the AWS SDK from its ES modules, not the CommonJS build', () => {
    const map = JSON.parse(String(files(dev, fn).get(`src/${fn}/handler.mjs.map`))) as {
      sources: string[];
    };
    const sdk = map.sources.filter((s) => /node_modules\/@(aws-sdk|smithy)\//.test(s));

    expect(sdk.filter((s) => s.includes('/dist-cjs/'))).toEqual([]);
    if (fn === 'scheduler') expect(sdk.length).toBeGreaterThan(0);
  });

  it('leaves out what only Bolt’s unused receivers need', () => {
    const packages = bundledPackages(dev, fn);

    expect(NOT_IN_LAMBDA.filter((name) => packages.has(name))).toEqual([]);
  });
});

describe.each(
  FUNCTIONS.flatMap((fn) => RUNTIMES.map(({ runtime, binary }) => [fn, runtime, binary] as const)),
)('the %s bundle on %s', (fn, _runtime, binary) => {
  it('loads in a fresh Node process and exports a two-argument handler', () => {
    const node = binary();
    const dir = unzipTo(dev, fn);
    const url = pathToFileURL(join(dir, `src/${fn}/handler.mjs`)).href;
    const probe = `const m = await import(${JSON.stringify(url)});
      console.log(JSON.stringify({ type: typeof m.handler, length: m.handler?.length, node: process.version }));`;

    const result = spawnSync(node, ['--input-type=module', '-e', probe], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: dir, NODE_OPTIONS: '--enable-source-maps' },
      encoding: 'utf8',
      timeout: 30_000,
    });

    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      type: 'function',
      length: 2,
      node: nodeVersion(node),
    });
  });
});

/** The chunks a module imports statically (what loading it loads), transitively, itself included. */
function staticClosure(code: ReadonlyMap<string, Buffer>, entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const text = String(code.get(name) ?? '');
    // `import{a}from"./chunk.mjs"`, `import"./chunk.mjs"`, `export*from"./chunk.mjs"`; not import().
    for (const m of text.matchAll(
      /(?:import|export)\s*(?:[^"'();]*?from\s*)?["'](\.\/[^"']+\.mjs)["']/g,
    )) {
      visit(join(dirname(name), m[1] ?? '').replaceAll('\\', '/'));
    }
  };
  visit(entry);
  return seen;
}

describe('the bot bundle’s cold start', () => {
  it('loads no STS: the member accounts’ roles are assumed from a chunk of their own, on first use', () => {
    const code = files(dev, 'bot');
    const sourcesOf = (name: string) =>
      (JSON.parse(String(code.get(`${name}.map`) ?? '{"sources":[]}')) as { sources: string[] })
        .sources;
    const withSts = [...code.keys()].filter(
      (name) =>
        name.endsWith('.mjs') &&
        sourcesOf(name).some(
          (s) => s.includes('@aws-sdk/client-sts') || s.endsWith('sts-assume-role.ts'),
        ),
    );

    const loaded = staticClosure(code, 'src/bot/handler.mjs');

    expect(withSts.length).toBeGreaterThan(0);
    expect(withSts.filter((name) => loaded.has(name))).toEqual([]);
    // Nor the fleet or its clients: those chunks wait for status, wake or a look-up.
    const withEc2 = [...loaded].filter((name) =>
      sourcesOf(name).some((s) => s.includes('@aws-sdk/client-ec2')),
    );
    expect(withEc2).toEqual([]);
  });
});

/** Runs `probe` (an ES module importing the bot bundle) in a fresh process, Slack unreachable. */
function runBotProbe(node: string, dir: string, probe: string, secret: string) {
  return spawnSync(node, ['--input-type=module', '-e', probe], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      AWS_REGION: 'eu-west-1',
      STOPINATOR_TABLE: 'stopinator-bundle-test',
      STOPINATOR_CONFIG_FILE: dev.values.configFile,
      SLACK_SIGNING_SECRET: secret,
      SLACK_BOT_TOKEN: 'xoxb-bundle-test',
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
    },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe.each(RUNTIMES.map(({ runtime, binary }) => [runtime, binary] as const))(
  'the bot bundle on %s',
  (_runtime, binary) => {
    it('answers a signed /stopinator help', () => {
      const node = binary();
      const dir = unzipTo(dev, 'bot');
      const url = pathToFileURL(join(dir, 'src/bot/handler.mjs')).href;
      const secret = 'bundle-test-signing-secret';
      const body = new URLSearchParams({
        command: '/stopinator',
        text: 'help',
        user_id: 'U0BUNDLE',
        team_id: 'T0BUNDLE',
        channel_id: 'C0BUNDLE',
        response_url: 'http://127.0.0.1:9/response',
        trigger_id: '1.2.3',
      }).toString();
      const timestamp = Math.floor(Date.now() / 1000).toString();
      const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
      const event = {
        version: '2.0',
        routeKey: 'POST /slack/events',
        rawPath: '/slack/events',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': timestamp,
          'x-slack-signature': signature,
        },
        body: Buffer.from(body).toString('base64'),
        isBase64Encoded: true,
        requestContext: { http: { method: 'POST', path: '/slack/events' }, timeEpoch: Date.now() },
      };
      const probe = `const { handler } = await import(${JSON.stringify(url)});
      const response = await handler(${JSON.stringify(event)}, {});
      console.log(JSON.stringify({ node: process.version, response }));`;

      const result = runBotProbe(node, dir, probe, secret);

      expect(result.status, result.stderr).toBe(0);
      const { node: ran, response } = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}');
      expect(ran).toBe(nodeVersion(node));
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('/stopinator');
    });

    it('hands a signed button click to Bolt, loaded from its chunk, and refuses a forged one', () => {
      const node = binary();
      const dir = unzipTo(dev, 'bot');
      const url = pathToFileURL(join(dir, 'src/bot/handler.mjs')).href;
      const secret = 'bundle-test-signing-secret';
      const payload = {
        type: 'block_actions',
        team: { id: 'T0BUNDLE' },
        user: { id: 'U0BUNDLE', team_id: 'T0BUNDLE' },
        container: { type: 'message', channel_id: 'C0BUNDLE', message_ts: '1.2' },
        trigger_id: '1.2.3',
        // A Wake button whose value names no target: Bolt acknowledges, nothing is done.
        actions: [{ type: 'button', action_id: 'wake_now', block_id: 'b', value: '{}' }],
      };
      const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      const timestamp = Math.floor(Date.now() / 1000).toString();
      const sign = (key: string) =>
        `v0=${createHmac('sha256', key).update(`v0:${timestamp}:${body}`).digest('hex')}`;
      const event = (signature: string) => ({
        version: '2.0',
        rawPath: '/slack/events',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': timestamp,
          'x-slack-signature': signature,
        },
        body,
        isBase64Encoded: false,
      });
      const probe = `const { handler } = await import(${JSON.stringify(url)});
      const good = await handler(${JSON.stringify(event(sign(secret)))}, {});
      const forged = await handler(${JSON.stringify(event(sign('not-the-secret')))}, {});
      console.log(JSON.stringify({ good: good.statusCode, forged: forged.statusCode }));`;

      const result = runBotProbe(node, dir, probe, secret);

      expect(result.status, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}')).toEqual({
        good: 200,
        forged: 401,
      });
    });
  },
);

describe('the worker zip', () => {
  it('holds the worker’s bundle and the validated configuration, and loads with a two-argument handler', () => {
    const names = [...files(dev, 'worker').keys()];
    expect(names).toContain('src/scheduler/worker.mjs');
    expect(names).toContain(dev.values.configFile);
    const dir = unzipTo(dev, 'worker');
    const url = pathToFileURL(join(dir, 'src/scheduler/worker.mjs')).href;
    const probe = `const m = await import(${JSON.stringify(url)});
      console.log(JSON.stringify({ type: typeof m.handler, length: m.handler?.length }));`;

    const result = spawnSync(node24Binary(), ['--input-type=module', '-e', probe], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: dir },
      encoding: 'utf8',
      timeout: 30_000,
    });

    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ type: 'function', length: 2 });
  });

  it('leaves the SQS client out of the scheduler’s bundle: a chunk, loaded when a run fans out', () => {
    const scheduler = files(dev, 'scheduler');
    const withSqs = [...scheduler.keys()].filter(
      (name) => name.endsWith('.mjs') && String(scheduler.get(name)).includes('SendMessageBatch'),
    );

    expect(withSqs).toHaveLength(1);
    expect(withSqs[0]).toMatch(/^src\/scheduler\/work-queue-[A-Z0-9]+\.mjs$/);
  });
});
