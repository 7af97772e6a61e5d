/**
 * Progress on standard error: a bar for a terminal; for pipes and logs, one line each time the step changes
 * (no control characters). Standard output stays clean for tables and JSON.
 */
export class ProgressBar {
  private last = 0;
  private shown = false;
  private lastLabel = '';
  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly mode: 'bar' | 'lines' | 'off' = process.stderr.isTTY ? 'bar' : 'lines',
  ) {}

  update(label: string, fraction: number | null): void {
    if (this.mode === 'off') return;
    if (this.mode === 'lines') {
      if (label !== this.lastLabel) this.stream.write(`${label}…\n`);
      this.lastLabel = label;
      return;
    }
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
