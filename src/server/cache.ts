/**
 * Answers kept in memory until the data changes: the server drops them all on `changed()` and `forget()`
 * (state.ts), and keys carry the value run they were read from, so a kept answer is never of another run. Bounded
 * by size (the oldest used goes first). Lists keep blocks of consecutive pages: a page asked for reads its whole
 * block in one query, so browsing a list (next, next, …) costs one query per block, not per page.
 */
export class AnswerCache<T> {
  private readonly entries = new Map<string, { value: T; bytes: number }>();
  private readonly pending = new Map<string, Promise<T>>();
  private bytes = 0;
  /** Bumped on every clear: a computation started before a clear does not store its answer after it. */
  private epoch = 0;

  constructor(
    readonly maxBytes: number,
    private readonly sizeOf: (v: T) => number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get usedBytes(): number {
    return this.bytes;
  }

  /** The kept answer, or `compute`'s (shared by everyone asking meanwhile), kept if it fits. */
  async get(key: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit) {
      // Most recently used last.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    const running = this.pending.get(key);
    if (running) return running;
    const epoch = this.epoch;
    const p = compute().then(
      (value) => {
        if (this.pending.get(key) === p) this.pending.delete(key);
        if (epoch === this.epoch) this.put(key, value);
        return value;
      },
      (e: unknown) => {
        if (this.pending.get(key) === p) this.pending.delete(key);
        throw e;
      },
    );
    this.pending.set(key, p);
    return p;
  }

  clear(): void {
    this.entries.clear();
    this.pending.clear();
    this.bytes = 0;
    this.epoch++;
  }

  private put(key: string, value: T): void {
    const bytes = this.sizeOf(value);
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { value, bytes });
    this.bytes += bytes;
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= e.bytes;
    }
  }
}

/** A block of a list: its rows as JSON text each (joined into pages without serialising again), and the total. */
export interface ListBlock {
  readonly runId: number;
  readonly asOf: string;
  readonly total: number;
  readonly rows: readonly string[];
}

export const blockBytes = (b: ListBlock): number => 64 + b.rows.reduce((n, r) => n + 2 * r.length + 32, 0);
