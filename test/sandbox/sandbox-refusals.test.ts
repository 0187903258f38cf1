import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTs } from '../support/run-script.js';

const MAIN = 'src/sandbox/main.ts';
const dir = mkdtempSync(join(tmpdir(), 'stopinator-sandbox-refusals-'));

describe('npm start refuses clearly, without a stack trace', () => {
  it('an invalid configuration, naming each field', async () => {
    const config = join(dir, 'bad.yml');
    writeFileSync(
      config,
      'defaultSchedule: office\nregions: [eu-west-1]\nschedules:\n  office: { timezone: Europe/Pariss, stop: "25:00" }\n',
    );

    const { code, stdout, stderr } = await runTs(MAIN, ['--config', config]).finished;

    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('schedules.office.timezone: unknown IANA time zone');
    expect(stderr).toContain(
      'schedules.office.stop: expected a 24-hour time "HH:MM" (got "25:00")',
    );
    expect(stderr).not.toMatch(/^\s+at /m);
  }, 30_000);

  it('a --port that is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const { code, stderr } = await runTs(MAIN, ['--port', String(port)]).finished;

      expect(code).toBe(1);
      expect(stderr).toContain(`port ${port} on 127.0.0.1 is taken`);
      expect(stderr).not.toMatch(/^\s+at /m);
    } finally {
      taken.close();
    }
  }, 30_000);

  it('arguments it does not know', async () => {
    const { code, stderr } = await runTs(MAIN, ['--speed', 'fast']).finished;

    expect(code).toBe(2);
    expect(stderr).toContain('--speed: expected a number');
    expect(stderr).toContain('npm start -- [options]');
  }, 30_000);
});
