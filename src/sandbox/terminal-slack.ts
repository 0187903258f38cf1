import { messageLines, type ShownButton } from './block-text.js';
import type { FakeSlack, SlackEvent } from './fake-slack.js';
import { type Person, YOU } from './people.js';
import type { Screen } from './screen.js';
import { actionBody, blockActionsPayload, commandBody } from './slack-payloads.js';
import { signedHeaders } from './slack-signing.js';

export interface TerminalSlackOptions {
  /** The bot's endpoint, e.g. http://127.0.0.1:3000/slack/events */
  readonly botUrl: string;
  readonly signingSecret: string;
  readonly slack: FakeSlack;
  readonly screen: Screen;
  /** The channel the stopinator posts to, and where the person types. */
  readonly channel: { readonly id: string; readonly name: string };
  /** "19:30 CET" for a channel post's heading: the simulated time. */
  readonly timeNow: () => string;
}

/** What the sandbox's session does in Slack, as one person or another. */
export interface SlackKeyboard {
  command(line: string, person: Person): Promise<void>;
  /** Why the button could not be pressed, or undefined. */
  press(number: number, person: Person): Promise<string | undefined>;
}

interface KnownButton {
  readonly ts: string;
  readonly button: ShownButton;
}

/**
 * Slack in the terminal: slash commands and button clicks go to the bot as signed HTTP
 * requests, as Slack sends them; the reply and the channel posts (from the bot and the
 * scheduler, through the fake Web API) are printed as text, buttons numbered for `press N`.
 * Each request is sent as the person who typed it; mentions of anyone who typed show by name.
 */
export class TerminalSlack implements SlackKeyboard {
  readonly #options: TerminalSlackOptions;
  readonly #numbers = new Map<string, number>();
  readonly #buttons = new Map<number, KnownButton>();
  /** Everyone who typed so far, by Slack user id. */
  readonly #people = new Map<string, Person>([[YOU.id, YOU]]);
  /** Who a response_url answers: the person whose command or click it came with. */
  readonly #responders = new Map<string, Person>();
  #held: SlackEvent[] | undefined;
  #triggers = 0;

  constructor(options: TerminalSlackOptions) {
    this.#options = options;
  }

  /** For FakeSlack: shows what the bot or the scheduler sent, after a reply in progress. */
  readonly onSlackEvent = (event: SlackEvent): void => {
    if (this.#held) this.#held.push(event);
    else this.#show(event);
  };

  /**
   * `/stopinator status` typed by `person`: sends the command, then shows the reply and what
   * it posted.
   */
  async command(line: string, person: Person): Promise<void> {
    const [command = '', ...words] = line.trim().split(/\s+/);
    const { channel } = this.#options;
    const trigger = this.#trigger(person);
    const body = commandBody({
      command,
      text: words.join(' '),
      userId: person.id,
      userName: person.name,
      channelId: channel.id,
      channelName: channel.name,
      ...trigger,
    });
    await this.#send(body, (text) => {
      const reply = text ? (JSON.parse(text) as { text?: string; blocks?: unknown[] }) : {};
      if (reply.text === undefined && reply.blocks === undefined) return;
      this.#print(`only visible to ${person.name}`, this.#lines(reply));
    });
  }

  /**
   * `press 2`: clicks button 2 on the message that shows it, as it looks now. Returns why it
   * could not, when there is no such button.
   */
  async press(number: number, person: Person): Promise<string | undefined> {
    const known = this.#buttons.get(number);
    const message = known && this.#options.slack.message(known.ts);
    if (!known || !message) {
      const range = this.#buttons.size > 0 ? ` (buttons shown: 1 to ${this.#buttons.size})` : '';
      return `There is no button [${number}]${range}.`;
    }
    const payload = blockActionsPayload({
      user: person,
      channel: { id: message.channel, name: this.#options.channel.name },
      message: { ts: message.ts, text: message.text, blocks: message.blocks },
      button: known.button,
      ...this.#trigger(person),
    });
    this.#options.screen.print(`(${person.name} pressed [${number}] ${known.button.text})`);
    await this.#send(actionBody(payload), () => {});
    return undefined;
  }

  /** A new request by `person`: its trigger id and response_url, remembered as theirs. */
  #trigger(person: Person): { triggerId: string; responseUrl: string } {
    this.#triggers += 1;
    this.#people.set(person.id, person);
    const responseUrl = `${this.#options.slack.responseUrl}/${this.#triggers}`;
    this.#responders.set(responseUrl, person);
    return { triggerId: `sandbox.${Date.now()}.${this.#triggers}`, responseUrl };
  }

  /** Posts a signed request; channel posts it causes are shown after its reply. */
  async #send(body: string, onReply: (text: string) => void): Promise<void> {
    this.#held = [];
    try {
      const response = await fetch(this.#options.botUrl, {
        method: 'POST',
        headers: signedHeaders(body, { secret: this.#options.signingSecret }),
        body,
        signal: AbortSignal.timeout(10_000),
      });
      const text = await response.text();
      if (response.status !== 200) {
        this.#options.screen.print(
          `The bot answered HTTP ${response.status}: ${text.slice(0, 200)}`,
        );
      } else {
        onReply(text);
      }
    } catch (error) {
      this.#options.screen.print(`The bot did not answer: ${(error as Error).message}`);
    } finally {
      const held = this.#held ?? [];
      this.#held = undefined;
      for (const event of held) this.#show(event);
    }
  }

  #show(event: SlackEvent): void {
    const where = `#${this.#options.channel.name}`;
    switch (event.kind) {
      case 'post':
        this.#print(
          `${where} · ${this.#options.timeNow()}`,
          this.#lines(event.message, event.message.ts),
        );
        return;
      case 'update':
        this.#print(`${where} · message updated`, this.#lines(event.message, event.message.ts));
        return;
      case 'ephemeral':
        this.#print(`only visible to ${this.#ephemeralReader(event)}`, this.#lines(event));
        return;
    }
  }

  /** The name of whoever an ephemeral message is for: its user, or its response_url's. */
  #ephemeralReader(event: { readonly user?: string; readonly responseUrl?: string }): string {
    const person =
      (event.user ? this.#people.get(event.user) : undefined) ??
      (event.responseUrl ? this.#responders.get(event.responseUrl) : undefined);
    return person?.name ?? event.user ?? YOU.name;
  }

  #lines(message: { text?: unknown; blocks?: unknown }, ts?: string): string[] {
    return messageLines(message, {
      userName: (id) => this.#people.get(id)?.name ?? id,
      buttonNumber: (button) => this.#number(ts ?? '', button),
    });
  }

  #number(ts: string, button: ShownButton): number {
    const key = `${ts}\u0000${button.actionId}`;
    let number = this.#numbers.get(key);
    if (number === undefined) {
      number = this.#buttons.size + 1;
      this.#numbers.set(key, number);
    }
    this.#buttons.set(number, { ts, button });
    return number;
  }

  #print(heading: string, lines: string[]): void {
    this.#options.screen.print(`── ${heading} ──`, ...lines.map((line) => `  ${line}`));
  }
}
