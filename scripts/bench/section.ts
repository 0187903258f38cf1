/** One part of `npm run bench`: measures something and returns it as a table. */
export interface BenchSection {
  /** Short id, for `npm run bench -- <id>...` to run only some sections. */
  readonly id: string;
  readonly title: string;
  /** What is measured and how, in a sentence or two (rendered above the table). */
  readonly description: string;
  run(context: BenchContext): Promise<BenchTable>;
}

export interface BenchContext {
  readonly repoRoot: string;
  /** How many times to repeat a timed measurement (BENCH_RUNS, default 10). */
  readonly runs: number;
  /** Progress messages, to stderr: stdout carries the report. */
  log(message: string): void;
}

export interface BenchTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly notes?: readonly string[];
  /** More tables after this one's notes, each under a heading of its own. */
  readonly more?: readonly { readonly title: string; readonly table: BenchTable }[];
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}
