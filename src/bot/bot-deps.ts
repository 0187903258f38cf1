import type { Actor } from '../core/access.js';
import type { StopinatorConfig } from '../core/config.js';
import type {
  AuditLog,
  Fleet,
  FleetIndexStore,
  PriceCache,
  SnoozeStore,
  StopHistoryStore,
} from '../core/ports.js';
import type { Logger } from '../runtime/logger.js';
import type { SlackMessage } from '../slack/blocks.js';

/** What the bot's commands need; built once per cold start by the entry point. */
export interface BotDeps {
  readonly config: StopinatorConfig;
  readonly snoozes: SnoozeStore;
  readonly audit: AuditLog;
  /** What the scheduler's last run listed: targets resolve against it, without EC2. */
  readonly fleetIndex: FleetIndexStore;
  /** Stopped hours and the prices the scheduler cached: `savings` and the App Home. */
  readonly history: StopHistoryStore;
  readonly prices: PriceCache;
  /**
   * EC2 is loaded only by the paths that need it (status, wake, a target the index does not
   * know yet): it costs cold start.
   */
  readonly fleet: () => Promise<Fleet>;
  readonly clock: () => number;
  readonly log: Logger;
}

/** One request: who asks, by when the reply must be ready, and a key that makes retries act once. */
export interface CommandRequest {
  readonly actor: Actor & { readonly userName?: string };
  readonly deadline: number;
  readonly requestKey: string;
  /** Looks up the user's user groups, for permission rules that name groups. */
  readonly userGroups: () => Promise<readonly string[]>;
  /**
   * For a change: the reply refusing it (a guest, someone of another organisation, Slack not
   * answering in time), or undefined when the person may go on. Started when the request
   * arrives, so commands await it alongside their reads, before their first write.
   */
  readonly mayChange?: () => Promise<SlackMessage | undefined>;
}

/** The private reply to the person, and what to announce in the channel (after the reply). */
export interface CommandReply {
  readonly reply: SlackMessage;
  readonly announce?: SlackMessage;
  /** One line for a button click's note on the warning, e.g. "snoozed: until 21:00 CET". */
  readonly outcome?: string;
}
