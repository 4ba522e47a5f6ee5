/**
 * Remembers successful password checks for a short time so repeated Basic requests stay
 * fast. Entries are keyed by an HMAC of JID and password under a per-process random key:
 * the password itself is never stored. Concurrent checks of the same pair share one login.
 */
import { createHmac, randomBytes } from "node:crypto";

export class PasswordCache {
  private readonly key = randomBytes(32);
  private readonly valid = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<boolean>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  /** True when this JID and password were confirmed by the server within the TTL. */
  isKnownValid(jid: string, password: string): boolean {
    const until = this.valid.get(this.id(jid, password));
    return until !== undefined && until > Date.now();
  }

  /** Runs `check` (shared with concurrent callers for the same pair) and remembers success. */
  async verify(jid: string, password: string, check: () => Promise<boolean>): Promise<boolean> {
    const id = this.id(jid, password);
    const pending = this.inFlight.get(id);
    if (pending) return pending;
    const result = check().finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, result);
    const ok = await result;
    if (ok && this.ttlMs > 0) this.remember(id);
    else this.valid.delete(id);
    return ok;
  }

  private id(jid: string, password: string): string {
    return createHmac("sha256", this.key).update(jid).update("\0").update(password).digest("base64");
  }

  private remember(id: string): void {
    this.valid.delete(id); // re-insert so the Map's order stays oldest-first
    this.valid.set(id, Date.now() + this.ttlMs);
    if (this.valid.size > this.maxEntries) this.valid.delete(this.valid.keys().next().value!);
  }
}
