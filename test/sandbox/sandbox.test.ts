import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTs } from '../support/run-script.js';

const MAIN = 'src/sandbox/main.ts';
const dir = mkdtempSync(join(tmpdir(), 'stopinator-sandbox-test-'));

function scriptFile(name: string, lines: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** "Tue 20:00 CET web-1" for each "stopped" or "started" line the sandbox printed, in order. */
function actions(output: string, verb: 'stopped' | 'started'): string[] {
  const pattern = new RegExp(`^(\\w{3} \\d\\d:\\d\\d \\w+) {2}${verb} (\\S+): `, 'gm');
  return [...output.matchAll(pattern)].map((m) => `${m[1]} ${m[2]}`);
}

/** The endpoints and moto's process group the banner printed. */
function startedServices(output: string): { urls: string[]; motoGroup: number } {
  const urls = [...output.matchAll(/(http:\/\/127\.0\.0\.1:\d+)\S*/g)].map((m) => m[1] as string);
  const pid = /moto \(AWS\)\s+\S+\s+\(pid (\d+)\)/.exec(output)?.[1];
  return { urls, motoGroup: Number(pid) };
}

async function refusesConnections(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return false;
  } catch (error) {
    return /ECONNREFUSED/.test(String((error as Error).cause ?? error));
  }
}

