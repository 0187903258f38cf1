import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyService, runOffline } from '../../scripts/deploy/package-stack.js';
import { REPO_ROOT } from './packaged-stack.js';

describe('npm run package with an invalid configuration', () => {
  it('stops at the config check, naming the field, before serverless runs', () => {
    const work = mkdtempSync(join(tmpdir(), 'stopinator-config-check-'));
    const service = join(work, 'service');
    copyService(REPO_ROOT, service);
    const bad = join(work, 'bad.config.yml');
    writeFileSync(
      bad,
      readFileSync(join(REPO_ROOT, 'stopinator.config.yml'), 'utf8').replace(
        /timezone: \S+/,
        'timezone: Europe/Pariss',
      ),
    );

    const result = runOffline('npm', ['run', 'package'], service, join(work, 'home'), {
      STOPINATOR_CONFIG_FILE: bad,
    });

    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(
      'schedules.office-hours.timezone: unknown IANA time zone (e.g. "Europe/Paris") (got "Europe/Pariss")',
    );
    expect(result.stderr).toContain(bad);
    expect(existsSync(join(service, '.serverless-config'))).toBe(false);
    expect(existsSync(join(service, '.serverless'))).toBe(false);
  }, 60_000);
});
