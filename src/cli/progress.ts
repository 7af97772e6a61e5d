/**
 * A progress bar on standard error, drawn only for a terminal: pipes and CI logs get no control characters.
 */
export class ProgressBar {
  private last = 0;
  private shown = false;
  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly enabled: boolean = Boolean(process.stderr.isTTY),
  ) {}

  update(label: string, fraction: number | null): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 100 && fraction !== 1) return;
    this.last = now;
    const width = 28;
    const bar = fraction === null ? '·'.repeat(width) : '█'.repeat(Math.round(Math.min(1, fraction) * width)).padEnd(width, '░');
    const pct = fraction === null ? '   …' : `${Math.round(Math.min(1, fraction) * 100)}%`.padStart(4);
    this.stream.write(`\r\x1b[K${bar} ${pct}  ${label}`);
    this.shown = true;
  }

  done(): void {
    if (this.shown) this.stream.write('\r\x1b[K');
    this.shown = false;
  }
}
