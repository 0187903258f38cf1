import type { SimClock } from './sim-clock.js';

/**
 * Runs the scheduler as EventBridge Scheduler would, on the simulated clock: once per
 * interval, at each boundary (19:00, 19:05, ...), in order, never two at once. Before a run
 * for a boundary still ahead (a script's `advance`), the clock is moved there, so the bot
 * and the messages see the time of the run.
 */
export class SchedulerLoop {
  #next: number;
  #queue: Promise<void> = Promise.resolve();
  #busy = false;
  #stopped = false;

  constructor(
    private readonly clock: SimClock,
    private readonly intervalMs: number,
    private readonly run: (at: number) => Promise<void>,
  ) {
    this.#next = Math.floor(clock.now() / intervalMs) * intervalMs;
  }

  /** True while runs are queued or going. */
  get busy(): boolean {
    return this.#busy;
  }

  /** Runs every boundary up to and including `until`. */
  runUntil(until: number): Promise<void> {
    const work = this.#queue.then(async () => {
      this.#busy = true;
      try {
        while (!this.#stopped && this.#next <= until) {
          const at = this.#next;
          this.#next += this.intervalMs;
          if (at > this.clock.now()) this.clock.jumpTo(at);
          await this.run(at);
        }
      } finally {
        this.#busy = false;
      }
    });
    this.#queue = work.catch(() => {});
    return work;
  }

  /** Moves the clock by `ms`, running every boundary on the way, as fast as it can. */
  async advance(ms: number): Promise<void> {
    const target = this.clock.now() + ms;
    await this.runUntil(target);
    if (target > this.clock.now()) this.clock.jumpTo(target);
  }

  /** No run starts after this; resolves when the one going (if any) is done. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#queue;
  }
}
