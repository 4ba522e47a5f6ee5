/**
 * Slows down password guessing: after `maxFailures` failed logins for one key (a JID, or
 * a client address with its own higher limit, since many users may share one address),
 * further attempts are refused for a window that doubles with each new failure
 * (1 s, 2 s, 4 s … up to 5 minutes). A success clears the JID's record.
 */
interface Record_ {
  failures: number;
  blockedUntil: number;
  lastFailure: number;
}

const MAX_BLOCK_MS = 5 * 60_000;
const FORGET_AFTER_MS = 15 * 60_000;

export class LoginThrottle {
  private readonly records = new Map<string, Record_>();

  constructor(private readonly maxEntries = 50_000) {}

  /** Milliseconds to wait before another attempt is allowed for any of `keys`, or 0. */
  retryAfter(keys: { key: string; limit: number }[], now = Date.now()): number {
    let wait = 0;
    for (const { key } of keys) {
      const r = this.records.get(key);
      if (r && r.blockedUntil > now) wait = Math.max(wait, r.blockedUntil - now);
    }
    return wait;
  }

  fail(keys: { key: string; limit: number }[], now = Date.now()): void {
    for (const { key, limit } of keys) {
      const previous = this.records.get(key);
      const r = previous && now - previous.lastFailure < FORGET_AFTER_MS ? previous : { failures: 0, blockedUntil: 0, lastFailure: now };
      r.failures++;
      r.lastFailure = now;
      if (r.failures >= limit) r.blockedUntil = now + Math.min(MAX_BLOCK_MS, 1000 * 2 ** (r.failures - limit));
      this.records.delete(key);
      this.records.set(key, r);
    }
    while (this.records.size > this.maxEntries) this.records.delete(this.records.keys().next().value!);
  }

  succeed(key: string): void {
    this.records.delete(key);
  }

  /** Takes back one failure counted in advance (the attempt did not fail after all). */
  forgive({ key, limit }: { key: string; limit: number }): void {
    const r = this.records.get(key);
    if (!r) return;
    r.failures = Math.max(0, r.failures - 1);
    if (r.failures < limit) r.blockedUntil = 0;
  }
}