function processGroupAlive(group: number): boolean {
  try {
    process.kill(-group, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start (the local sandbox), from a script', () => {
  it('answers status and snooze, runs a night (the snoozed instance stops two hours after the others, the morning starts only what it stopped) and leaves nothing behind', async () => {
    // Prepare
    const script = scriptFile('night.txt', [
      '# a Tuesday evening in Paris',
      '/stopinator status',
      'expect web-1 running · office-hours · eu-west-1: stops 20:00 CET, in 1 h',
      'expect db-main RDS · running · office-hours · eu-west-1: stops 20:00 CET, in 1 h',
      'expect web-asg Auto Scaling group · running · office-hours · eu-west-1',
      '/stopinator snooze web-1 2h',
      'expect Snoozed web-1',
      'expect @you snoozed web-1',
      'wait until 22:30',
      'expect stopped web-1',
      '/stopinator wake db-1',
      'expect Started db-1',
      'wait until 08:30',
      'expect started web-2',
      'quit',
    ]);

    // Act
    const run = runTs(MAIN, ['--script', script, '--start', '2026-11-24T19:00']);
    const { code, stdout, stderr } = await run.finished;

    // Assess
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('== Stopinator status: all instances ==');
    expect(stdout).toContain('Tue 19:30 CET  warning web-2: stops at 20:00 Europe/Paris');
    expect(stdout).toContain('[1] Snooze 1 h   [2] Snooze 2 h   [3] Keep running tonight');
    expect(stdout).toContain(
      'Tue 20:00 CET  kept running web-1: snoozed by @you until 22:00 Europe/Paris',
    );
    expect(actions(stdout, 'stopped')).toEqual([
      'Tue 20:00 CET web-2',
      'Tue 20:00 CET api-1',
      'Tue 20:00 CET db-1',
      'Tue 20:00 CET db-main', // RDS
      'Tue 20:00 CET aurora-1', // an Aurora cluster, as a whole
      'Tue 20:00 CET web-asg', // an Auto Scaling group, to 0/0/0
      'Tue 22:00 CET web-1',
      'Wed 00:30 CET db-1', // woken at 22:30 for the default 2 h
      'Tue 20:00 EST batch-1',
      'Tue 20:00 EST batch-2',
      'Tue 20:00 EST worker-1',
    ]);
    // The morning start restarts what the stopinator stopped, not what a person stopped.
    expect(actions(stdout, 'started')).toEqual([
      'Wed 08:00 CET web-1',
      'Wed 08:00 CET web-2',
      'Wed 08:00 CET api-1',
      'Wed 08:00 CET db-1',
      'Wed 08:00 CET db-main',
      'Wed 08:00 CET aurora-1',
      'Wed 08:00 CET web-asg', // back at 1/2/3
    ]);
    expect(stdout).toContain('Wed 08:00 CET  left stopped ci-runner: it was stopped by hand');
    expect(stdout).toContain('left alone bastion: tag stopinator=off');
    expect(stdout).toContain('left alone legacy-etl: unknown schedule "weekends"');
    expect(stdout).toContain('Stopped: bot, fake Slack, scheduler and moto are gone.');
    const { urls, motoGroup } = startedServices(stdout);
    expect(urls).toHaveLength(3);
    for (const url of urls) expect(await refusesConnections(url), url).toBe(true);
    expect(motoGroup).toBeGreaterThan(0);
    expect(processGroupAlive(motoGroup)).toBe(false);
  }, 90_000);

  it('plays a two-person evening: bob cannot cancel alice’s snooze by accident, can when he names it, and alice’s wake ends on time', async () => {
    // Prepare
    const script = scriptFile('two-people.txt', [
      '# Tuesday in Paris: alice works late, bob closes up',
      'as alice',
      'expect typing as alice, Slack user U0ALICE',
      '/stopinator snooze web-1 2h',
      'expect @alice snoozed web-1',
      'expect web-1: stop 20:00 CET → 22:00 CET',
      // bob has no snooze of his own: a bare unsnooze cancels nothing
      'as bob /stopinator unsnooze',
      'expect ── only visible to bob ──',
      'expect You have no active snooze or wake to cancel.',
      'as bob status web-1',
      'expect web-1 snoozed by @alice',
      'wait until 20:05',
      'expect kept running web-1: snoozed by @alice until 22:00 Europe/Paris',
      'expect stopped web-2: schedule office-hours, 20:00 Europe/Paris',
      // named, alice’s snooze is bob’s to cancel, and both names are said
      'as bob /stopinator unsnooze web-1',
      'expect @alice’s snooze of web-1',
      'expect @bob cancelled the snoozes on web-1 (made by @alice)',
      'expect web-1 stops at the next run',
      'wait until 20:15',
      'expect stopped web-1: snooze by @alice ended at 20:05 Europe/Paris',
      '/stopinator wake db-1 1h',
      'expect ── only visible to alice ──',
      'expect @alice woke db-1. The stopinator stops it again at 21:15 CET, in 1 h.',
      'wait until 21:20',
      'expect stopped db-1: schedule office-hours, 21:15 Europe/Paris',
      'as you',
      '/stopinator history',
      'expect @bob unsnooze web-1',
      'expect @alice snooze web-1 until 22:00 CET',
      'quit',
    ]);

    // Act
    const run = runTs(MAIN, ['--script', script, '--start', '2026-11-24T19:00']);
    const { code, stdout, stderr } = await run.finished;

    // Assess
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // The echo says who typed each line.
    expect(stdout).toContain('> (alice) /stopinator snooze web-1 2h');
    expect(stdout).toContain('> as bob /stopinator unsnooze web-1');
    expect(stdout).toContain('> (alice) /stopinator wake db-1 1h');
    expect(stdout).toContain('> /stopinator history\n── only visible to you ──');
    expect(actions(stdout, 'stopped')).toEqual([
      'Tue 20:00 CET web-2',
      'Tue 20:00 CET api-1',
      'Tue 20:00 CET db-1',
      'Tue 20:00 CET db-main',
      'Tue 20:00 CET aurora-1',
      'Tue 20:00 CET web-asg',
      'Tue 20:05 CET web-1', // the snooze bob cancelled ended at 20:05
      'Tue 21:15 CET db-1', // alice woke it at 20:15 for 1 h
    ]);
  }, 90_000);

  it('presses a warning button from piped input and stops cleanly on SIGTERM with exit code 0', async () => {
    // Prepare
    const run = runTs(MAIN, ['--start', '2026-11-24T19:20'], { stdin: 'pipe' });
    await run.waitFor('Ready in');

    // Act
    run.child.stdin?.write('advance 10m\npress 2\n');
    await run.waitFor('@you snoozed: stop 20:00 CET → 22:00 CET');
    run.child.kill('SIGTERM');
    const { code, stdout } = await run.finished;

    // Assess
    expect(code).toBe(0);
    expect(stdout).toContain('(you pressed [2] Snooze 2 h)');
    expect(stdout).toContain('── #stopinator · message updated ──');
    expect(stdout).toContain('Stopped: bot, fake Slack, scheduler and moto are gone.');
    const { urls, motoGroup } = startedServices(stdout);
    for (const url of urls) expect(await refusesConnections(url), url).toBe(true);
    expect(processGroupAlive(motoGroup)).toBe(false);
  }, 90_000);

  it('fails a script whose expect does not hold, with exit code 1', async () => {
    const script = scriptFile('wrong.txt', ['/stopinator status', 'expect nothing like this']);

    const { code, stderr } = await runTs(MAIN, ['--script', script]).finished;

    expect(code).toBe(1);
    expect(stderr).toContain('expect "nothing like this": the last output does not show it');
  }, 90_000);

  it('fails a script at an as it cannot read, with exit code 1 and before sending anything', async () => {
    const script = scriptFile('bad-name.txt', ['as bob@example.com /stopinator unsnooze']);

    const { code, stdout, stderr } = await runTs(MAIN, ['--script', script]).finished;

    expect(code).toBe(1);
    expect(stderr).toContain('"bob@example.com" is not a name for as: letters a-z, digits, - _ .');
    expect(stdout).not.toContain('── only visible to');
    expect(stdout).toContain('Stopped: bot, fake Slack, scheduler and moto are gone.');
  }, 90_000);
});
