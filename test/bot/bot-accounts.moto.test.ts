import type { EC2Client } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { accountEc2 } from '../support/accounts-on-moto.js';
import { EVENING_CHANNEL, useEveningOnMoto } from '../support/evening-on-moto.js';
import { launch, statesOf } from '../support/scheduler-on-moto.js';

// Tuesday 24 November 2026. Paris is UTC+1: the 20:00 stop is 19:00Z. Two member accounts,
// dev and staging, each with a web-1 on office-hours; the hub's own account is not worked.
// Both functions reach the accounts through their spoke roles (moto's STS takes any role).
const DEV = '111111111111';
const STAGING = '222222222222';
const REGION = 'eu-west-1';
const CONFIG = `
defaultSchedule: office-hours
regions: [${REGION}]
resources: [ec2]
accounts:
  - id: "${DEV}"
    name: dev
  - id: "${STAGING}"
    name: staging
schedules:
  office-hours: { timezone: Europe/Paris, start: "08:00", stop: "20:00" }
slack: { channel: ${EVENING_CHANNEL}, warningLead: 30m }
snooze: { defaultDuration: 2h, max: 12h }
scheduler: { interval: 5m, maxCatchUp: 24h }
`;

const world = useEveningOnMoto(CONFIG, {
  SPOKE_EXTERNAL_ID: 'test-external-id',
  STOPINATOR_STAGE: 'test',
});

interface Accounts {
  readonly ec2: Record<'dev' | 'staging', EC2Client>;
  readonly web1: Record<'dev' | 'staging', string>;
}

/** web-1 in both accounts, and web-2 in dev; the scheduler has run once (the fleet index). */
async function twoAccounts(): Promise<Accounts> {
  const endpoint = world.endpoint();
  const ec2 = {
    dev: await accountEc2(endpoint, DEV, REGION),
    staging: await accountEc2(endpoint, STAGING, REGION),
  };
  const tags = { Name: 'web-1', stopinator: 'office-hours' };
  const [dev = ''] = await launch(ec2.dev, 1, tags);
  const [staging = ''] = await launch(ec2.staging, 1, tags);
  await launch(ec2.dev, 1, { Name: 'web-2', stopinator: 'office-hours' });
  return { ec2, web1: { dev, staging } };
}

async function stateIn(client: EC2Client, id: string): Promise<string | undefined> {
  return (await statesOf(client, [id])).get(id);
}

describe('the bot across member accounts, through the real handlers, against moto', () => {
  it('snooze dev/web-1 2h covers dev’s web-1 only: it keeps running at 20:00 while staging’s stops', async () => {
    const { ec2, web1 } = await twoAccounts();
    await world.runUntil('2026-11-24T17:55:00Z');

    const reply = await world.command('alice', '2026-11-24T18:00:00Z', 'snooze dev/web-1 2h');

    expect(reply.text).toBe('Snoozed dev/web-1');
    expect(reply.shown).toContain('`web-1`: stop 20:00 CET → 22:00 CET');
    const [stored] = await world.table().snoozes.activeSnoozes(0);
    expect(stored?.ends.flatMap((e) => e.resources)).toEqual([`${DEV}/${REGION}/${web1.dev}`]);
    const other = await world.command('bob', '2026-11-24T18:01:00Z', 'unsnooze staging/web-1');
    expect(other.shown).toContain('No active snooze covers `staging/web-1`');
    await world.runUntil('2026-11-24T19:00:00Z');
    expect(await stateIn(ec2.dev, web1.dev)).toBe('running');
    expect(await stateIn(ec2.staging, web1.staging)).toBe('stopped');
  });

  it('snooze web-1, a name in both accounts, is refused naming both, and nothing is written', async () => {
    await twoAccounts();
    await world.runUntil('2026-11-24T17:55:00Z');

    const reply = await world.command('alice', '2026-11-24T18:00:00Z', 'snooze web-1 2h');

    expect(reply.shown).toContain('web-1 is in 2 accounts: name one, dev/web-1 or staging/web-1');
    expect(await world.table().snoozes.activeSnoozes(0)).toEqual([]);
    const typo = await world.command('alice', '2026-11-24T18:01:00Z', 'snooze dve/web-1 2h');
    expect(typo.shown).toContain('No account named dve. Did you mean dev?');
    const web2 = await world.command('alice', '2026-11-24T18:02:00Z', 'snooze web-2 1h');
    expect(web2.text).toBe('Snoozed web-2');
    const staging = await world.command(
      'alice',
      '2026-11-24T18:03:00Z',
      'snooze account:staging 1h',
    );
    expect(staging.text).toBe('Snoozed account:staging');

    const history = await world.command('alice', '2026-11-24T18:04:00Z', 'history');

    // A heading per account, in the order of their names; each change under its account.
    expect(history.shown).toMatch(/\*dev\*.*web-2.*\*staging\*.*account:staging/);
  });

  it('wake staging/web-1 starts it in the staging account, through its role; dev’s stays stopped', async () => {
    const { ec2, web1 } = await twoAccounts();
    await world.runUntil('2026-11-24T17:55:00Z');
    await world.runUntil('2026-11-24T19:00:00Z');
    expect(await stateIn(ec2.staging, web1.staging)).toBe('stopped');

    const reply = await world.command('alice', '2026-11-24T19:30:00Z', 'wake staging/web-1 1h');

    expect(reply.shown).toContain('Started `web-1`');
    expect(await stateIn(ec2.staging, web1.staging)).toBe('running');
    expect(await stateIn(ec2.dev, web1.dev)).toBe('stopped');
  });

  it('status and why group by account and show places as the account’s name and the region', async () => {
    await twoAccounts();
    await world.runUntil('2026-11-24T17:55:00Z');

    const status = await world.command('alice', '2026-11-24T18:00:00Z', 'status');
    const why = await world.command('alice', '2026-11-24T18:00:00Z', 'why web-*');
    const tonight = await world.command('alice', '2026-11-24T18:00:00Z', 'tonight');

    for (const reply of [status, why, tonight]) {
      expect(reply.shown).toContain('*dev*');
      expect(reply.shown).toContain('*staging*');
      expect(reply.shown).not.toContain(`${DEV}/`);
      expect(reply.shown).not.toContain(`${STAGING}/`);
    }
    expect(status.shown.indexOf('*dev*')).toBeLessThan(status.shown.indexOf('*staging*'));
    const snoozed = await world.command('alice', '2026-11-24T18:05:00Z', 'snooze web-* 1h');
    expect(snoozed.shown).toMatch(
      /\*dev\*\\n• `web-1` and `web-2`: stop 20:00 CET → 21:00 CET.*\\n\*staging\*\\n• `web-1`: stop/,
    );
  });

  it('a name the index does not know yet is looked up in the account it names, through the role', async () => {
    const { ec2 } = await twoAccounts();
    await world.runUntil('2026-11-24T17:55:00Z');
    await launch(ec2.staging, 1, { Name: 'web-9', stopinator: 'office-hours' });

    const reply = await world.command('alice', '2026-11-24T18:00:00Z', 'snooze staging/web-9 1h');

    expect(reply.text).toBe('Snoozed staging/web-9');
  });
});
