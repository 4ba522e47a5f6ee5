/**
 * Single-use tickets for opening an event stream: EventSource cannot send an
 * Authorization header, and a long-lived token in a URL ends up in logs and histories.
 * A ticket is random, bound to the principal that asked for it, valid for 60 seconds and
 * for one connection. Kept in memory, in issue order, so expired ones are dropped from
 * the front and the map never grows past its caps.
 */
import { randomBytes } from "node:crypto";
import type { Principal } from "../auth/principal";

export const TICKET_TTL_MS = 60_000;

interface Entry {
  principal: Principal;
  expiresAt: number;
}

export class TooManyTicketsError extends Error {}

export class TicketStore {
  private readonly tickets = new Map<string, Entry>();
  private readonly perUser = new Map<string, number>();

  constructor(
    private readonly limits: { perUser: number; total: number } = { perUser: 32, total: 100_000 },
    private readonly now: () => number = Date.now,
  ) {}

  /** A new ticket for `principal`; throws TooManyTicketsError past the caps. */
  issue(principal: Principal): { ticket: string; expiresAt: number } {
    this.dropExpired();
    if ((this.perUser.get(principal.jid) ?? 0) >= this.limits.perUser || this.tickets.size >= this.limits.total) {
      throw new TooManyTicketsError();
    }
    const ticket = randomBytes(32).toString("base64url");
    const expiresAt = this.now() + TICKET_TTL_MS;
    this.tickets.set(ticket, { principal, expiresAt });
    this.perUser.set(principal.jid, (this.perUser.get(principal.jid) ?? 0) + 1);
    return { ticket, expiresAt };
  }

  /** The principal the ticket was issued to, once; null when unknown, used or expired. */
  redeem(ticket: string): Principal | null {
    this.dropExpired();
    const entry = this.tickets.get(ticket);
    if (!entry) return null;
    this.remove(ticket, entry);
    return entry.principal;
  }

  get size(): number {
    return this.tickets.size;
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [ticket, entry] of this.tickets) {
      if (entry.expiresAt > now) break; // issue order is expiry order
      this.remove(ticket, entry);
    }
  }

  private remove(ticket: string, entry: Entry): void {
    this.tickets.delete(ticket);
    const left = (this.perUser.get(entry.principal.jid) ?? 1) - 1;
    if (left > 0) this.perUser.set(entry.principal.jid, left);
    else this.perUser.delete(entry.principal.jid);
  }
}
