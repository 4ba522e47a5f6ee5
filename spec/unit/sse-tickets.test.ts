/** Stream tickets: single use, 60 seconds, bound to who asked, and never an unbounded map. */
import type { Principal } from "../../http/auth/principal";
import { TicketStore, TICKET_TTL_MS, TooManyTicketsError } from "../../http/events/tickets";

const alice: Principal = { jid: "alice@localhost", kind: "user", method: "token", admin: false };
const bob: Principal = { jid: "bob@localhost", kind: "user", method: "basic", admin: false };

describe("stream tickets", () => {
  let now = 1_000_000;
  const clock = () => now;

  it("works once, for the principal it was issued to", () => {
    const store = new TicketStore(undefined, clock);
    const { ticket, expiresAt } = store.issue(alice);
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(expiresAt).toBe(now + 60_000);
    expect(store.redeem(ticket)).toEqual(alice);
    expect(store.redeem(ticket)).toBeNull();
    expect(store.redeem("made-up")).toBeNull();
  });

  it("expires after 60 seconds", () => {
    const store = new TicketStore(undefined, clock);
    const fresh = store.issue(bob).ticket;
    const old = store.issue(alice).ticket;
    now += TICKET_TTL_MS - 1;
    expect(store.redeem(fresh)).toEqual(bob);
    now += 1;
    expect(store.redeem(old)).toBeNull();
    expect(store.size).toBe(0);
  });

  it("caps unused tickets per user and in all, and frees them as they expire", () => {
    const store = new TicketStore({ perUser: 2, total: 3 }, clock);
    store.issue(alice);
    store.issue(alice);
    expect(() => store.issue(alice)).toThrow(TooManyTicketsError);
    store.issue(bob);
    expect(() => store.issue(bob)).toThrow(TooManyTicketsError); // total reached
    now += TICKET_TTL_MS;
    expect(() => store.issue(alice)).not.toThrow();
    expect(store.size).toBe(1);
  });
});
