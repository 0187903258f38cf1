import { describe, expect, it } from 'vitest';
import { EVENING_CHANNEL, EVENING_CONFIG, useEveningOnMoto } from '../support/evening-on-moto.js';

// Tuesday 24 November 2026; Paris is UTC+1. office-hours 08:00–20:00 Mon–Fri: the 20:00 stop is
// 19:00Z, the 08:00 start 07:00Z. Prices from the configuration only (moto has no Pricing API).
const world = useEveningOnMoto(`${EVENING_CONFIG}
savings: { prices: { t3.medium: 0.05 } }
`);

/** The runs around each edge of Tuesday and Wednesday night (a gap is caught up by the next). */
async function tuesdayAndWednesdayNights(): Promise<void> {
  await world.runAt(
    '2026-11-24T18:55:00Z',
    '2026-11-24T19:00:00Z',
    '2026-11-25T06:55:00Z',
    '2026-11-25T07:00:00Z',
    '2026-11-25T18:55:00Z',
    '2026-11-25T19:00:00Z',
    '2026-11-26T06:55:00Z',
    '2026-11-26T07:00:00Z',
  );
}

describe('savings: a simulated week through the real handlers, against moto', () => {
  it('two t3.medium stopped Tuesday and Wednesday nights: savings week says 48 h and $2.40', async () => {
    await world.launch('web-1', 'office-hours', 't3.medium');
    await world.launch('web-2', 'office-hours', 't3.medium');
    await tuesdayAndWednesdayNights();
    expect([await world.state('web-1'), await world.state('web-2')]).toEqual([
      'running',
      'running',
    ]);

    const reply = await world.command('alice', '2026-11-26T10:00:00Z', 'savings week');
    expect(reply.text).toBe('Savings this week: all resources: 48 h off, $2.40 saved');
    expect(reply.shown).toContain('*48 h* off across 2 resources: *$2.40* saved');
    expect(reply.shown).toContain('`office-hours`: 2 resources, 48 h, $2.40');
    expect(reply.shown).toContain('`web-1` (eu-west-1, office-hours): 24 h, $1.20');
    expect(reply.shown).toContain('`web-2` (eu-west-1, office-hours): 24 h, $1.20');
    expect(reply.shown).toContain('Snoozes kept nothing up this week.');
    expect(reply.shown).toContain('EBS volumes and Elastic IP addresses of 2 instances');

    const one = await world.command('alice', '2026-11-26T10:00:00Z', 'savings week web-1');
    expect(one.text).toBe('Savings this week: web-1: 24 h off, $1.20 saved');
  });

  it('a snooze shows as what it cost, and what it kept up is not counted as saved', async () => {
    await world.launch('web-1', 'office-hours', 't3.medium');
    await world.launch('web-2', 'office-hours', 't3.medium');
    await world.runAt('2026-11-24T17:55:00Z');
    await world.command('alice', '2026-11-24T18:00:00Z', 'snooze web-1 2h');
    await world.runAt('2026-11-24T18:55:00Z', '2026-11-24T19:00:00Z');
    await world.runAt('2026-11-24T20:55:00Z', '2026-11-24T21:00:00Z');
    await world.runAt('2026-11-25T06:55:00Z', '2026-11-25T07:00:00Z');

    const reply = await world.command('bob', '2026-11-25T10:00:00Z', 'savings week');
    // web-1 off 22:00–08:00 (10 h), web-2 20:00–08:00 (12 h).
    expect(reply.text).toBe('Savings this week: all resources: 22 h off, $1.10 saved');
    expect(reply.shown).toContain('Snoozes kept 1 resource up 2 h this week: $0.10.');
  });

  it('a month without prices shows hours only, labelled, never a guessed amount', async () => {
    await world.launch('batch-1', 'office-hours', 'm5.large');
    await world.runAt('2026-11-24T18:55:00Z', '2026-11-24T19:00:00Z');
    await world.runAt('2026-11-25T06:55:00Z', '2026-11-25T07:00:00Z');

    const reply = await world.command('alice', '2026-11-25T10:00:00Z', 'savings month');
    expect(reply.text).toBe('Savings this month: all resources: 12 h off');
    expect(reply.shown).toContain('`batch-1` (eu-west-1, office-hours): 12 h (no price known)');
    expect(reply.shown).not.toMatch(/\$\d/);
  });

  it('Monday 09:00 Paris: last week’s digest is posted to the channel once, whatever the retries', async () => {
    await world.launch('web-1', 'office-hours', 't3.medium');
    await world.launch('web-2', 'office-hours', 't3.medium');
    await tuesdayAndWednesdayNights();
    await world.runAt('2026-11-30T07:55:00Z');
    const before = world.slack.of('chat.postMessage').length;
    await world.runAt('2026-11-30T08:00:00Z', '2026-11-30T08:05:00Z');
    // The same instant again (a retried invocation), and a later run on the same Monday.
    await world.runAt('2026-11-30T08:05:00Z', '2026-11-30T10:00:00Z');
    const digests = world.slack
      .of('chat.postMessage')
      .slice(before)
      .filter((call) => String(call.body.text).startsWith('Stopinator: savings last week'));
    expect(digests).toHaveLength(1);
    expect(digests[0]?.body.channel).toBe(EVENING_CHANNEL);
    expect(digests[0]?.body.text).toBe('Stopinator: savings last week: 48 h off, $2.40 saved');
  });
});
