import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyService, runOffline } from '../../scripts/deploy/package-stack.js';
import { REPO_ROOT } from './packaged-stack.js';

const GOOD = readFileSync(join(REPO_ROOT, 'stopinator.config.yml'), 'utf8');
const BAD = GOOD.replace(/timezone: \S+/, 'timezone: Europe/Pariss');
const BAD_MESSAGE =
  'schedules.office-hours.timezone: unknown IANA time zone (e.g. "Europe/Paris") (got "Europe/Pariss")';
const RECHECK = 'run `npm run package` (or `npm run deploy`), which checks the configuration first';

/** A copy of the service, with configuration files beside it. */
function workspace() {
  const work = mkdtempSync(join(tmpdir(), 'stopinator-config-check-'));
  const service = join(work, 'service');
  copyService(REPO_ROOT, service);
  const file = (name: string, text: string) => {
    const path = join(work, name);
    writeFileSync(path, text);
    return path;
  };
  const run = (command: string, args: string[], configFile?: string) => {
    const result = runOffline(
      command,
      args,
      service,
      join(work, 'home'),
      configFile ? { STOPINATOR_CONFIG_FILE: configFile } : {},
    );
    return { ...result, output: `${result.stdout}\n${result.stderr}` };
  };
  return {
    service,
    file,
    check: (configFile?: string) => run('npm', ['run', 'config:check'], configFile),
    /** `serverless package` on its own, as someone might run it after a check. */
    serverlessPackage: (configFile?: string) =>
      run(join(service, 'node_modules/.bin/serverless'), ['package', '--stage', 'dev'], configFile),
    packaged: () => existsSync(join(service, '.serverless')),
  };
}

describe('npm run package with an invalid configuration', () => {
  it('stops at the config check, naming the field, before serverless runs', () => {
    const { service, file } = workspace();
    const bad = file('bad.config.yml', BAD);

    const result = runOffline('npm', ['run', 'package'], service, join(service, '../home'), {
      STOPINATOR_CONFIG_FILE: bad,
    });

    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(BAD_MESSAGE);
    expect(result.stderr).toContain(bad);
    expect(existsSync(join(service, '.serverless-config'))).toBe(false);
    expect(existsSync(join(service, '.serverless'))).toBe(false);
  }, 60_000);
});

describe('packaging ships the configuration it validated, or nothing', () => {
  it('ships nothing after a failed check, even when an earlier check passed', () => {
    // Prepare: a good check, and a package built from it earlier.
    const w = workspace();
    const good = w.file('good.config.yml', GOOD);
    const bad = w.file('bad.config.yml', BAD);
    expect(w.check(good).status).toBe(0);
    expect(existsSync(join(w.service, '.serverless-config/stack.json'))).toBe(true);
    mkdirSync(join(w.service, '.serverless'));
    writeFileSync(join(w.service, '.serverless/bot.zip'), 'built from the good configuration');

    // Act
    const failed = w.check(bad);
    const afterwards = w.serverlessPackage(bad);
    const withTheGoodFile = w.serverlessPackage(good);

    // Assess
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain(BAD_MESSAGE);
    expect(existsSync(join(w.service, '.serverless-config'))).toBe(false);
    expect(afterwards.status).not.toBe(0);
    expect(afterwards.output).toContain(`no validated configuration`);
    expect(afterwards.output).toContain(RECHECK);
    expect(withTheGoodFile.status).not.toBe(0);
    expect(withTheGoodFile.output).toContain(`no validated configuration`);
    expect(w.packaged()).toBe(false);
  }, 60_000);

  it('refuses to package another file than the one checked', () => {
    const w = workspace();
    const a = w.file('a.config.yml', GOOD);
    const b = w.file('b.config.yml', GOOD.replace(/^tagKey: .*$/m, 'tagKey: auto-stop'));
    expect(w.check(a).status).toBe(0);

    const result = w.serverlessPackage(b);

    expect(result.status).not.toBe(0);
    expect(result.output).toContain(`the validated configuration is ${a}, but this run ships ${b}`);
    expect(result.output).toContain(RECHECK);
    expect(w.packaged()).toBe(false);
  }, 60_000);

  it('refuses the default file when another one was checked', () => {
    const w = workspace();
    const a = w.file('a.config.yml', GOOD.replace(/^tagKey: .*$/m, 'tagKey: auto-stop'));
    expect(w.check(a).status).toBe(0);

    const result = w.serverlessPackage();

    expect(result.status).not.toBe(0);
    expect(result.output).toContain(`but this run ships stopinator.config.yml`);
    expect(w.packaged()).toBe(false);
  }, 60_000);

  it('refuses a file edited since its check, and a validated copy edited by hand', () => {
    const w = workspace();
    const a = w.file('a.config.yml', GOOD);
    expect(w.check(a).status).toBe(0);
    writeFileSync(a, `${GOOD}# edited after the check\n`);
    const edited = w.serverlessPackage(a);
    expect(w.check(a).status).toBe(0);
    const shipped = join(w.service, '.serverless-config/stopinator.config.json');
    writeFileSync(shipped, readFileSync(shipped, 'utf8').replace('"stopinator"', '"other"'));
    const tampered = w.serverlessPackage(a);

    expect(edited.status).not.toBe(0);
    expect(edited.output).toContain(`${a} changed since it was validated`);
    expect(tampered.status).not.toBe(0);
    expect(tampered.output).toContain(
      '.serverless-config/stopinator.config.json is not the copy that was validated',
    );
    expect(w.packaged()).toBe(false);
  }, 60_000);
});
