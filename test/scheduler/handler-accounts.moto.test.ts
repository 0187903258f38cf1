import { writeFileSync } from 'node:fs';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import type { EC2Client } from '@aws-sdk/client-ec2';
import {
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  accountEc2,
  assumeRoleRefused,
  MOTO_DEFAULT_ACCOUNT,
} from '../support/accounts-on-moto.js';
import { TEST_CREDENTIALS } from '../support/aws-clients.js';
import { AwsFaultProxy } from '../support/aws-fault-proxy.js';
import { useMoto } from '../support/moto.js';
import {
  everyFiveMinutes,
  type Handler,
  invoke,
  launch,
  statesOf,
  TABLE,
  useSchedulerOnMoto,
} from '../support/scheduler-on-moto.js';

// Tuesday 24 November 2026: office-hours stops at 20:00 Paris (19:00Z) and starts on
// Wednesday at 08:00 Paris (07:00Z). Two member accounts, reached through their spoke roles;
// the functions' requests go through a fault proxy.
const DEV = '111111111111';
const STAGING = '222222222222';
const REGION = 'eu-west-1';
const EXTERNAL_ID = 'test-external-id';
const CONFIG = `
tagKey: stopinator
defaultSchedule: office-hours
regions: [eu-west-1]
resources: [ec2]
accounts:
  - id: "${DEV}"
    name: dev
  - id: "${STAGING}"
    name: staging
schedules:
  office-hours:
    timezone: Europe/Paris
    start: "08:00"
    stop: "20:00"
    days: [mon, tue, wed, thu, fri]
`;

const moto = useMoto();
const world = useSchedulerOnMoto(moto, CONFIG);
const proxy = new AwsFaultProxy(() => moto.endpoint());
const ec2 = new Map<string, EC2Client>();

beforeAll(async () => {
  await proxy.start();
});
afterAll(async () => {
  await proxy.stop();
});
beforeEach(async () => {
  proxy.clear();
  for (const service of ['EC2', 'DYNAMODB', 'STS'])
    world.setEnv(`AWS_ENDPOINT_URL_${service}`, proxy.url);
  world.setEnv('SPOKE_EXTERNAL_ID', EXTERNAL_ID);
  world.setEnv('STOPINATOR_STAGE', 'test');
  ec2.clear();
  for (const account of [DEV, STAGING])
    ec2.set(account, await accountEc2(moto.endpoint(), account, REGION));
});

async function runs(handler: Handler, from: string, to: string): Promise<void> {
  for (const at of everyFiveMinutes(from, to)) await invoke(handler, at);
}

function alerts(): string[] {
  return world.logs
    .map((line) => String(line.message))
    .filter((message) => message.startsWith('ALERT: '));
}

function states(account: string, ids: readonly string[]): Promise<string[]> {
  return statesOf(ec2.get(account) as EC2Client, ids).then((s) => [...s.values()]);
}

