/**
 * The terminal the sandbox writes to. Lines printed while a prompt is shown are written
 * above it, and the prompt is redrawn with what was typed so far. The lines printed since
 * the last command began are its output, for the script command `expect`.
 */
export class Screen {
  #output: string[] = [];
  #redraw: (() => void) | undefined;

  constructor(private readonly stream: NodeJS.WritableStream) {}

  print(...lines: string[]): void {
    if (this.#redraw) this.stream.write('\r\x1b[K');
    this.stream.write(`${lines.join('\n')}\n`);
    this.#output.push(...lines);
    this.#redraw?.();
  }

  /** Shows a line read from a script; it is input, not output, so `expect` does not see it. */
  echo(line: string): void {
    this.stream.write(`> ${line}\n`);
  }

  /** From now on, printing redraws the prompt with `redraw` (an interactive terminal). */
  promptWith(redraw: (() => void) | undefined): void {
    this.#redraw = redraw;
  }

  /** A new command begins: what it prints is its output. */
  startCommand(): void {
    this.#output = [];
  }

  get output(): string {
    return this.#output.join('\n');
  }
}
