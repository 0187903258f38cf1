import type { StopinatorTable } from '../aws/table-adapters.js';
import type { Command } from '../core/command.js';
import type { FleetIndex } from '../core/fleet-index.js';
import type { Snooze } from '../core/snooze.js';

/** The commands that begin by reading the fleet index and the snoozes. */
const READS_THE_VIEW: ReadonlySet<Command['kind']> = new Set([
  'snooze',
  'unsnooze',
  'wake',
  'why',
  'tonight',
  'status',
  'savings',
]);

export function readsTheView(kind: Command['kind']): boolean {
  return READS_THE_VIEW.has(kind);
}

/**
 * The table, able to start a request's two reads (the fleet index, the snoozes) as soon as the
 * request is verified: on a cold start they then travel while the configuration loads and is
 * validated, instead of after. Each early read is handed to the first call that wants it in
 * the same request, then forgotten; `end()` drops what no call took. Snoozes are read whole
 * and filtered for the caller's instant, so the answer is the one a later read would give.
 */
export class ReadAhead {
  readonly #table: () => Promise<StopinatorTable>;
  #index: Promise<FleetIndex | undefined> | undefined;
  #snoozes: Promise<Snooze[]> | undefined;

  constructor(table: () => Promise<StopinatorTable>) {
    this.#table = table;
  }

  /** Sends both reads; resolves once they are on the wire (not answered). */
  async start(): Promise<void> {
    const table = this.#table();
    this.#index = quiet(table.then((t) => t.fleetIndex.readIndex()));
    // Everything stored, expired or not: the caller's `after` filters it (below).
    this.#snoozes = quiet(table.then((t) => t.snoozes.activeSnoozes(-Infinity)));
    await table.catch(() => {});
    // The requests are made a few promise turns after the table: let them leave first.
    await new Promise((resolve) => setImmediate(resolve));
  }

  end(): void {
    this.#index = undefined;
    this.#snoozes = undefined;
  }

  /** The table, whose readIndex and activeSnoozes take an early read when there is one. */
  readonly table = async (): Promise<StopinatorTable> => {
    const table = await this.#table();
    return {
      ...table,
      fleetIndex: override(table.fleetIndex, {
        readIndex: () => {
          const early = this.#index;
          this.#index = undefined;
          return early ?? table.fleetIndex.readIndex();
        },
      }),
      snoozes: override(table.snoozes, {
        activeSnoozes: async (after: number) => {
          const early = this.#snoozes;
          this.#snoozes = undefined;
          if (!early) return table.snoozes.activeSnoozes(after);
          return (await early).filter((s) => s.expiresAt > after);
        },
      }),
    };
  };
}

/** A rejection nobody awaits yet is not an unhandled one; the caller still sees it. */
function quiet<T>(work: Promise<T>): Promise<T> {
  work.catch(() => {});
  return work;
}

/** The port with some methods replaced, the others still the port's own (bound to it). */
function override<T extends object>(port: T, methods: Partial<T>): T {
  return new Proxy(port, {
    get: (target, key) => {
      if (Object.hasOwn(methods, key)) return methods[key as keyof T];
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
