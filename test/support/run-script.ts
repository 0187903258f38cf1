import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Running {
  readonly child: ChildProcess;
  /** Everything printed so far. */
  stdout(): string;
  /** Resolves once stdout shows `text`; rejects if the process ends first. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  readonly finished: Promise<Finished>;
}

/**
 * A TypeScript entry point of this repository as `npm start` / `npm run plan` run it: through
 * scripts/run-ts.mjs, in its own process, from the repository root.
 */
export function runTs(
  entry: string,
  args: readonly string[],
  options: { env?: Record<string, string | undefined>; stdin?: 'pipe' | 'ignore' } = {},
): Running {
  const child = spawn(process.execPath, ['scripts/run-ts.mjs', entry, ...args], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...options.env,
    },
    stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const check of waiters) check();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const finished = new Promise<Finished>((resolve) =>
    child.once('close', (code) => resolve({ code, stdout, stderr })),
  );
  return {
    child,
    stdout: () => stdout,
    finished,
    waitFor(text, timeoutMs = 30_000) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => done(new Error(`no "${text}" within ${timeoutMs} ms:\n${stdout}\n${stderr}`)),
          timeoutMs,
        );
        const check = () => {
          if (stdout.includes(text)) done();
        };
        const done = (error?: Error) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (error) reject(error);
          else resolve();
        };
        waiters.add(check);
        finished.then(() =>
          done(
            stdout.includes(text)
              ? undefined
              : new Error(`ended before "${text}":\n${stdout}\n${stderr}`),
          ),
        );
        check();
      });
    },
  };
}
