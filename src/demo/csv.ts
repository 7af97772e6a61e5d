/**
 * Streaming CSV output: rows are appended to a string and written in ~1 MB chunks, waiting for `drain`
 * when the stream's buffer is full, so memory stays flat whatever the number of rows.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

const CHUNK = 1 << 20;
const BATCH = 2048;

/**
 * Rows are encoded, in batches, into 1 MB Buffers: short-lived line strings die young, whereas a growing string
 * (a rope held across collections) made the generator spend half its time in the garbage collector.
 */
export class CsvWriter {
  private buf = Buffer.allocUnsafe(CHUNK);
  private off = 0;
  private readonly stream: WriteStream;
  private full: Buffer[] = [];
  private batch: string[] = [];
  /** Data rows written so far (the header excluded). */
  rows = 0;

  constructor(readonly path: string, header: readonly string[]) {
    this.stream = createWriteStream(path);
    this.put(header.join(',') + '\n');
  }

  /** Appends one row, already joined with commas and without its newline. Text fields go through `csvField`. */
  line(row: string): void {
    this.batch.push(row);
    this.rows++;
    // One join and one UTF-8 encode per batch: per-line Buffer.write calls cost more than generating the line.
    if (this.batch.length === BATCH) this.drainBatch();
  }

  private drainBatch(): void {
    if (this.batch.length === 0) return;
    this.put(this.batch.join('\n') + '\n');
    this.batch.length = 0;
  }

  private put(s: string): void {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    if (this.off + 3 * s.length > this.buf.length) {
      this.full.push(this.buf.subarray(0, this.off));
      this.buf = Buffer.allocUnsafe(Math.max(CHUNK, 3 * s.length));
      this.off = 0;
    }
    this.off += this.buf.write(s, this.off);
  }

  // Byte-level row building for the two big files (order lines, service costs): no line strings at all.
  // Callers write ASCII only through these, after reserving room for the whole row.

  /** Makes room for `bytes` more bytes of the current row. */
  room(bytes: number): void {
    if (this.batch.length > 0) this.drainBatch();
    if (this.off + bytes > this.buf.length) {
      this.full.push(this.buf.subarray(0, this.off));
      this.buf = Buffer.allocUnsafe(Math.max(CHUNK, bytes));
      this.off = 0;
    }
  }

  /** An ASCII string followed by a comma. */
  ascii(s: string): void {
    const b = this.buf;
    let o = this.off;
    for (let i = 0; i < s.length; i++) b[o++] = s.charCodeAt(i);
    b[o++] = 44;
    this.off = o;
  }

  /** Any text (UTF-8, quoted when needed) followed by a comma; makes its own room. */
  text(s: string): void {
    if (NEEDS_QUOTES.test(s)) s = `"${s.replace(/"/g, '""')}"`;
    this.room(3 * s.length + 1);
    this.off += this.buf.write(s, this.off);
    this.buf[this.off++] = 44;
  }

  /** An integer followed by a comma. */
  int(n: number): void {
    if (n < 0) {
      this.buf[this.off++] = 45;
      n = -n;
    }
    this.digits(n);
    this.buf[this.off++] = 44;
  }

  /** An amount in integer cents, written as units with two decimals ("-12.05"), followed by a comma. */
  cents(c: number): void {
    const b = this.buf;
    if (c < 0) {
      b[this.off++] = 45;
      c = -c;
    }
    const units = Math.floor(c / 100);
    const rest = c - units * 100;
    this.digits(units);
    b[this.off++] = 46;
    b[this.off++] = 48 + Math.floor(rest / 10);
    b[this.off++] = 48 + (rest % 10);
    b[this.off++] = 44;
  }

  /** The decimal digits of a non-negative integer, without allocating a string. */
  private digits(n: number): void {
    const b = this.buf;
    if (n < 10) {
      b[this.off++] = 48 + n;
      return;
    }
    let len = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) len++;
    let o = this.off + len;
    this.off = o;
    while (len-- > 0) {
      const q = Math.floor(n / 10);
      b[--o] = 48 + (n - q * 10);
      n = q;
    }
  }

  /** A time of day 'HH:MM:SS' from seconds, followed by a comma. */
  clock(sec: number): void {
    const b = this.buf;
    let o = this.off;
    const h = Math.floor(sec / 3600);
    const m = Math.floor((sec - h * 3600) / 60);
    const s = sec - h * 3600 - m * 60;
    b[o++] = 48 + Math.floor(h / 10);
    b[o++] = 48 + (h % 10);
    b[o++] = 58;
    b[o++] = 48 + Math.floor(m / 10);
    b[o++] = 48 + (m % 10);
    b[o++] = 58;
    b[o++] = 48 + Math.floor(s / 10);
    b[o++] = 48 + (s % 10);
    b[o++] = 44;
    this.off = o;
  }

  /** A space instead of the last comma: joins a date and a clock into one timestamp field. */
  space(): void {
    this.buf[this.off - 1] = 32;
  }

  /** Ends the row: the last comma becomes a newline. */
  endRow(): void {
    this.buf[this.off - 1] = 10;
    this.rows++;
  }

  /** Hands full chunks to the stream; resolves after `drain` if the stream is saturated. */
  async maybeFlush(): Promise<void> {
    if (this.full.length > 0) await this.flush(false);
  }

  private async flush(all: boolean): Promise<void> {
    if (all) this.drainBatch();
    if (all && this.off > 0) {
      this.full.push(this.buf.subarray(0, this.off));
      this.buf = Buffer.allocUnsafe(CHUNK);
      this.off = 0;
    }
    let ok = true;
    for (const b of this.full) ok = this.stream.write(b);
    this.full = [];
    if (!ok) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush(true);
    this.stream.end();
    await once(this.stream, 'finish');
  }

  /** Closes the file after a failure, without waiting for pending data. */
  destroy(): void {
    this.stream.destroy();
  }
}

