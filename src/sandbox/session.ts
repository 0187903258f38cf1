import { parseDuration } from '../core/duration.js';
import { terminalTime } from './decision-lines.js';
import { type AsLine, type Person, PersonNameError, parseAs, YOU } from './people.js';
import type { Sandbox } from './sandbox.js';
import type { Screen } from './screen.js';
import { resolveUntil, TimeTextError } from './sim-time.js';

/** A script's `expect` that did not hold, or a line a script may not contain. */
export class ScriptFailure extends Error {
  override readonly name = 'ScriptFailure';
}

export const SESSION_HELP = [
  'Slack, as typed in the #stopinator channel:',
  '  /stopinator status [target]          what stops or starts next (also: status web-*)',
  '  /stopinator snooze [target] [2h]     postpone tonight’s stop (until 23:30, tonight)',
  '  /stopinator unsnooze [target]        cancel your snoozes (name a target: anyone’s)',
  '  /stopinator wake <target> [2h]       start stopped instances now',
  '  /stopinator why <target> | tonight   why it stops or runs | the next 24 hours',
  '  /stopinator history | help           recent snoozes and wakes | the bot’s own help',
  '  press N  (or click N)                press the button shown as [N]',
  'Who types (you, unless you say so):',
  '  as alice                             alice types from now on (names: a-z 0-9 - _ .)',
  '  as bob <command>                     bob types this one line: as bob press 2',
  '  as you                               you type again',
  'The sandbox:',
  '  clock                                the simulated time',
  '  advance 3h | wait until 21:30        move the clock, running every scheduler run on the way',
  '  expect TEXT                          (scripts) fail unless the last output shows TEXT',
  '  help | quit                          this text | stop everything (Ctrl-C and Ctrl-D too)',
].join('\n');

const SLACK_VERBS = /^(status|list|snooze|unsnooze|cancel|wake|why|tonight|history)\b/i;

/**
 * Reads one line of input and does it. In a script (or piped input) every line must be
 * understood and every `expect` must hold; at a terminal, mistakes are only explained.
 */
export class Session {
  #person: Person = YOU;

  constructor(
    private readonly sandbox: Sandbox,
    private readonly screen: Screen,
    private readonly scripted: boolean,
  ) {}

  /** Who types the next line: `you`, or whoever `as` named. */
  get person(): Person {
    return this.#person;
  }

  /** False when the session should end. */
  async run(input: string): Promise<boolean> {
    const line = input.trim();
    if (line === '' || line.startsWith('#')) return true;
    const [word = '', ...rest] = line.split(/\s+/);
    const verb = word.toLowerCase();
    const args = rest.join(' ');
    if (verb === 'as') return this.#as(args);
    if (verb === 'expect') {
      this.#expect(args);
      return true;
    }
    this.screen.startCommand();
    if (verb === 'quit' || verb === 'exit') return false;
    if (verb === 'help' || verb === '?') {
      this.screen.print(SESSION_HELP);
      return true;
    }
    if (verb === 'clock') {
      this.#showClock();
      return true;
    }
    if (verb === 'press' || verb === 'click') {
      await this.#press(args);
      return true;
    }
    if (verb === 'advance') {
      await this.#advance(args);
      return true;
    }
    if (verb === 'wait') {
      await this.#waitUntil(args);
      return true;
    }
    if (line.startsWith('/') || SLACK_VERBS.test(line)) {
      await this.#slash(line.startsWith('/') ? line : `/stopinator ${line}`);
      return true;
    }
    this.#mistake(`"${word}" is not a command here. Type help for the list.`);
    return true;
  }

  /** `as bob` switches who types; `as bob press 2` runs one line as bob. */
  async #as(args: string): Promise<boolean> {
    let as: AsLine;
    try {
      as = parseAs(args);
    } catch (error) {
      if (!(error instanceof PersonNameError)) throw error;
      this.screen.startCommand();
      this.#mistake(error.message);
      return true;
    }
    if (as.line === undefined) {
      this.screen.startCommand();
      this.#person = as.person;
      const back = as.person.id === YOU.id ? '' : '; as you goes back';
      this.screen.print(`(typing as ${as.person.name}, Slack user ${as.person.id}${back})`);
      return true;
    }
    const typist = this.#person;
    this.#person = as.person;
    try {
      return await this.run(as.line);
    } finally {
      this.#person = typist;
    }
  }

  async #slash(line: string): Promise<void> {
    const slack = this.sandbox.slack;
    if (!slack) {
      this.#mistake('Slack is your real workspace now (Socket Mode): type the command in Slack.');
      return;
    }
    await slack.command(line, this.#person);
  }

  async #press(args: string): Promise<void> {
    const number = Number(args.replace(/^\[|\]$/g, ''));
    if (!Number.isInteger(number) || number < 1) {
      this.#mistake('press takes a button number, e.g. press 1');
      return;
    }
    if (!this.sandbox.slack) {
      this.#mistake('Slack is your real workspace now (Socket Mode): press the button in Slack.');
      return;
    }
    const refused = await this.sandbox.slack.press(number, this.#person);
    if (refused) this.#mistake(refused);
  }

  async #advance(args: string): Promise<void> {
    const minutes = durationMinutes(args);
    if (minutes === undefined) {
      this.#mistake('advance takes a duration: 30m, 3h, 1h30, 2d');
      return;
    }
    await this.sandbox.loop.advance(minutes * 60_000);
    this.#showClock();
  }

  async #waitUntil(args: string): Promise<void> {
    const match = /^until\s+(.+)$/i.exec(args);
    if (!match?.[1]) {
      this.#mistake('wait until takes a time: wait until 21:30');
      return;
    }
    let until: number;
    try {
      until = resolveUntil(match[1], this.sandbox.zone, this.sandbox.clock.now());
    } catch (error) {
      if (!(error instanceof TimeTextError)) throw error;
      this.#mistake(error.message);
      return;
    }
    await this.sandbox.loop.advance(until - this.sandbox.clock.now());
    this.#showClock();
  }

  #expect(text: string): void {
    const found = text !== '' && this.screen.output.includes(text);
    if (found) return;
    if (this.scripted)
      throw new ScriptFailure(`expect "${text}": the last output does not show it`);
    this.screen.print(`(the last output does not show "${text}")`);
  }

  #showClock(): void {
    const { clock, zone } = this.sandbox;
    const pace = !clock.running
      ? 'standing still'
      : clock.speed === 1
        ? 'real time'
        : `${clock.speed}× real time`;
    this.screen.print(`clock: ${terminalTime(clock.now(), zone)} (${pace})`);
  }

  #mistake(message: string): void {
    if (this.scripted) throw new ScriptFailure(message);
    this.screen.print(message);
  }
}

/** `30m`, `3h`, `1h30` as the bot reads them, and whole days: `2d`. */
function durationMinutes(text: string): number | undefined {
  const days = /^(\d{1,2})\s*d(ays?)?$/i.exec(text.trim());
  if (days) return Number(days[1]) * 1440 || undefined;
  return parseDuration(text);
}
