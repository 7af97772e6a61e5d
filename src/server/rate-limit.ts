/**
 * Failed logins per key (an account, an address) in a sliding window. After `max` failures within `windowMs`,
 * every attempt is refused until the oldest failure leaves the window.
 */
export class LoginLimiter {
  private failures = new Map<string, number[]>();

  constructor(
    readonly max = 5,
    readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds to wait before another attempt, or 0 when one is allowed now. */
  retryAfter(keys: readonly string[]): number {
    const t = this.now();
    let wait = 0;
    for (const k of keys) {
      const list = this.prune(k, t);
      if (list.length >= this.max) wait = Math.max(wait, Math.ceil((list[list.length - this.max] + this.windowMs - t) / 1000));
    }
    return wait;
  }

  fail(keys: readonly string[]): void {
    const t = this.now();
    for (const k of keys) this.failures.set(k, [...this.prune(k, t), t]);
    if (this.failures.size > 100_000) this.sweep(t);
  }

  succeed(account: string): void {
    this.failures.delete(account);
  }

  private prune(k: string, t: number): number[] {
    const list = (this.failures.get(k) ?? []).filter((x) => x > t - this.windowMs);
    if (list.length) this.failures.set(k, list);
    else this.failures.delete(k);
    return list;
  }

  private sweep(t: number): void {
    for (const k of [...this.failures.keys()]) this.prune(k, t);
  }
}
