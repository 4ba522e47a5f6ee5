/**
 * What a message stanza means for the archive: whether it is kept, passed on live only,
 * or ignored, and the archive row for one owner's copy of it.
 */
import type { NewArchivedMessage } from "../../storage/archive";
import { bareJid } from "../jsonmap/jid";
import type { Element } from "../stanza";

const NS_SID = "urn:xmpp:sid:0";
const NS_DELAY = "urn:xmpp:delay";
/** Chat states (XEP-0085), receipts (XEP-0184) and chat markers (XEP-0333): live signals, not history. */
const LIVE_ONLY_NAMESPACES = ["http://jabber.org/protocol/chatstates", "urn:xmpp:receipts", "urn:xmpp:chat-markers:0"];

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
 * The row for `owner`'s copy. `fallbackTime` is used when the message has no <delay>: the
 * time the server stored it for the feed, or when the gateway received it.
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
    originId: message.getChild("origin-id", NS_SID)?.attrs.id ?? null,
    messageId: message.attrs.id ?? null,
    from,
    to,
    timestamp: delayStamp(message) ?? fallbackTime,
    xml: message.toString(),
  };
}

/** The time in a <delay/> child (XEP-0203), or null. */
export function delayStamp(stanza: Element): number | null {
  const stamp = stanza.getChild("delay", NS_DELAY)?.attrs.stamp;
  const ms = typeof stamp === "string" ? Date.parse(stamp) : NaN;
  return Number.isFinite(ms) ? ms : null;
}

function stanzaIdBy(message: Element, by: string): string | null {
  const el = message.getChildren("stanza-id", NS_SID).find((c) => c.attrs.by === by);
  return el?.attrs.id ?? null;
}
