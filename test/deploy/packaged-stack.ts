import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseDocument } from 'yaml';
import {
  type PackagedStack,
  packageStack,
  serviceFingerprint,
} from '../../scripts/deploy/package-stack.js';
import { readZip } from '../../scripts/deploy/read-zip.js';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');

/** Generous: two esbuild bundles and serverless' own start-up, on a busy 2-core machine. */
export const PACKAGE_TIMEOUT_MS = 240_000;

/** Given to `npm run package` as if a developer had them set: they must not reach the stack. */
export const LOCAL_SECRETS = {
  SLACK_SIGNING_SECRET: 'test-signing-secret-8f3a1c9e',
  SLACK_BOT_TOKEN: 'xoxb-test-token-do-not-ship',
} as const;

/**
 * The prod variant ships its own configuration, named by STOPINATOR_CONFIG_FILE. It manages EC2
 * alone, where dev manages every kind (`resources:` left out): the kinds left out get no IAM.
 */
export const PROD_CONFIG_CHANGES = {
  tagKey: 'auto-stop',
  interval: '10m',
  regions: ['eu-central-1', 'us-east-1'],
  resources: ['ec2'],
} as const;

/**
 * The hub of many accounts (stage `hub`): the dev configuration with member accounts, one with a
 * role name of its own, and an organization's accounts found at run time.
 */
export const ACCOUNTS_CONFIG_CHANGES = {
  accounts: [
    { id: '111111111111', name: 'dev', regions: ['eu-west-1', 'us-east-1'] },
    { id: '222222222222', name: 'staging', role: 'platform-stopinator' },
  ],
  organization: { parents: ['ou-ab12-cdef3456'] },
} as const;

export type Variant = 'dev' | 'prod' | 'accounts';

const PREFIX = 'stopinator-deploy-test-';

/**
 * The stack packaged once per test run, input fingerprint and variant: the first test file to
 * ask packages (into a temporary copy of the service), the others wait for its result. An
 * atomic mkdir is the lock, so concurrent test files never race on a .serverless/ directory.
 */
export async function packagedStack(variant: Variant): Promise<PackagedStack> {
  if (!existsSync(join(REPO_ROOT, 'src/bot/handler.ts'))) {
    throw new Error('src/bot/handler.ts does not exist yet: the bot function cannot be packaged');
  }
  const runKey = `${process.ppid}-${serviceFingerprint(REPO_ROOT).slice(0, 16)}-${variant}`;
  const dir = join(tmpdir(), `${PREFIX}${runKey}`);
  const result = join(dir, 'result.json');
  const failure = join(dir, 'error.txt');
  let owner = false;
  try {
    mkdirSync(dir);
    owner = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (owner) {
    removeOldRuns();
    try {
      const stack = packageStack({
        repoRoot: REPO_ROOT,
        workDir: dir,
        ...variantOptions(variant, dir),
      });
      writeFileSync(result, JSON.stringify(stack));
      return stack;
    } catch (error) {
      writeFileSync(failure, String((error as Error).message));
      throw error;
    }
  }
  const deadline = Date.now() + PACKAGE_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (existsSync(result)) return JSON.parse(readFileSync(result, 'utf8')) as PackagedStack;
    if (existsSync(failure)) throw new Error(readFileSync(failure, 'utf8'));
    await sleep(500);
  }
  throw new Error(`timed out waiting for another test file to package the stack in ${dir}`);
}

function variantOptions(
  variant: Variant,
  dir: string,
): { stage: string; env: Record<string, string> } {
  if (variant === 'dev') return { stage: 'dev', env: { ...LOCAL_SECRETS } };
  const config = parseDocument(readFileSync(join(REPO_ROOT, 'stopinator.config.yml'), 'utf8'));
  if (variant === 'accounts') {
    config.set('accounts', structuredClone(ACCOUNTS_CONFIG_CHANGES.accounts));
    config.set('organization', structuredClone(ACCOUNTS_CONFIG_CHANGES.organization));
    const file = join(dir, 'accounts.config.yml');
    writeFileSync(file, config.toString());
    return { stage: 'hub', env: { STOPINATOR_CONFIG_FILE: file } };
  }
  config.set('tagKey', PROD_CONFIG_CHANGES.tagKey);
  config.setIn(['scheduler', 'interval'], PROD_CONFIG_CHANGES.interval);
  config.set('regions', [...PROD_CONFIG_CHANGES.regions]);
  config.set('resources', [...PROD_CONFIG_CHANGES.resources]);
  const file = join(dir, 'prod.config.yml');
  writeFileSync(file, config.toString());
  return { stage: 'prod', env: { STOPINATOR_CONFIG_FILE: file } };
}

/** Packaged copies from earlier runs; an hour is far longer than any run. */
function removeOldRuns(): void {
  const hourAgo = Date.now() - 3_600_000;
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(PREFIX)) continue;
    const path = join(tmpdir(), name);
    try {
      if (statSync(path).mtimeMs < hourAgo) rmSync(path, { recursive: true, force: true });
    } catch {
      // Another run removed it first.
    }
  }
}

/** The files of one function's zip, by path. */
export function zipFiles(stack: PackagedStack, fn: string): Map<string, Buffer> {
  const zip = stack.artifacts[fn];
  if (!zip) throw new Error(`no artifact for ${fn}: ${Object.keys(stack.artifacts).join(', ')}`);
  return readZip(zip);
}

/** One function's zip unpacked into a new temporary directory, as Lambda unpacks it. */
export function unzipTo(stack: PackagedStack, fn: string): string {
  const dir = mkdtempSync(join(tmpdir(), `stopinator-${fn}-bundle-`));
  for (const [name, data] of zipFiles(stack, fn)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), data);
  }
  return dir;
}
