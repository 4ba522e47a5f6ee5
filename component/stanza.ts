/** The XML element type and builder used across the component (ltx via @xmpp/xml). */
import xml from "@xmpp/xml";

export type Element = xml.Element;
export { xml };

export const NS = {
  client: "jabber:client",
  forward: "urn:xmpp:forward:0",
  stanzas: "urn:ietf:params:xml:ns:xmpp-stanzas",
  discoInfo: "http://jabber.org/protocol/disco#info",
  discoItems: "http://jabber.org/protocol/disco#items",
  ping: "urn:xmpp:ping",
  version: "jabber:iq:version",
  delegation2: "urn:xmpp:delegation:2",
  delegation1: "urn:xmpp:delegation:1",
} as const;

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
