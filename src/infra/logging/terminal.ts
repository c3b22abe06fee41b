/**
 * Standard output for log lines. A script that runs the service in its own process (the demo) holds
 * it while it prepares, prints its own text (the banner), then releases it: the lines logged
 * meanwhile follow the banner instead of burying it. Not held, it writes through at once.
 */
export class Terminal {
  private held: string[] | null = null;

  constructor(private readonly out: (text: string) => void = (t) => process.stdout.write(t)) {}

  write(text: string): void {
    if (this.held) this.held.push(text);
    else this.out(text);
  }

  hold(): void {
    this.held ??= [];
  }

  /** Writes what was held, in order, and writes through from now on. */
  release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const text of held) this.out(text);
  }
}

/** The process's standard output for log lines (see Terminal). */
export const terminal = new Terminal();
