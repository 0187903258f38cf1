import {
  type Account,
  configuredAccounts,
  mergeAccounts,
  organizationAccount,
} from '../core/account.js';
import type { StopinatorConfig } from '../core/config.js';
import type { DiscoveredAccounts, Notifier, OutageLog } from '../core/ports.js';
import type { Logger } from '../runtime/logger.js';
import { quietly, soft } from './run-alerts.js';

/** The outage key of a failed Organizations listing. */
const DISCOVERY_OUTAGE = 'organization#list';

/**
 * The accounts a run works in: the configured ones, and those found under the organization's
 * parents when it has some. When the listing fails, the accounts of the last one that worked
 * are used (this container's, else the one kept in the table), and the operator is told once
 * per outage; accounts found then are caught up from their own cursors when the listing works
 * again. A listing is kept in the table when it differs from the one this container kept.
 */
export class AccountList {
  readonly #configured: Account[];
  #discovered: Account[] = [];
  #all: Account[];
  #byId: Map<string, Account>;
  /** Whether an outage of the listing may be open (unknown at a cold start: yes). */
  #mayBeOpen = true;
  /** The ids this container last kept in the table, joined (none yet: a cold start writes once). */
  #kept: string | undefined;

  constructor(
    private readonly options: {
      readonly config: StopinatorConfig;
      readonly stage: string;
      /** Lists the organization's accounts; absent without `organization`. */
      readonly discover?: () => Promise<Account[]>;
      /** Where the last listing is kept, for a container that cannot list; with `discover`. */
      readonly kept?: DiscoveredAccounts;
      readonly outages: OutageLog;
      readonly notifier: Pick<Notifier, 'alert'>;
      readonly log: Logger;
    },
  ) {
    this.#configured = configuredAccounts(options.config, options.stage);
    this.#all = this.#configured;
    this.#byId = new Map(this.#all.map((a) => [a.id, a]));
  }

  /** The accounts known now, by id (the fleets look their role up here). */
  byId(): ReadonlyMap<string, Account> {
    return this.#byId;
  }

  async current(now: number): Promise<Account[]> {
    const { discover, log } = this.options;
    if (discover) {
      try {
        this.#discovered = await discover();
        await this.#keep(now);
        if (this.#mayBeOpen) {
          const ended = await soft(log, 'could not record the outage end', () =>
            this.options.outages.close(DISCOVERY_OUTAGE),
          );
          if (ended !== undefined) this.#mayBeOpen = false;
          if (ended)
            await quietly(log, 'alert', () =>
              this.options.notifier.alert('The organization’s accounts can be listed again.'),
            );
        }
      } catch (error) {
        const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        this.#mayBeOpen = true;
        if (this.#kept === undefined && this.#discovered.length === 0) await this.#restore();
        log.error('could not list the organization’s accounts; using the last list', {
          error,
          accounts: this.#discovered.length,
        });
        const first = await soft(log, 'could not record the outage', () =>
          this.options.outages.open(DISCOVERY_OUTAGE, now, detail),
        );
        if (first)
          await quietly(log, 'alert', () =>
            this.options.notifier.alert(
              `Could not list the organization’s accounts (${detail}): the ${this.#discovered.length} found before and the configured ones are worked until it can.`,
              detail,
            ),
          );
      }
    }
    this.#all = mergeAccounts(this.#configured, this.#discovered);
    this.#byId = new Map(this.#all.map((a) => [a.id, a]));
    return this.#all;
  }

  /** Keeps the listing in the table when it differs from what this container kept. */
  async #keep(now: number): Promise<void> {
    const { kept, log } = this.options;
    if (!kept) return;
    const ids = this.#discovered.map((a) => a.id);
    const text = ids.join(',');
    if (text === this.#kept) return;
    const done = await soft(log, 'could not keep the organization’s accounts', async () => {
      await kept.write(ids, now);
      return true;
    });
    if (done !== undefined) this.#kept = text;
  }

  /** A cold start that cannot list: the listing kept in the table, if any. */
  async #restore(): Promise<void> {
    const { kept, log, config, stage } = this.options;
    const { organization } = config;
    if (!kept || !organization) return;
    const last = await soft(log, 'could not read the organization’s accounts kept', () =>
      kept.read(),
    );
    if (!last) return;
    this.#discovered = last.ids.map((id) => organizationAccount(organization, stage, id));
    log.info('working the organization’s accounts as last listed', {
      accounts: last.ids.length,
      listedAt: new Date(last.listedAt).toISOString(),
    });
  }
}
