/**
 * `npm start`: the local sandbox. Everything it starts (moto included) stops with it, on
 * quit, end of input, Ctrl-C or SIGTERM; it then exits 0 (1 when a script's expect failed).
 */
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { ConfigError } from '../core/config.js';
import { MotoStartError } from './moto-process.js';
import { promptFor, typedBy } from './people.js';
import { PortTakenError } from './ports.js';
import { type Sandbox, SlackConnectError, startSandbox } from './sandbox.js';
import {
  parseSandboxArgs,
  SANDBOX_USAGE,
  type SandboxOptions,
  UsageError,
} from './sandbox-options.js';
import { Screen } from './screen.js';
import { ScriptFailure, Session } from './session.js';
import { TimeTextError } from './sim-time.js';

const EXPLAINED = [ConfigError, MotoStartError, PortTakenError, SlackConnectError, TimeTextError];

async function main(argv: readonly string[]): Promise<number> {
  // The SDK's notice about its future Node.js versions would land in the middle of the
  // terminal Slack; the sandbox only ever talks to moto.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  let options: SandboxOptions;
  try {
    options = parseSandboxArgs(argv);
    if (options.script !== undefined && !existsSync(options.script))
      throw new UsageError(`--script ${options.script}: no such file`);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`stopinator sandbox: ${error.message}\n\n${SANDBOX_USAGE}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${SANDBOX_USAGE}\n`);
    return 0;
  }
  const interactive = options.script === undefined && process.stdin.isTTY === true;
  const screen = new Screen(process.stdout);
  // A Ctrl-C while starting lets the start finish, then stops what it started.
  let interruptedEarly = false;
  const early = () => {
    interruptedEarly = true;
  };
  process.on('SIGINT', early);
  process.on('SIGTERM', early);
  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox({ options, env: process.env, screen, clockRuns: interactive });
  } catch (error) {
    const known = EXPLAINED.some((kind) => error instanceof kind);
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `stopinator sandbox: ${known ? message : `could not start: ${message}`}\n`,
    );
    return 1;
  } finally {
    process.off('SIGINT', early);
    process.off('SIGTERM', early);
  }
  if (interruptedEarly) {
    await sandbox.stop();
    return 0;
  }
  if (interactive && options.speedGiven === false && options.start === undefined) {
    screen.print(
      'The clock is real time: try npm start -- --speed 60 --start 19:15 to see a night.',
    );
  }
  if (!interactive && options.speedGiven) {
    screen.print(
      '(--speed is for a terminal; in a script the clock moves with advance and wait until)',
    );
  }
  screen.print(
    `Ready in ${process.uptime().toFixed(1)} s. Type help for the commands, or /stopinator status.`,
  );
  return converse(sandbox, screen, options, interactive);
}

/** Reads commands until quit or end of input, then stops the sandbox. */
async function converse(
  sandbox: Sandbox,
  screen: Screen,
  options: SandboxOptions,
  interactive: boolean,
): Promise<number> {
  const input = options.script ? createReadStream(options.script) : process.stdin;
  const rl = createInterface({
    input,
    ...(interactive ? { output: process.stdout, terminal: true } : { terminal: false }),
    prompt: 'stopinator> ',
  });
  const session = new Session(sandbox, screen, !interactive);
  let code = 0;
  let interrupted = false;
  const interrupt = () => {
    interrupted = true;
    rl.close();
  };
  rl.on('SIGINT', interrupt);
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const redraw = () => rl.prompt(true);
  if (interactive) {
    screen.promptWith(redraw);
    rl.prompt();
  }
  try {
    for await (const line of rl) {
      if (!interactive && line.trim() !== '') screen.echo(typedBy(session.person, line));
      screen.promptWith(undefined);
      const more = await session.run(line);
      if (!more) break;
      if (interactive) {
        rl.setPrompt(promptFor(session.person));
        screen.promptWith(redraw);
        rl.prompt();
      }
    }
  } catch (error) {
    code = 1;
    const message = error instanceof ScriptFailure ? error.message : `${(error as Error).message}`;
    process.stderr.write(`stopinator sandbox: ${message}\n`);
  }
  screen.promptWith(undefined);
  rl.close();
  screen.print(interrupted ? '\nStopping (interrupted)…' : 'Stopping…');
  await sandbox.stop();
  screen.print('Stopped: bot, fake Slack, scheduler and moto are gone.');
  return code;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`stopinator sandbox: ${(error as Error).message ?? error}\n`);
    process.exit(1);
  },
);
