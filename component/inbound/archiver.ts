/**
 * Turns the messages the gateway sees into archive rows and `userMessage` events: the
 * server's copies of messages delivered to local users (the inbound feed) and what the
 * gateway itself sends as a user. Events go out only after the rows are stored.
 */
import type { Logger } from "../../log";
import type { ArchivedMessage, ArchiveRepo } from "../../storage/archive";
import type { EventBus } from "../events";
import { bareJid } from "../jsonmap/jid";
import { Element, xml } from "../stanza";
import { archiveRecord, handlingOf } from "./message-record";

export interface MessageArchiverOptions {
  archive: Pick<ArchiveRepo, "storeMany">;
  events: EventBus;
  serverDomain: string;
  log: Logger;
}

type Copy = { owner: string; direction: "in" | "out" };
/** A message the gateway sent as `user`: the user's outgoing copy. */
type Sent = { stanza: Element; user: string; archive: boolean; at: number };

export class MessageArchiver {
  /** The gateway's own sends of this tick, stored together (see sent()). */
  private sentThisTick: Sent[] = [];

  constructor(private readonly options: MessageArchiverOptions) {}

  /**
   * A copy of a message the server delivered to a local user. Also the sender's copy when
   * the sender is local too. The copies are stored together or not at all, then announced.
   * Throws when they cannot be stored, so that the caller does not acknowledge the message.
   *
   * Group chat: the server delivers a room message once per occupant session, so a user
   * in a room with two clients yields two copies; they carry the same room stanza-id (or
   * sender and id) and are stored, and announced, once per user.
   */
  delivered(message: Element, receivedAt: number): void {
    const handling = handlingOf(message);
    if (handling === "ignore") return;
    const recipient = this.localUser(message.attrs.to);
    if (!recipient) return;
    const sender = this.localUser(message.attrs.from);
    const copies: Copy[] = [];
    // A note to oneself is one message the owner sent.
    if (sender === recipient) copies.push({ owner: recipient, direction: "out" });
    else {
      copies.push({ owner: recipient, direction: "in" });
      if (sender && message.attrs.type !== "groupchat") copies.push({ owner: sender, direction: "out" });
    }
    // One transaction: had one copy been stored without the other, the redelivery would
    // find it a duplicate and never announce it.
    const rows =
      handling === "archive"
        ? this.options.archive.storeMany(copies.map(({ owner, direction }) => archiveRecord(message, owner, direction, receivedAt)))
        : copies.map(() => null);
    copies.forEach((copy, i) => {
      // A duplicate (null row) was announced when it was first stored.
      if (handling === "live" || rows[i]) this.announce({ ...copy, message: rows[i] }, message);
    });
  }

  /**
   * A message the gateway sent as `user` (bare JID). It was accepted by the server, so a
   * storage failure is only logged. The sends of one tick are stored in one transaction
   * (a commit per message would take most of the gateway's time under load), then
   * announced in order.
   */
  sent(user: string, message: Element): void {
    const handling = handlingOf(message);
    if (handling === "ignore") return;
    // As the server delivers it: from the user's bare JID, to the user's own account when no `to` was given.
    const stanza = xml("message", { ...message.attrs, from: user, to: message.attrs.to ?? user }, ...message.children);
    this.sentThisTick.push({ stanza, user, archive: handling === "archive", at: Date.now() });
    if (this.sentThisTick.length === 1) setImmediate(() => this.flushSent());
  }

  /** Stores and announces what sent() collected; also called on stop so nothing waits. */
  flushSent(): void {
    const batch = this.sentThisTick;
    if (batch.length === 0) return;
    this.sentThisTick = [];
    const archived = batch.filter((s) => s.archive);
    let rows: (ArchivedMessage | null)[];
    try {
      rows = this.options.archive.storeMany(archived.map((s) => archiveRecord(s.stanza, s.user, "out", s.at)));
    } catch (err) {
      this.options.log.error("could not archive messages sent as users", { count: archived.length, error: (err as Error).message });
      return;
    }
    let next = 0; // rows are in the order of `archived`, the archived ones of `batch`
    for (const s of batch) {
      const message = s.archive ? rows[next++] : null;
      // A duplicate (null row) was announced when it was first stored.
      if (!s.archive || message) this.announce({ owner: s.user, direction: "out", message }, s.stanza);
    }
  }

  /** A listener's failure is not a storage failure: it must not stop the feed from acknowledging. */
  private announce(copy: Copy & { message: ArchivedMessage | null }, stanza: Element): void {
    try {
      this.options.events.emit("userMessage", { owner: copy.owner, direction: copy.direction, message: copy.message, stanza });
    } catch (err) {
      this.options.log.error("a userMessage listener failed", { error: (err as Error).message });
    }
  }

  /** The bare JID when `jid` is a user of this server, else null. */
  private localUser(jid: string | undefined): string | null {
    const bare = jid ? bareJid(jid) : null;
    if (!bare) return null;
    const at = bare.indexOf("@");
    return at > 0 && bare.slice(at + 1) === this.options.serverDomain.toLowerCase() ? bare : null;
  }
}
