import { parseArgs } from 'node:util';

/** Command-line arguments the sandbox cannot use; the message says which and why. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface SandboxOptions {
  /** Undefined: the demo configuration shipped with the sandbox. */
  readonly configFile?: string;
  readonly speed: number;
  readonly speedGiven: boolean;
  /** As typed; resolved against the default schedule's zone once the config is read. */
  readonly start?: string;
  /** The bot's port on 127.0.0.1; undefined picks a free one. */
  readonly port?: number;
  /** Read commands from this file instead of the terminal. */
  readonly script?: string;
  /** Overrides slack.channel of the configuration (a real channel id in Socket Mode). */
  readonly channel?: string;
  readonly help: boolean;
}

export const SANDBOX_USAGE = `npm start -- [options]   (node scripts/run-ts.mjs src/sandbox/main.ts [options])

The whole stopinator on this machine: moto for EC2 and DynamoDB, the bot's listeners on
127.0.0.1, the scheduler on a simulated clock, and a Slack in the terminal.

  --speed N          simulated seconds per real second (default 1; --speed 60: an hour a minute)
  --start WHEN       simulated start: HH:MM in the default schedule's zone (today, or the next
                     day it runs), YYYY-MM-DDTHH:MM in that zone, or ISO with a zone
  --config FILE      a configuration file instead of src/sandbox/demo.config.yml
  --port N           the bot's HTTP port on 127.0.0.1 (default: a free one)
  --script FILE      read commands from FILE (piped standard input works the same way)
  --channel ID       post to this channel instead of the configuration's slack.channel
  --help             this text

With SLACK_BOT_TOKEN, SLACK_APP_TOKEN (and SLACK_SIGNING_SECRET) set, the bot connects to
your Slack workspace through Socket Mode instead of the terminal Slack; AWS is still moto.`;

export function parseSandboxArgs(argv: readonly string[]): SandboxOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        speed: { type: 'string' },
        start: { type: 'string' },
        config: { type: 'string' },
        port: { type: 'string' },
        script: { type: 'string' },
        channel: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const text = (name: string) => values[name] as string | undefined;
  const speed = number(text('speed'), '--speed', 1);
  if (!(speed > 0 && speed <= 3600)) throw new UsageError('--speed: a number from 0.1 to 3600');
  const port = text('port') === undefined ? undefined : number(text('port'), '--port', 0);
  if (port !== undefined && !(Number.isInteger(port) && port >= 1 && port <= 65535))
    throw new UsageError('--port: a port number from 1 to 65535');
  const channel = text('channel');
  if (channel !== undefined && !/^[CGD][A-Z0-9]{2,}$/.test(channel))
    throw new UsageError(`--channel "${channel}": expected a Slack channel id such as C0123ABCD`);
  return {
    ...optional('configFile', text('config')),
    speed,
    speedGiven: text('speed') !== undefined,
    ...optional('start', text('start')),
    ...optional('port', port),
    ...optional('script', text('script')),
    ...optional('channel', channel),
    help: values.help === true,
  };
}

function number(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || Number.isNaN(value)) throw new UsageError(`${name}: expected a number`);
  return value;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
