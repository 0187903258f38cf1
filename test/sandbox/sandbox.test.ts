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
  const pid = /moto \(EC2, DynamoDB\)\s+\S+\s+\(pid (\d+)\)/.exec(output)?.[1];
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
});
