/**
 * What a message stanza means for the archive: whether it is kept, passed on live only,
 * or ignored, and the archive row for one owner's copy of it.
 */
import type { NewArchivedMessage } from "../../storage/archive";
import { bareJid } from "../jsonmap/jid";
import { delayStamp, Element, NS, stanzaIdBy } from "../stanza";

/** Chat states (XEP-0085), receipts (XEP-0184) and chat markers (XEP-0333): live signals, not history. */
const LIVE_ONLY_NAMESPACES = [NS.chatStates, NS.receipts, NS.markers];

export type Handling = "archive" | "live" | "ignore";

/**
 * Messages with a body or subject are archived; chat states, receipts, markers and room
 * subjects are live only; the rest (PEP events, errors) is ignored.
 */
export function handlingOf(message: Element): Handling {
  if (message.attrs.type === "error") return "ignore";
  if (message.getChild("body")) return "archive";
  // A room sends its subject to every occupant on every join: room state, not history.
  if (message.getChild("subject")) return message.attrs.type === "groupchat" ? "live" : "archive";
  return message.children.some((c) => typeof c !== "string" && LIVE_ONLY_NAMESPACES.includes(c.attrs.xmlns)) ? "live" : "ignore";
}

/**
 * The row for `owner`'s copy. `fallbackTime` is used when the message has no <delay> the
 * gateway trusts: the time the server stored it for the feed, or when the gateway received it.
 */
export function archiveRecord(message: Element, owner: string, direction: "in" | "out", fallbackTime: number): NewArchivedMessage {
  const from: string = message.attrs.from ?? owner;
  const to: string = message.attrs.to ?? owner;
  const type: string = message.attrs.type ?? "normal";
  const peer = bareJid(direction === "in" ? from : to) ?? (direction === "in" ? from : to);
  return {
    owner,
    direction,
    peer,
    type,
    body: message.getChildText("body"),
    subject: message.getChildText("subject"),
    thread: message.getChildText("thread"),
    // A room's messages carry the room's archive id, not one of the user's.
    stanzaId: stanzaIdBy(message, type === "groupchat" ? peer : owner),
    originId: message.getChild("origin-id", NS.sid)?.attrs.id ?? null,
    messageId: message.attrs.id ?? null,
    from,
    to,
    timestamp: delayStamp(message, stampers(owner, type, peer)) ?? fallbackTime,
    xml: message.toString(),
  };
}

/**
 * Who may date a message: the server (offline storage), and a room (its history). A
 * sender's own <delay> could put a message out of reach of retention or date filters.
 * The owner is a local user, so the owner's domain is the server's.
 */
function stampers(owner: string, type: string, peer: string): string[] {
  const server = owner.slice(owner.indexOf("@") + 1);
  return type === "groupchat" ? [server, peer] : [server];
}
