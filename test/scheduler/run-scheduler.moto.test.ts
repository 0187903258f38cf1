import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { beforeEach, describe, expect, it } from 'vitest';
import { RETRY_SETTINGS } from '../../src/aws/clients.js';
import { createTable } from '../../src/aws/create-table.js';
import { stopinatorTable } from '../../src/aws/dynamo-store.js';
import { Ec2Fleet, type Ec2FleetOptions } from '../../src/aws/ec2-fleet.js';
import { runScheduler, type SchedulerDeps } from '../../src/scheduler/run-scheduler.js';
import { memoryLogger, RecordingNotifier } from '../fixtures/memory-ports.js';
import { at, testConfig } from '../fixtures/schedules.js';
import {
  recordCommands,
  TEST_CREDENTIALS,
  testDynamoClient,
  testEc2Client,
} from '../support/aws-clients.js';
import { useMoto } from '../support/moto.js';
import { launch, statesOf } from '../support/scheduler-on-moto.js';

const TABLE = 'stopinator-run-test';
// Tuesday 24 November 2026, 20:00 Paris (CET): office-hours stops; New York is at 14:00.
const STOP_EDGE = at('2026-11-24T19:00:00Z');

const moto = useMoto();
let sent: Record<string, string[]>;
let seeding: Map<string, EC2Client>;

beforeEach(async () => {
  await moto.reset();
  sent = {};
  seeding = new Map();
});

/** Uncounted clients for seeding and reading back. */
function seed(region: string): EC2Client {
  let client = seeding.get(region);
  if (!client) {
    client = testEc2Client(moto.endpoint(), region);
    seeding.set(region, client);
  }
  return client;
}

/** The use case on the real adapters, every request counted per client. */
async function realDeps(options: {
  fleet?: Partial<Ec2FleetOptions>;
  ec2?: (region: string) => EC2Client;
}): Promise<{ deps: SchedulerDeps; notifier: RecordingNotifier; lines: unknown[] }> {
  const dynamo = testDynamoClient(moto.endpoint());
  await createTable(dynamo, TABLE);
  const table = stopinatorTable(dynamo, TABLE);
  await table.cursor.advanceCursor(undefined, { at: STOP_EDGE - 5 * 60_000, regions: {} });
  sent.dynamodb = recordCommands(dynamo);
  const clients = new Map<string, EC2Client>();
  const clientFor = (region: string) => {
    let client = clients.get(region);
    if (!client) {
      client = options.ec2?.(region) ?? testEc2Client(moto.endpoint(), region);
      sent[region] = recordCommands(client);
      clients.set(region, client);
    }
    return client;
  };
  const notifier = new RecordingNotifier();
  const { log, lines } = memoryLogger();
  const config = testConfig();
  return {
    deps: {
      config,
      fleet: new Ec2Fleet({ clientFor, tagKey: config.tagKey, ...options.fleet }),
      snoozes: table.snoozes,
      cursor: table.cursor,
      fleetIndex: table.fleetIndex,
      journal: table.journal,
      outages: table.outages,
      notifier,
      log,
      clock: Date.now,
    },
    notifier,
    lines,
  };
}

