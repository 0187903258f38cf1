import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DeleteItemCommand,
  type DynamoDBClient,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { build } from 'esbuild';
import { createTable } from '../../src/aws/create-table.js';
import { SNOOZE_PK } from '../../src/aws/table-keys.js';
import { testDynamoClient } from '../../test/support/aws-clients.js';
import { startMoto } from '../../test/support/moto.js';
import {
  BOT_TOKEN,
  commandBody,
  SIGNING_SECRET,
  signedEvent,
} from '../../test/support/slack-request.js';
import { packageStack } from '../deploy/package-stack.js';
import { readZip } from '../deploy/read-zip.js';
import { type BenchSection, median } from './section.js';

const TABLE = 'stopinator-bench';

/** Snoozes by someone else on other instances, in the table for every timed command. */
const STANDING_SNOOZES = 10;

/** The baseline: the smallest Bolt app there is, bundled from Bolt's main entry as people do. */
const HELLO_WORLD = `
import { App, AwsLambdaReceiver } from '@slack/bolt';
const receiver = new AwsLambdaReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET });
const app = new App({ receiver, token: process.env.SLACK_BOT_TOKEN, botId: 'B0BENCH', botUserId: 'U0BENCH' });
app.command('/stopinator', async ({ ack }) => { await ack('hello'); });
export const handler = receiver.toHandler();
`;

/**
 * Slack's Web API for the bot's users.info (asked before a change), in its own process: the
 * timing loop below blocks this one. Prints its port, answers that everyone is a member.
 */
const FAKE_SLACK = `
const server = require('node:http').createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const user = new URLSearchParams(body).get('user') ?? '';
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true, user: { id: user, team_id: 'T0TEST', is_restricted: false } }));
  });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

async function startFakeSlack(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['-e', FAKE_SLACK], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', () => reject(new Error('the fake Slack did not start')));
  });
  return { url: `http://127.0.0.1:${port}/api/`, child };
}

/** Loads a handler bundle, answers one event, exits: one cold start, timed from outside. */
const RUNNER = `
const { handler } = await import(process.argv[2]);
const result = await handler(JSON.parse(process.env.BENCH_EVENT), {});
if (result.statusCode !== 200) { console.error(JSON.stringify(result)); process.exit(1); }
process.stdout.write(result.body);
process.exit(0);
`;

/** The commands timed cold, each against the same hello-world in the same loop. */
const COLD_COMMANDS = [
  { text: 'help', label: 'help (no AWS client loaded)', goal: 0.5 },
  {
    text: 'snooze web-1 2h',
    label: 'snooze web-1 2h: index + snoozes read, snooze written',
    goal: 0.9,
  },
  { text: 'why web-1', label: 'why web-1: index + snoozes read', goal: 1.0 },
] as const;

