/** The XML element type and builder used across the component (ltx via @xmpp/xml). */
import xml from "@xmpp/xml";
import { NS as PAYLOAD_NS } from "./jsonmap/namespaces";

export type Element = xml.Element;
export { xml };

/** The payload namespaces of the JSON mapping, and those only the gateway itself uses. */
export const NS = {
  ...PAYLOAD_NS,
  roster: "jabber:iq:roster",
  delegation2: "urn:xmpp:delegation:2",
  delegation1: "urn:xmpp:delegation:1",
  hints: "urn:xmpp:hints",
  jive: "http://www.jivesoftware.com/xmlns/xmpp/properties",
} as const;

/** The attributes a stanza may carry (RFC 6120 §8.1); callers' others are dropped. */
export const STANZA_ATTRIBUTES: ReadonlySet<string> = new Set(["from", "to", "id", "type", "xml:lang"]);

/** Child elements only (text nodes skipped). */
export function childElements(el: Element): Element[] {
  return el.children.filter((c): c is Element => typeof c !== "string");
}

/** An error reply to `stanza`, addressed back to its sender. */
export function errorReply(stanza: Element, type: string, condition: string, text?: string): Element {
  return xml(
    stanza.name,
    { type: "error", to: stanza.attrs.from, from: stanza.attrs.to, id: stanza.attrs.id },
    xml("error", { type }, xml(condition, { xmlns: NS.stanzas }), text ? xml("text", { xmlns: NS.stanzas }, text) : null),
  );
}

/**
 * The time (ms) in the stanza's <delay/> (XEP-0203), or null. Anyone can add a <delay/>
 * to what they send: with `from`, only one added by those entities counts.
 */
export function delayStamp(stanza: Element, from?: readonly string[]): number | null {
  const delay = stanza.getChildren("delay", NS.delay).find((d) => !from || from.includes(d.attrs.from));
  const stamp = delay?.attrs.stamp;
  const ms = typeof stamp === "string" ? Date.parse(stamp) : NaN;
  return Number.isFinite(ms) ? ms : null;
}

/** The id in the <stanza-id/> (XEP-0359) that the archive of `by` gave the stanza, or null. */
export function stanzaIdBy(stanza: Element, by: string): string | null {
  return stanza.getChildren("stanza-id", NS.sid).find((s) => s.attrs.by === by)?.attrs.id ?? null;
}