const NEEDS_QUOTES = /[",\n\r]/;

/** RFC 4180: quote a field that holds a comma, a quote or a line break; double inner quotes. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export const PAD2: readonly string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/** A money amount with exactly two decimals ("-12.50"), faster than toFixed in the hot loop. */
export function money(x: number): string {
  let cents = Math.round(x * 100);
  let sign = '';
  if (cents < 0) {
    sign = '-';
    cents = -cents;
  }
  return `${sign}${Math.floor(cents / 100)}.${PAD2[cents % 100]}`;
}

export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

const DAY_MS = 86_400_000;

/** ISO dates counted in days from an origin; days near the window come from a table. */
export class Calendar {
  readonly originMs: number;
  private readonly table: string[];
  private readonly first: number;

  /** `first`..`last` are the day offsets kept in the table. */
  constructor(originIso: string, first: number, last: number) {
    this.originMs = Date.parse(`${originIso}T00:00:00Z`);
    if (Number.isNaN(this.originMs)) throw new Error(`Calendar requires an ISO date, got ${originIso}`);
    this.first = first;
    this.table = [];
    for (let d = first; d <= last; d++) this.table.push(new Date(this.originMs + d * DAY_MS).toISOString().slice(0, 10));
  }

  /** Day offset of an ISO date from the origin. */
  offset(iso: string): number {
    const ms = Date.parse(`${iso}T00:00:00Z`);
    if (Number.isNaN(ms)) throw new Error(`Calendar.offset requires an ISO date, got ${iso}`);
    return Math.round((ms - this.originMs) / DAY_MS);
  }

  /** ISO date of a (fractional) day offset. */
  date(t: number): string {
    const d = Math.floor(t);
    const s = this.table[d - this.first];
    return s ?? new Date(this.originMs + d * DAY_MS).toISOString().slice(0, 10);
  }

  /** 'YYYY-MM-DD HH:MM:SS' of a fractional day offset, the fraction warped to business hours. */
  timestamp(t: number): string {
    const day = Math.floor(t);
    const sec = secondOfDay(t - day);
    const h = Math.floor(sec / 3600);
    const m = Math.floor((sec % 3600) / 60);
    return `${this.date(day)} ${PAD2[h]}:${PAD2[m]}:${PAD2[sec % 60]}`;
  }
}

// Share of orders per hour of the day: quiet at night, peaks late morning and evening.
const HOURLY = [0.3, 0.15, 0.1, 0.1, 0.1, 0.2, 0.5, 1.2, 2.5, 4, 5, 5.5, 5, 5, 5, 4.8, 4.6, 4.5, 5, 6, 6.5, 6, 4, 1.5];
const HOUR_CDF = (() => {
  const total = HOURLY.reduce((a, b) => a + b, 0);
  let s = 0;
  return [0, ...HOURLY.map((w) => (s += w / total))];
})();

// Inverse-CDF lookup: the hour that each of 4096 equal slices of the day's fraction starts in.
const SLICES = 4096;
const HOUR_OF_SLICE = Uint8Array.from({ length: SLICES }, (_, k) => {
  let h = 0;
  while (h < 23 && HOUR_CDF[h + 1] <= k / SLICES) h++;
  return h;
});

/**
 * Maps a fraction of a day to a second of the day through the hourly profile's inverse CDF.
 * The map is monotone, so events keep their order within a day.
 */
export function secondOfDay(frac: number): number {
  let h = HOUR_OF_SLICE[Math.floor(frac * SLICES)];
  while (h < 23 && HOUR_CDF[h + 1] <= frac) h++;
  const within = (frac - HOUR_CDF[h]) / (HOUR_CDF[h + 1] - HOUR_CDF[h]);
  return Math.min(86_399, h * 3600 + Math.floor(within * 3600));
}