export const botColdStartSection: BenchSection = {
  id: 'bot-cold-start',
  title: 'Bot cold start: help, snooze and why, as a whole process',
  description:
    'A fresh `node` process loads the packaged bot bundle and answers one signed command: `help`, ' +
    '`snooze web-1 2h` (the fleet index and the snoozes read from moto, the snooze and its audit record ' +
    'written, users.info answered by a local fake Slack) and `why web-1`. The table holds a fleet index of 300 instances. Baseline: a bare Bolt ' +
    "hello-world (App + AwsLambdaReceiver, one command that only acks) bundled from Bolt's main entry " +
    'with the same esbuild options, answering the same kind of request, measured in the same loop.',
  async run({ repoRoot, runs, log }) {
    const work = mkdtempSync(join(tmpdir(), 'stopinator-bench-bot-'));
    const moto = await startMoto();
    // A change asks Slack who the person is (guests are refused): answered on 127.0.0.1.
    const slack = await startFakeSlack();
    try {
      await createTable(testDynamoClient(moto.endpoint), TABLE);
      await writeBenchIndex(testDynamoClient(moto.endpoint), 300);
      log('packaging the stack for the bot bundle...');
      const stack = packageStack({ repoRoot, workDir: join(work, 'pkg') });
      const zip = stack.artifacts.bot;
      if (!zip) throw new Error('no bot artifact in the package');
      const botDir = join(work, 'bot');
      for (const [name, data] of readZip(zip)) {
        mkdirSync(dirname(join(botDir, name)), { recursive: true });
        writeFileSync(join(botDir, name), data);
      }
      const configFile = join(botDir, stack.values.configFile);
      const hello = join(work, 'hello', 'handler.mjs');
      await build({
        stdin: { contents: HELLO_WORLD, resolveDir: repoRoot, loader: 'js' },
        outfile: hello,
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
      const runner = join(work, 'runner.mjs');
      writeFileSync(runner, RUNNER);
      const env = {
        PATH: process.env.PATH ?? '',
        AWS_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_ENDPOINT_URL_DYNAMODB: moto.endpoint,
        AWS_ENDPOINT_URL_RDS: moto.endpoint,
        AWS_ENDPOINT_URL_AUTO_SCALING: moto.endpoint,
        AWS_ENDPOINT_URL_EC2: moto.endpoint,
        STOPINATOR_TABLE: TABLE,
        STOPINATOR_CONFIG_FILE: configFile,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_API_URL: slack.url,
        LOG_LEVEL: 'warn',
      };
      const once = (bundle: string, cwd: string, text = 'snooze 2h', userId?: string): number => {
        const event = signedEvent(
          commandBody({ text, ...(userId ? { userId, userName: 'bob' } : {}) }),
        );
        const start = process.hrtime.bigint();
        const result = spawnSync(
          process.execPath,
          ['--no-warnings', runner, pathToFileURL(bundle).href],
          {
            cwd,
            env: { ...env, BENCH_EVENT: JSON.stringify(event) },
            encoding: 'utf8',
          },
        );
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        if (result.status !== 0) throw new Error(`cold start failed: ${result.stderr}`);
        return ms;
      };
      const botBundle = join(botDir, 'src/bot/handler.mjs');
      log(`timing ${runs * 2} cold starts of each command and of the hello-world...`);
      const dynamo = testDynamoClient(moto.endpoint);
      // A team's standing snoozes: someone else's, on other instances, read by every command.
      for (let i = 2; i < 2 + STANDING_SNOOZES; i++) {
        once(botBundle, botDir, `snooze web-${i} 2h`, 'U0BOB');
      }
      const standing = new Set(await snoozeKeys(dynamo));
      if (standing.size !== STANDING_SNOOZES) throw new Error(`${standing.size} standing snoozes`);
      once(botBundle, botDir, 'snooze web-1 2h');
      await clearSnoozes(dynamo, standing);
      once(hello, dirname(hello));
      let snoozesWritten = 0;
      const ours = new Map<string, number[]>(COLD_COMMANDS.map((c) => [c.text, []]));
      const baseline: number[] = [];
      const bare: number[] = [];
      // Alternating which goes first, so drift in the machine's load falls on all alike.
      for (let i = 0; i < runs * 2; i++) {
        const order = i % 2 === 0 ? [...COLD_COMMANDS] : [...COLD_COMMANDS].reverse();
        if (i % 2 === 0) baseline.push(once(hello, dirname(hello)));
        for (const c of order) {
          ours.get(c.text)?.push(once(botBundle, botDir, c.text));
          // Every run starts from the same table: the index and the standing snoozes.
          snoozesWritten += await clearSnoozes(dynamo, standing);
        }
        if (i % 2 === 1) baseline.push(once(hello, dirname(hello)));
        const start = process.hrtime.bigint();
        execFileSync(process.execPath, ['-e', '0']);
        bare.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      const written =
        (await dynamo.send(new ScanCommand({ TableName: TABLE, Select: 'COUNT' }))).Count ?? 0;
      const [b, n] = [median(baseline), median(bare)];
      return {
        columns: ['process', 'median (ms)', 'over bare node (ms)', 'ratio to hello-world', 'goal'],
        rows: [
          ['bare `node -e 0`', n.toFixed(0), '0', `${(n / b).toFixed(2)}×`, '-'],
          ['Bolt hello-world (main entry), acks', b.toFixed(0), (b - n).toFixed(0), '1.00×', '-'],
          ...COLD_COMMANDS.map((c) => {
            const o = median(ours.get(c.text) ?? []);
            return [
              `stopinator bot, ${c.label}`,
              o.toFixed(0),
              (o - n).toFixed(0),
              `${(o / b).toFixed(2)}×`,
              `≤ ${c.goal.toFixed(1)}×`,
            ];
          }),
        ],
        notes: [
          `${runs * 2} runs each, interleaved in alternating order; one warm-up of each first. Each run starts from the same table: the fleet index and ${STANDING_SNOOZES} standing snoozes by someone else on other instances; the snooze each snooze run writes is deleted after it (${snoozesWritten} in all), so every one moves tonight's stop, as a first snooze does (moto's Query takes about 2 ms an item: a snooze partition growing by one a run made each run slower than the last). ${written} DynamoDB items in the table afterwards (the index shard and the audit records).`,
          "The bot bundle is the packaged Lambda artifact; Bolt's unused receivers are stubbed out of it (scripts/deploy/esbuild-plugins.cjs); the DynamoDB client is loaded on the first command that reads the table, the EC2 client only by status, wake and a target the index does not know.",
        ],
      };
    } finally {
      slack.child.kill();
      await moto.stop();
      rmSync(work, { recursive: true, force: true });
    }
  },
};

export const botStatusSection: BenchSection = {
  id: 'bot-status',
  title: 'Bot: /stopinator status for 300 instances, warm',
  description:
    'The status command in-process with the real adapters against moto (300 instances in one region, ' +
    'a few snoozes), after warm-up, against the AWS calls it makes measured alone in the same process: ' +
    'the paginated DescribeInstances of every configured region and the snooze Query, in parallel.',
  async run({ runs, log }) {
    const moto = await startMoto();
    try {
      const [
        { RunInstancesCommand },
        { Ec2Fleet },
        { stopinatorTable },
        { parseConfig },
        { statusCommand },
        { listFleet },
        { jsonLogger },
        { planSnooze },
        { nameMatches },
      ] = await Promise.all([
        import('@aws-sdk/client-ec2'),
        import('../../src/aws/ec2-fleet.js'),
        import('../../src/aws/dynamo-store.js'),
        import('../../src/core/config.js'),
        import('../../src/bot/commands/status-command.js'),
        import('../../src/bot/commands/fleet-view.js'),
        import('../../src/runtime/logger.js'),
        import('../../src/core/snooze-plan.js'),
        import('../../src/core/selector.js'),
      ]);
      const { testEc2Client } = await import('../../test/support/aws-clients.js');
      const dynamo = testDynamoClient(moto.endpoint);
      await createTable(dynamo, TABLE);
      const ec2 = testEc2Client(moto.endpoint, 'eu-west-1');
      log('seeding 300 instances...');
      for (let i = 0; i < 3; i++) {
        await ec2.send(
          new RunInstancesCommand({
            ImageId: 'ami-12c6146b',
            MinCount: 100,
            MaxCount: 100,
            TagSpecifications: [
              {
                ResourceType: 'instance',
                Tags: [
                  { Key: 'stopinator', Value: i === 2 ? 'nightly' : 'true' },
                  { Key: 'Name', Value: `svc-${i}` },
                ],
              },
            ],
          }),
        );
      }
      const config = parseConfig({
        defaultSchedule: 'office-hours',
        regions: ['eu-west-1'],
        schedules: {
          'office-hours': { timezone: 'Europe/Paris', start: '08:00', stop: '20:00' },
          nightly: {
            timezone: 'Europe/Paris',
            stop: '21:00',
            days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
          },
        },
      });
      const table = stopinatorTable(dynamo, TABLE);
      const now = Date.now();
      const fleet = new Ec2Fleet({ clientFor: () => ec2, tagKey: config.tagKey });
      const listed = await listFleet(fleet, config);
      for (const [i, pattern] of ['svc-0', 'svc-1', 'svc-*'].entries()) {
        const plan = planSnooze({
          instances: listed.filter((instance) => nameMatches(pattern, instance.tags.Name ?? '')),
          snoozes: [],
          config,
          length: { kind: 'for', minutes: 60 * (i + 1) },
          now,
        });
        await table.snoozes.putSnooze({
          id: `bench-${i}`,
          kind: 'snooze',
          selector: { kind: 'name', pattern },
          length: { kind: 'for', minutes: 60 * (i + 1) },
          by: 'U0BENCH',
          createdAt: now,
          expiresAt: now + 86_400_000,
          ends: plan.ends,
        });
      }
      const deps = {
        config,
        snoozes: table.snoozes,
        audit: table.audit,
        fleetIndex: table.fleetIndex,
        history: table.history,
        prices: table.prices,
        fleet: async () => fleet,
        clock: () => Date.now(),
        log: jsonLogger({ service: 'bench', level: 'error' }),
      };
      const request = () => ({
        actor: { userId: 'U0BENCH' },
        deadline: Date.now() + 10_000,
        requestKey: `bench-${Math.random()}`,
        userGroups: async () => [],
      });
      const awsAlone = () =>
        Promise.all([listFleet(fleet, config), table.snoozes.activeSnoozes(Date.now())]);
      const time = async (work: () => Promise<unknown>) => {
        const start = process.hrtime.bigint();
        await work();
        return Number(process.hrtime.bigint() - start) / 1e6;
      };
      log('warming up...');
      for (let i = 0; i < 3; i++) {
        await awsAlone();
        await statusCommand(deps, { kind: 'status' }, request());
      }
      const reply = await statusCommand(deps, { kind: 'status' }, request());
      const blocks = reply.reply.blocks.length;
      const status: number[] = [];
      const alone: number[] = [];
      // Alternating which goes first, so drift in moto's speed falls on both alike.
      for (let i = 0; i < runs * 2; i++) {
        if (i % 2 === 0) {
          alone.push(await time(awsAlone));
          status.push(await time(() => statusCommand(deps, { kind: 'status' }, request())));
        } else {
          status.push(await time(() => statusCommand(deps, { kind: 'status' }, request())));
          alone.push(await time(awsAlone));
        }
      }
      const [s, a] = [median(status), median(alone)];
      return {
        columns: ['measurement', 'median (ms)', 'ratio'],
        rows: [
          ['AWS calls alone (DescribeInstances + snooze Query)', a.toFixed(1), '1.00×'],
          ['/stopinator status, 300 instances', s.toFixed(1), `${(s / a).toFixed(2)}×`],
        ],
        notes: [
          `${runs * 2} runs each, interleaved in alternating order, after 3 warm-up rounds. The reply has ${blocks} blocks (Slack allows 50).`,
        ],
      };
    } finally {
      await moto.stop();
    }
  },
};

/** The sort keys of every snooze in the table. */
async function snoozeKeys(dynamo: DynamoDBClient): Promise<string[]> {
  const { Items = [] } = await dynamo.send(
    new QueryCommand({
      TableName: TABLE,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: SNOOZE_PK } },
      ProjectionExpression: 'sk',
      ConsistentRead: true,
    }),
  );
  return Items.map((item) => item.sk?.S ?? '');
}

/** Deletes the snoozes a run added (all but `keep`); how many. */
async function clearSnoozes(dynamo: DynamoDBClient, keep: ReadonlySet<string>): Promise<number> {
  const added = (await snoozeKeys(dynamo)).filter((sk) => !keep.has(sk));
  for (const sk of added) {
    await dynamo.send(
      new DeleteItemCommand({ TableName: TABLE, Key: { pk: { S: SNOOZE_PK }, sk: { S: sk } } }),
    );
  }
  return added.length;
}

/** A fleet index of `count` instances (web-1 among them), as a scheduler run writes it. */
export async function writeBenchIndex(
  dynamo: ReturnType<typeof testDynamoClient>,
  count: number,
): Promise<void> {
  const { stopinatorTable } = await import('../../src/aws/dynamo-store.js');
  const runAt = Date.now();
  const entries = Array.from({ length: count }, (_, i) => ({
    instance: {
      id: `i-${(i + 1).toString(16).padStart(17, '0')}`,
      region: 'eu-west-1',
      state: 'running' as const,
      tags: { Name: `web-${i + 1}`, stopinator: 'true' },
    },
    nextStop: runAt + 3_600_000,
    recent: [
      {
        at: runAt - 86_400_000,
        action: 'start' as const,
        code: 'scheduled-start' as const,
        reason: 'started: schedule office-hours, 08:00 Europe/Paris',
      },
    ],
  }));
  await stopinatorTable(dynamo, TABLE).fleetIndex.writeIndex({
    runAt,
    writtenAt: runAt,
    regions: [{ region: 'eu-west-1', listedAt: runAt, entries }],
  });
}