describe('the scheduler handler across member accounts', () => {
  it('stops the office-hours instances of both accounts at 20:00 Paris and starts them at 08:00, through each spoke role with the external id; the hub’s own are not its to touch', async () => {
    // Prepare
    const dev = await launch(ec2.get(DEV) as EC2Client, 2, {
      stopinator: 'office-hours',
      Name: 'web',
    });
    const staging = await launch(ec2.get(STAGING) as EC2Client, 1, { stopinator: 'office-hours' });
    const hub = await launch(world.ec2(REGION), 1, { stopinator: 'office-hours' });
    const withExternalId = proxy.add({
      operation: 'AssumeRole',
      bodyIncludes: `ExternalId=${EXTERNAL_ID}`,
      effect: { delayMs: 0 },
    });
    void withExternalId;
    const handler = await world.freshHandler();

    // Act
    await runs(handler, '2026-11-24T18:55:00Z', '2026-11-24T19:05:00Z');
    const evening = {
      dev: await states(DEV, dev),
      staging: await states(STAGING, staging),
      hub: [...(await statesOf(world.ec2(REGION), hub)).values()],
    };
    await runs(handler, '2026-11-25T06:55:00Z', '2026-11-25T07:05:00Z');

    // Assess
    expect(evening.dev).toEqual(['stopped', 'stopped']);
    expect(evening.staging).toEqual(['stopped']);
    expect(evening.hub).toEqual(['running']);
    expect(await states(DEV, dev)).toEqual(['running', 'running']);
    expect(await states(STAGING, staging)).toEqual(['running']);
    const assumed = proxy.seen.filter((s) => s.operation === 'AssumeRole');
    // Once per account and container: the credentials last an hour and are kept.
    expect(assumed.length).toBeGreaterThanOrEqual(2);
    expect(assumed.length).toBeLessThanOrEqual(4);
    expect(proxy.rules[0]?.used).toBe(assumed.length);
    expect(alerts()).toEqual([]);
    // Each account has its own cursor; the hub's single-account one is not written.
    const cursors = await world.dynamo().send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: 'cursor' } },
      }),
    );
    expect(cursors.Items?.map((i) => i.sk?.S).sort()).toEqual([
      `scheduler@${DEV}`,
      `scheduler@${STAGING}`,
    ]);
    expect(MOTO_DEFAULT_ACCOUNT).not.toBe(DEV);
  }, 120_000);

  it('with the staging role refused, still stops dev, alerts once naming staging, and catches staging up when its role works again', async () => {
    // Prepare
    const dev = await launch(ec2.get(DEV) as EC2Client, 1, { stopinator: 'office-hours' });
    const staging = await launch(ec2.get(STAGING) as EC2Client, 1, { stopinator: 'office-hours' });
    const handler = await world.freshHandler();
    // Both accounts run before the outage (a first run starts from its own instant).
    await runs(handler, '2026-11-24T18:40:00Z', '2026-11-24T18:45:00Z');
    const refuse = proxy.add(assumeRoleRefused(STAGING, 'stopinator-spoke-test'));

    // Act: the evening, staging refused for four runs (new containers: no credentials kept)
    const refusedHandler = await world.freshHandler();
    await runs(refusedHandler, '2026-11-24T18:50:00Z', '2026-11-24T19:05:00Z');
    const refused = {
      dev: await states(DEV, dev),
      staging: await states(STAGING, staging),
      alerts: alerts(),
    };
    refuse();
    await runs(refusedHandler, '2026-11-24T19:10:00Z', '2026-11-24T19:15:00Z');

    // Assess
    expect(refused.dev).toEqual(['stopped']);
    expect(refused.staging).toEqual(['running']);
    expect(refused.alerts).toHaveLength(1);
    expect(refused.alerts[0]).toContain(`staging (${STAGING})`);
    expect(refused.alerts[0]).toContain('AccessDenied');
    expect(await states(STAGING, staging)).toEqual(['stopped']);
    expect(alerts().slice(1)).toEqual([
      `ALERT: Account staging (${STAGING}) answers again: its missed stops and starts are caught up.`,
    ]);
  }, 120_000);
});

describe('the scheduler handler with an organization’s accounts', () => {
  it('finds the active accounts under the organizational unit and the unit below it, and stops theirs at 20:00 Paris', async () => {
    // Prepare: an organization with an OU holding one new account, and an OU inside it holding another
    const org = new OrganizationsClient({
      endpoint: moto.endpoint(),
      region: 'us-east-1',
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
    });
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const { Roots } = await org.send(new ListRootsCommand({}));
    const root = Roots?.[0]?.Id as string;
    /** A unit under `parent`, with a new account moved into it. */
    const unitWithAccount = async (parent: string, name: string) => {
      const { OrganizationalUnit } = await org.send(
        new CreateOrganizationalUnitCommand({ ParentId: parent, Name: name }),
      );
      const { CreateAccountStatus } = await org.send(
        new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }),
      );
      const account = CreateAccountStatus?.AccountId as string;
      const unit = OrganizationalUnit?.Id as string;
      await org.send(
        new MoveAccountCommand({
          AccountId: account,
          SourceParentId: root,
          DestinationParentId: unit,
        }),
      );
      return { unit, account };
    };
    const { unit: outer, account: member } = await unitWithAccount(root, 'dev');
    const { account: innerMember } = await unitWithAccount(outer, 'dev-web');
    const memberEc2 = await accountEc2(moto.endpoint(), member, REGION);
    const ids = await launch(memberEc2, 1, { stopinator: 'office-hours' });
    const innerEc2 = await accountEc2(moto.endpoint(), innerMember, REGION);
    const innerIds = await launch(innerEc2, 1, { stopinator: 'office-hours' });
    writeFileSync(
      world.configFile,
      CONFIG.replace(
        /accounts:[\s\S]*?schedules:/,
        `organization:\n  parents: [${outer}]\nschedules:`,
      ),
    );
    world.setEnv('AWS_ENDPOINT_URL_ORGANIZATIONS', proxy.url);
    // Act
    try {
      await runs(await world.freshHandler(), '2026-11-24T18:55:00Z', '2026-11-24T19:05:00Z');
    } finally {
      writeFileSync(world.configFile, CONFIG);
    }

    // Assess
    expect([...(await statesOf(memberEc2, ids)).values()]).toEqual(['stopped']);
    expect([...(await statesOf(innerEc2, innerIds)).values()]).toEqual(['stopped']);
    // Three runs (18:55, 19:00, 19:05), each listing the two units' accounts and the units under each.
    const count = (operation: string) => proxy.seen.filter((s) => s.operation === operation).length;
    expect(count('ListAccountsForParent')).toBe(6);
    expect(count('ListOrganizationalUnitsForParent')).toBe(6);
    expect(alerts()).toEqual([]);
  }, 120_000);
});
