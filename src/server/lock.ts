/**
 * Readers share the store; a writer has it alone. Reads run on the engine's read views, writes on its main
 * connection: holding the gate, a transaction never interleaves with another request's statements, and a request's
 * reads all see one state of the data. Writers are preferred so a stream of reads cannot starve them. Not
 * re-entrant: a reader that asks for the gate again waits behind any queued writer, which waits for it.
 */
export class Gate {
  private readers = 0;
  private writing = false;
  private queue: Array<{ write: boolean; go: () => void }> = [];

  async read<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire(false);
    try {
      return await fn();
    } finally {
      this.readers--;
      this.next();
    }
  }

  async write<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire(true);
    try {
      return await fn();
    } finally {
      this.writing = false;
      this.next();
    }
  }

  private acquire(write: boolean): Promise<void> {
    if (!this.writing && this.queue.length === 0 && (write ? this.readers === 0 : true)) {
      if (write) this.writing = true;
      else this.readers++;
      return Promise.resolve();
    }
    return new Promise((go) => this.queue.push({ write, go }));
  }

  private next(): void {
    while (this.queue.length && !this.writing) {
      const head = this.queue[0];
      if (head.write) {
        if (this.readers > 0) return;
        this.queue.shift();
        this.writing = true;
        head.go();
        return;
      }
      this.queue.shift();
      this.readers++;
      head.go();
    }
  }
}
