/**
 * Failed sign-ins, counted before the password is checked. `begin` is synchronous, so it is atomic in Node: every
 * attempt is counted as a failure the moment it arrives, and only a correct password takes its count back. Fifty
 * attempts sent at once are therefore limited exactly like fifty sent one after another.
 *
 * Two limits, neither of which lets one account's failures block another account:
 * - per account *and* address (the pair): after `max` failures, each further one doubles the wait (`backoffMs`,
 *   2×, 4×, … up to `maxBackoffMs`). Someone failing on the same account from another address does not touch
 *   this pair, so the owner signing in from their own address is never refused because someone else failed.
 * - per address, by distinct accounts: an address that failed on `maxAccounts` different names within the window
 *   (password spraying) waits the same growing way. Failures on one account count once here.
 * Failures are forgotten after `windowMs` without another one; a correct password clears its pair.
 */
export interface LimiterOptions {
  /** Failures allowed per account and address before the back-off starts; default 5. */
  readonly max?: number;
  /** Quiet time after which failures are forgotten; default 15 minutes. */
  readonly windowMs?: number;
  /** The first wait; it doubles with each further failure. Default 1 s. */
  readonly backoffMs?: number;
  /** The longest wait; default 15 minutes. */
  readonly maxBackoffMs?: number;
  /** Distinct accounts an address may fail on within the window; default 20. */
  readonly maxAccounts?: number;
}

interface Entry {
  failures: number;
  last: number;
  until: number;
}

/** One attempt in flight: give it back to `succeed` when the password was right. */
export interface Attempt {
  readonly pair: string;
  readonly address: string;
  readonly account: string;
}

export class LoginLimiter {
  readonly max: number;
  readonly windowMs: number;
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
  readonly maxAccounts: number;
  private readonly pairs = new Map<string, Entry>();
  private readonly addresses = new Map<string, { names: Map<string, number>; until: number; strikes: number }>();

  constructor(
    o: LimiterOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.max = o.max ?? 5;
    this.windowMs = o.windowMs ?? 15 * 60_000;
    this.backoffMs = o.backoffMs ?? 1000;
    this.maxBackoffMs = o.maxBackoffMs ?? 15 * 60_000;
    this.maxAccounts = o.maxAccounts ?? 20;
  }

  /**
   * Counts an attempt as failed, now, or refuses it: `{ wait }` in whole seconds (for Retry-After) when this
   * account and address, or this address, must wait; otherwise the attempt to hand to `succeed` if it was right.
   */
  begin(account: string, address: string): { wait: number } | { attempt: Attempt } {
    const t = this.now();
    const pairKey = `${address}\u0000${account}`;
    const pair = this.fresh(this.pairs.get(pairKey), t);
    const addr = this.address(address, t);
    const blockedUntil = Math.max(pair?.until ?? 0, addr?.until ?? 0);
    if (blockedUntil > t) return { wait: Math.max(1, Math.ceil((blockedUntil - t) / 1000)) };
    const e = pair ?? { failures: 0, last: t, until: 0 };
    e.failures++;
    e.last = t;
    if (e.failures >= this.max) e.until = t + this.backoff(e.failures - this.max);
    this.pairs.set(pairKey, e);
    const a = addr ?? { names: new Map<string, number>(), until: 0, strikes: 0 };
    a.names.set(account, t);
    if (a.names.size >= this.maxAccounts) a.until = t + this.backoff(a.strikes++);
    this.addresses.set(address, a);
    if (this.pairs.size + this.addresses.size > 100_000) this.sweep(t);
    return { attempt: { pair: pairKey, address, account } };
  }

  /** The password was right: its attempt is taken back and the pair's failures forgotten. */
  succeed(a: Attempt): void {
    this.pairs.delete(a.pair);
    this.addresses.get(a.address)?.names.delete(a.account);
  }

  private backoff(excess: number): number {
    return Math.min(this.maxBackoffMs, this.backoffMs * 2 ** Math.min(excess, 40));
  }

  private fresh(e: Entry | undefined, t: number): Entry | undefined {
    return e && (e.until > t || t - e.last <= this.windowMs) ? e : undefined;
  }

  private address(address: string, t: number) {
    const a = this.addresses.get(address);
    if (!a) return undefined;
    for (const [name, at] of a.names) if (t - at > this.windowMs) a.names.delete(name);
    if (a.names.size === 0 && a.until <= t) {
      this.addresses.delete(address);
      return undefined;
    }
    return a;
  }

  private sweep(t: number): void {
    for (const [k, e] of this.pairs) if (!this.fresh(e, t)) this.pairs.delete(k);
    for (const k of [...this.addresses.keys()]) this.address(k, t);
  }
}
