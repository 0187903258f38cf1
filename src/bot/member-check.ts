import type { SlackHome } from '../core/workspace-access.js';
import type { SlackApi } from '../slack/slack-api.js';
import { beforeDeadline } from './deadline.js';

/** What users.info says about a person that matters here. */
export interface Member {
  /** A multi-channel (`is_restricted`) or single-channel (`is_ultra_restricted`) guest. */
  readonly guest: boolean;
  /** The person's own workspace and organisation (another company's, for Slack Connect users). */
  readonly home: SlackHome;
}

/**
 * users.info answers, remembered per user for the life of the container (up to `ttlMs`): a
 * person pays for the lookup on their first change, not on each. Failures are not kept.
 */
export class MemberDirectory {
  readonly #known = new Map<string, { member: Member; at: number }>();
  readonly #asking = new Map<string, Promise<Member>>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #clock: () => number;

  constructor(options: { ttlMs?: number; maxEntries?: number; clock?: () => number } = {}) {
    this.#ttlMs = options.ttlMs ?? 10 * 60_000;
    this.#maxEntries = options.maxEntries ?? 1_000;
    this.#clock = options.clock ?? Date.now;
  }

  /** The member, from the cache or from Slack before `deadline` (else a DeadlineError). */
  async lookup(slack: SlackApi, userId: string, deadline: number): Promise<Member> {
    const known = this.#known.get(userId);
    if (known && this.#clock() - known.at < this.#ttlMs) return known.member;
    return beforeDeadline(this.#ask(slack, userId), deadline, 'Slack users.info');
  }

  /**
   * Asks Slack now, so that a lookup a moment later finds the answer on its way (the Lambda
   * starts it as soon as a change command is verified, alongside loading the configuration).
   */
  warm(slack: SlackApi, userId: string): void {
    const known = this.#known.get(userId);
    if (known && this.#clock() - known.at < this.#ttlMs) return;
    this.#ask(slack, userId).catch(() => {});
  }

  /** One users.info call per person at a time; its answer is kept, a failure is not. */
  #ask(slack: SlackApi, userId: string): Promise<Member> {
    const asking = this.#asking.get(userId);
    if (asking) return asking;
    const at = this.#clock();
    const call = slack
      .usersInfo(userId)
      .then((user) => {
        if (!user?.id) throw new Error('users.info answered without the user');
        const enterpriseId = user.enterprise_user?.enterprise_id;
        const member: Member = {
          guest: Boolean(user.is_restricted || user.is_ultra_restricted),
          home: {
            ...(user.team_id ? { teamId: user.team_id } : {}),
            ...(enterpriseId ? { enterpriseId } : {}),
          },
        };
        this.#remember(userId, member, at);
        return member;
      })
      .finally(() => this.#asking.delete(userId));
    this.#asking.set(userId, call);
    return call;
  }

  #remember(userId: string, member: Member, at: number): void {
    this.#known.delete(userId);
    if (this.#known.size >= this.#maxEntries) {
      const oldest = this.#known.keys().next().value;
      if (oldest !== undefined) this.#known.delete(oldest);
    }
    this.#known.set(userId, { member, at });
  }
}
