import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/config.js';
import { readConfigFile } from '../../src/runtime/config-file.js';
import { loadConfig, parseConfigText } from '../../src/runtime/load-config.js';
import { readCommonSettings, SettingsError } from '../../src/runtime/settings.js';

describe('loading the configuration', () => {
  it('loads the shipped file by default', () => {
    expect(loadConfig().defaultSchedule).toBe('office-hours');
  });

  it('names the file and the problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stopinator-'));
    const file = join(dir, 'bad.yml');
    writeFileSync(
      file,
      'defaultSchedule: x\nregions: [eu-west-1]\nschedules:\n  x: {timezone: Nowhere/City, stop: "20:00"}\n',
    );
    expect(() => loadConfig(file)).toThrow(
      /bad\.yml:\n {2}- schedules\.x\.timezone: unknown IANA time zone/,
    );
  });

  it('reports YAML syntax errors and unreadable files as configuration errors', () => {
    expect(() => parseConfigText('a: [1, 2', 'broken.yml')).toThrow(ConfigError);
    expect(() => loadConfig('/nonexistent/stopinator.yml')).toThrow(/cannot read the file/);
  });
});

describe('environment settings', () => {
  it('requires the table name and says so', () => {
    expect(() => readCommonSettings({})).toThrow(SettingsError);
    expect(() => readCommonSettings({})).toThrow(/STOPINATOR_TABLE/);
  });

  it('reads what is set', () => {
    expect(
      readCommonSettings({
        STOPINATOR_TABLE: 'stopinator-dev',
        STOPINATOR_CONFIG_FILE: 'x.yml',
        LOG_LEVEL: 'DEBUG',
      }),
    ).toEqual({
      tableName: 'stopinator-dev',
      configFile: 'x.yml',
      logLevel: 'debug',
    });
  });
});

describe('the deployed configuration file', () => {
  it('reads JSON without YAML, validated by the same schema', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stopinator-'));
    const good = join(dir, 'config.json');
    writeFileSync(
      good,
      JSON.stringify({
        defaultSchedule: 'x',
        regions: ['eu-west-1'],
        schedules: { x: { timezone: 'UTC', stop: '20:00' } },
      }),
    );
    expect((await readConfigFile(good)).schedules.get('x')?.timezone).toBe('UTC');
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        defaultSchedule: 'x',
        regions: ['eu-west-1'],
        schedules: { x: { timezone: 'Mars/Base', stop: '20:00' } },
      }),
    );
    await expect(readConfigFile(bad)).rejects.toThrow(
      /schedules\.x\.timezone: unknown IANA time zone/,
    );
    writeFileSync(bad, '{');
    await expect(readConfigFile(bad)).rejects.toThrow(/JSON syntax/);
  });

  it('still reads YAML', async () => {
    expect((await readConfigFile('stopinator.config.yml')).defaultSchedule).toBe('office-hours');
  });
});