describe('a scheduler run on the real adapters against moto', () => {
  it('lists every page in both regions, stops the scheduled instances and leaves the others alone', async () => {
    // Prepare: one instance per RunInstances call, since moto's MaxResults counts reservations.
    const west = await launch(seed('eu-west-1'), 10, { stopinator: 'office-hours' });
    const east = await launch(seed('us-east-1'), 3, { stopinator: 'on' });
    const [off = ''] = await launch(seed('eu-west-1'), 1, { stopinator: 'off' });
    const [typo = ''] = await launch(seed('eu-west-1'), 1, { stopinator: 'ofice', Name: 'typo' });
    const untagged = await launch(seed('eu-west-1'), 2, { Name: 'not-mine' });
    const [newYork = ''] = await launch(seed('us-east-1'), 1, { stopinator: 'new-york' });
    const { deps, lines } = await realDeps({ fleet: { pageSize: 5 } });

    // Act
    const summary = await runScheduler(deps, STOP_EDGE);

    // Assess
    expect(summary).toEqual({
      window: { from: '2026-11-24T18:55:00.000Z', to: '2026-11-24T19:00:00.000Z' },
      stopped: 13,
      started: 0,
      warned: 0,
      skipped: 2, // off and the unknown schedule; nothing happens to new-york at this time
      failed: 0,
      retried: 0,
      failedRegions: [],
    });
    // 12 tagged in eu-west-1 (untagged ones are filtered out by EC2) in pages of 5: 5, 5, 2.
    expect(sent['eu-west-1']).toEqual([
      'DescribeInstancesCommand',
      'DescribeInstancesCommand',
      'DescribeInstancesCommand',
      'CreateTagsCommand',
      'StopInstancesCommand',
    ]);
    expect(sent['us-east-1']).toEqual([
      'DescribeInstancesCommand',
      'CreateTagsCommand',
      'StopInstancesCommand',
    ]);
    // Read: the cursor, the snoozes (twice: again just before the stops), the previous fleet
    // index, the pending actions and the open outages. Written: the pending set (one item,
    // before the cursor moves), the cursor, the index (one transaction per region), the pending
    // set with the record of the outcomes (one transaction): whatever the fleet's size.
    expect([...(sent.dynamodb ?? [])].sort()).toEqual(
      [
        'GetItemCommand',
        ...Array(5).fill('QueryCommand'),
        'PutItemCommand',
        ...Array(4).fill('TransactWriteItemsCommand'),
      ].sort(),
    );
    const westStates = await statesOf(seed('eu-west-1'), [...west, off, typo, ...untagged]);
    const eastStates = await statesOf(seed('us-east-1'), [...east, newYork]);
    expect([...west, ...east].map((id) => westStates.get(id) ?? eastStates.get(id))).toEqual(
      Array(13).fill('stopped'),
    );
    expect([off, typo, ...untagged].map((id) => westStates.get(id))).toEqual(
      Array(4).fill('running'),
    );
    expect(eastStates.get(newYork)).toBe('running');
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'WARN',
        code: 'unknown-schedule',
        reason: 'left alone: unknown schedule "ofice" in tag stopinator',
      }),
    );
  });

  it('rides out throttling with the SDK retry settings the Lambda uses: two RequestLimitExceeded, then success', async () => {
    // Prepare
    const ids = await launch(seed('eu-west-1'), 2, { stopinator: 'on' });
    let stopAttempts = 0;
    const production = (region: string) => {
      const client = new EC2Client({
        ...RETRY_SETTINGS,
        region,
        endpoint: moto.endpoint(),
        credentials: TEST_CREDENTIALS,
      });
      // Below the deserializer and the retry strategy: EC2's own throttling answer, as bytes.
      client.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName === 'StopInstancesCommand' && ++stopAttempts <= 2)
            return { response: requestLimitExceeded(), output: undefined as never };
          return next(args);
        },
        { step: 'deserialize', priority: 'low', name: 'throttleTheFirstTwoStops' },
      );
      return client;
    };
    const { deps, notifier } = await realDeps({ ec2: production });

    // Act
    const summary = await runScheduler(deps, STOP_EDGE);

    // Assess
    expect(summary).toMatchObject({ stopped: 2, failed: 0 });
    expect(stopAttempts).toBe(3);
    expect(sent['eu-west-1']).toEqual([
      'DescribeInstancesCommand',
      'CreateTagsCommand',
      'StopInstancesCommand', // one command, three attempts
    ]);
    expect(notifier.runs[0]?.failures).toEqual([]);
    const states = await statesOf(seed('eu-west-1'), ids);
    expect([...states.values()]).toEqual(['stopped', 'stopped']);
    // The mark is in place, so the morning start will restart them.
    const { Reservations } = await seed('eu-west-1').send(
      new DescribeInstancesCommand({ InstanceIds: ids }),
    );
    const marks = Reservations?.flatMap((r) => r.Instances ?? []).map(
      (i) => i.Tags?.find((t) => t.Key === 'stopinator:stopped-at')?.Value,
    );
    expect(marks).toEqual([expect.any(String), expect.any(String)]);
  });
});

/** What EC2 answers when an account exceeds its API request rate. */
function requestLimitExceeded() {
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>RequestLimitExceeded</Code>' +
    '<Message>Request limit exceeded.</Message></Error></Errors>' +
    '<RequestID>3f8a6c1e-0000-4000-8000-000000000000</RequestID></Response>';
  return {
    statusCode: 503,
    reason: 'Service Unavailable',
    headers: { 'content-type': 'text/xml;charset=UTF-8', 'content-length': String(xml.length) },
    body: new TextEncoder().encode(xml),
  };
}
