/** Waiting well: retry delays, and promises that must not wait forever. */

/**
 * Exponential backoff with "equal jitter" (half fixed, half random): the delay before
 * retry number `failures + 1`, so that clients waiting on the same peer (a restarted
 * server, a receiver that was down) do not come back in lockstep.
 */
export function backoffDelay(failures: number, baseMs: number, maxMs: number, random = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(failures, 30));
  return ceiling / 2 + random() * (ceiling / 2);
}

/** `promise`, or a rejection once `ms` have passed. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what = "timed out"): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} after ${ms} ms`)), ms).unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The retry bookkeeping of a reconnecting client: failures so far, the pending retry, and
 * how loudly to log a failure.
 */
export class Retrier {
  failures = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly delays: { baseDelayMs?: number; maxDelayMs?: number } = {}) {}

  /** Runs `attempt` after the next backoff delay, unless a retry is already pending. */
  schedule(attempt: () => void): void {
    if (this.timer) return;
    const delay = backoffDelay(this.failures, this.delays.baseDelayMs ?? 200, this.delays.maxDelayMs ?? 10_000);
    this.failures++;
    this.timer = setTimeout(() => {
      this.timer = null;
      attempt();
    }, delay);
  }

  succeeded(): void {
    this.failures = 0;
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The first failure and every tenth are warnings: a server down for hours does not flood the log. */
  get failureLevel(): "warn" | "debug" {
    return this.failures === 0 || this.failures % 10 === 0 ? "warn" : "debug";
  }
}
