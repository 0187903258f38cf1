/**
 * The sandbox's simulated clock: `start + elapsed real time × speed`, or standing still until
 * moved (scripts, so that they print the same thing every time). Jumps only go forward.
 */
export class SimClock {
  #anchorSim: number;
  #anchorReal: number;
  readonly #realNow: () => number;

  constructor(
    start: number,
    readonly speed: number,
    readonly running: boolean,
    realNow: () => number = Date.now,
  ) {
    this.#realNow = realNow;
    this.#anchorSim = start;
    this.#anchorReal = realNow();
  }

  /** The simulated time now, in epoch milliseconds. */
  readonly now = (): number =>
    this.running
      ? this.#anchorSim + (this.#realNow() - this.#anchorReal) * this.speed
      : this.#anchorSim;

  /** Moves the clock to `at`; from there it goes on at its speed (if it runs). */
  jumpTo(at: number): void {
    const now = this.now();
    if (at < now) throw new RangeError('the simulated clock only moves forward');
    this.#anchorSim = at;
    this.#anchorReal = this.#realNow();
  }
}
