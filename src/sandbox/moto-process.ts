/**
 * moto in server mode, one emulator for EC2 and DynamoDB on a free loopback port: the local
 * sandbox (`npm start`) and the tests start it the same way.
 *
 * Where moto comes from: the repository's `.venv/bin/moto_server`, else `moto_server` on
 * PATH. Without either, starting fails with the command that installs it.
 *
 * The server never outlives the process that started it: it runs under a small shell
 * watchdog that holds the read end of a pipe from this process. `stop()` closes the pipe; so
 * does this process ending in any way (even SIGKILL), and the watchdog then kills moto.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { repoRoot } from './repo-root.js';

export interface MotoServer {
  /** http://127.0.0.1:PORT */
  readonly endpoint: string;
  /** The watchdog's process id, which is also the process group of the watchdog and moto. */
  readonly pid: number;
  stop(): Promise<void>;
}

/** moto could not be found or did not start; the message says what to do. */
export class MotoStartError extends Error {
  override readonly name = 'MotoStartError';
}

export const MOTO_INSTALL_HINT =
  'install it with `python3 -m venv .venv && .venv/bin/pip install "moto[server]"` in the repository root';

const RUNNING_ON = /Running on (http:\/\/127\.0\.0\.1:\d+)/;
// "$@" is moto_server and its arguments. The watchdog's stdin is our pipe: `read` returns
// at end of file, when the parent process closes it or dies, and moto is stopped with it.
const WATCHDOG = `"$@" & server=$!
trap 'kill "$server" 2>/dev/null' EXIT
read -r _ || true
kill "$server" 2>/dev/null
wait "$server"`;

/** The repository's `.venv/bin/moto_server`, else the first `moto_server` on PATH. */
export function findMotoServer(where: { repoRoot?: string; path?: string } = {}): string {
  const root = where.repoRoot ?? repoRoot();
  const path = where.path ?? process.env.PATH ?? '';
  const candidates = [
    join(root, '.venv', 'bin', 'moto_server'),
    ...path
      .split(delimiter)
      .filter(Boolean)
      .map((dir) => join(dir, 'moto_server')),
  ];
  const found = candidates.find(isExecutable);
  if (!found) {
    throw new MotoStartError(
      `moto_server was not found in .venv/bin or on PATH: ${MOTO_INSTALL_HINT}`,
    );
  }
  return found;
}

export async function startMoto(options: { timeoutMs?: number } = {}): Promise<MotoServer> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const binary = findMotoServer();
  const child = spawn(
    '/bin/sh',
    ['-c', WATCHDOG, 'moto-watchdog', binary, '-H', '127.0.0.1', '-p', '0'],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
      // Its own process group: a Ctrl-C in the terminal reaches the parent only, which then
      // stops moto in order; stop() can end the watchdog and moto together if need be.
      detached: true,
    },
  );
  const killOnExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', killOnExit);
  let endpoint: string;
  try {
    endpoint = await readEndpoint(child, binary, timeoutMs);
    await waitUntilAnswering(endpoint, timeoutMs);
  } catch (error) {
    killGroup(child, 'SIGKILL');
    process.off('exit', killOnExit);
    throw error;
  }
  // Past start-up, nothing here may keep the parent alive: if it ends without stop(), the
  // pipe closes and the watchdog takes moto down.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) {
    (stream as unknown as { unref?: () => void } | null)?.unref?.();
  }
  return {
    endpoint,
    pid: child.pid ?? -1,
    async stop() {
      process.off('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      // Held again while it stops: unreferenced, its exit may never be seen once the kill timer
      // has fired (nothing else left to wait on), and the parent ends with code 13.
      child.ref();
      child.stdin?.end();
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

function readEndpoint(child: ChildProcess, binary: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const fail = (why: string) => {
      cleanup();
      reject(
        new MotoStartError(
          `${binary} ${why}. Its output:\n${output.slice(-2000)}\nIf moto is missing: ${MOTO_INSTALL_HINT}`,
        ),
      );
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = RUNNING_ON.exec(output);
      if (match?.[1]) {
        cleanup();
        resolve(match[1]);
      }
    };
    const onExit = (code: number | null) => fail(`exited (code ${code}) before listening`);
    const timer = setTimeout(
      () => fail(`did not say where it listens within ${timeoutMs} ms`),
      timeoutMs,
    );
    const cleanup = () => {
      clearTimeout(timer);
      child.off('exit', onExit);
      // Keep draining: moto logs every request, and a full pipe would stall it.
      child.stdout?.off('data', onData).on('data', () => {});
      child.stderr?.off('data', onData).on('data', () => {});
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

async function waitUntilAnswering(endpoint: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`${endpoint}/moto-api/data.json`);
      await response.body?.cancel();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline)
      throw new MotoStartError(`moto at ${endpoint} did not answer within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
