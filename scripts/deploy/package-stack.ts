import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { StackValues } from './stack-values.js';

/** Not part of the service: never copied, never fingerprinted. */
const SKIPPED_AT_ROOT = new Set([
  '.git',
  '.serverless',
  '.serverless-config',
  '.esbuild',
  '.build',
  '.venv',
  'coverage',
  'dist',
]);

export interface CloudFormationResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DependsOn?: unknown;
}

export interface CloudFormationTemplate {
  readonly Resources: Record<string, CloudFormationResource>;
  readonly Outputs?: Record<string, unknown>;
  readonly Parameters?: Record<string, unknown>;
  readonly Conditions?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
}

export interface PackagedStack {
  /** The copy of the service that was packaged. */
  readonly serviceDir: string;
  readonly template: CloudFormationTemplate;
  /** Function name -> its zip. */
  readonly artifacts: Record<string, string>;
  /** What the config check wrote for serverless.yml. */
  readonly values: StackValues;
}

export interface PackageOptions {
  readonly repoRoot: string;
  /** Created if needed; receives the service copy and an empty HOME. */
  readonly workDir: string;
  readonly stage?: string;
  /** Added to the environment of `npm run package` (STOPINATOR_CONFIG_FILE, ...). */
  readonly env?: Readonly<Record<string, string>>;
}

/** Every file of the service (sources, serverless.yml, config, scripts), sorted. */
export function serviceFiles(repoRoot: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (dir === repoRoot && SKIPPED_AT_ROOT.has(entry.name)) continue;
      // Installed, not written: the root one is linked into a copy, tools/node24's is not needed.
      if (entry.name === 'node_modules') continue;
      // Built, not written: spoke/'s own package (npm run spoke:package).
      if (entry.name === '.serverless') continue;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push(relative(repoRoot, path));
    }
  };
  walk(repoRoot);
  return files.sort();
}

/** Changes when any service file changes: a packaged copy with the same print is current. */
export function serviceFingerprint(repoRoot: string): string {
  const hash = createHash('sha256');
  for (const file of serviceFiles(repoRoot)) {
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(repoRoot, file)))
      .update('\0');
  }
  return hash.digest('hex');
}

/**
 * Copies the service into `workDir` (node_modules linked, not copied) and runs
 * `npm run package` there: the config check, then `serverless package`, offline, with no AWS
 * variables and an empty HOME, so nothing can reach AWS and the repository's own .serverless/
 * is never touched by a test or a benchmark.
 */
export function packageStack(options: PackageOptions): PackagedStack {
  const serviceDir = join(options.workDir, 'service');
  copyService(options.repoRoot, serviceDir);
  const result = runOffline(
    'npm',
    ['run', 'package', '--', '--stage', options.stage ?? 'dev'],
    serviceDir,
    join(options.workDir, 'home'),
    options.env,
  );
  if (result.status !== 0) {
    throw new Error(
      `npm run package failed (${result.error?.message ?? `exit ${result.status}`}):\n` +
        `${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`,
    );
  }

  const packageDir = join(serviceDir, '.serverless');
  const template = JSON.parse(
    readFileSync(join(packageDir, 'cloudformation-template-update-stack.json'), 'utf8'),
  ) as CloudFormationTemplate;
  const artifacts: Record<string, string> = {};
  for (const file of readdirSync(packageDir)) {
    if (file.endsWith('.zip')) artifacts[file.slice(0, -'.zip'.length)] = join(packageDir, file);
  }
  const values = JSON.parse(
    readFileSync(join(serviceDir, '.serverless-config', 'stack.json'), 'utf8'),
  ) as StackValues;
  return { serviceDir, template, artifacts, values };
}

/** A copy of the service in `serviceDir`, with the repository's node_modules linked in. */
export function copyService(repoRoot: string, serviceDir: string): void {
  for (const file of serviceFiles(repoRoot)) {
    const target = join(serviceDir, file);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(repoRoot, file), target);
  }
  if (!existsSync(join(serviceDir, 'node_modules'))) {
    symlinkSync(join(repoRoot, 'node_modules'), join(serviceDir, 'node_modules'), 'dir');
  }
}

/**
 * Runs a command the way a machine without AWS access would: no AWS_* or STOPINATOR_* variables
 * from the caller, an empty HOME (no ~/.aws), telemetry and npm's update check off.
 */
export function runOffline(
  command: string,
  args: readonly string[],
  cwd: string,
  home: string,
  extraEnv: Readonly<Record<string, string>> = {},
): SpawnSyncReturns<string> {
  mkdirSync(home, { recursive: true });
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('AWS_') && !key.startsWith('STOPINATOR_')) {
      env[key] = value;
    }
  }
  Object.assign(env, {
    HOME: home,
    SLS_TELEMETRY_DISABLED: '1',
    npm_config_update_notifier: 'false',
    ...extraEnv,
  });
  return spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 200_000 });
}

export interface SpokePackageOptions {
  readonly repoRoot: string;
  /** Created if needed; receives the copy of spoke/ and an empty HOME. */
  readonly workDir: string;
  /** The hub's stage. */
  readonly stage: string;
  /** serverless `--param`s: hubAccountId, hubRegion, and externalId or roleName if wanted. */
  readonly params: Readonly<Record<string, string>>;
}

/**
 * `serverless package` of spoke/serverless.yml, offline like packageStack, in a copy of spoke/
 * (serverless wants its configuration in the working directory): the CloudFormation it built.
 */
export function packageSpokeStack(options: SpokePackageOptions): CloudFormationTemplate {
  const spokeDir = join(options.workDir, 'spoke');
  mkdirSync(spokeDir, { recursive: true });
  // Its files only: not a .serverless/ left by npm run spoke:package.
  for (const entry of readdirSync(join(options.repoRoot, 'spoke'), { withFileTypes: true })) {
    if (entry.isFile()) {
      copyFileSync(join(options.repoRoot, 'spoke', entry.name), join(spokeDir, entry.name));
    }
  }
  const params = Object.entries(options.params).map(([key, value]) => `--param=${key}=${value}`);
  const result = runOffline(
    join(options.repoRoot, 'node_modules', '.bin', 'serverless'),
    ['package', '--stage', options.stage, ...params],
    spokeDir,
    join(options.workDir, 'home'),
  );
  if (result.status !== 0) {
    throw new Error(
      `serverless package (spoke) failed (${result.error?.message ?? `exit ${result.status}`}):\n` +
        `${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`,
    );
  }
  return JSON.parse(
    readFileSync(
      join(spokeDir, '.serverless', 'cloudformation-template-update-stack.json'),
      'utf8',
    ),
  ) as CloudFormationTemplate;
}
