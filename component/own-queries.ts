/**
 * Answers what the server and others ask the component's own JIDs: disco#info (also the
 * node queries Prosody's mod_delegation sends, which must get a result), disco#items,
 * ping and version. Anything else gets null so the router can pass it on.
 */
import { childElements, Element, NS, xml } from "./stanza";

export interface Identity {
  name: string;
  version: string;
}

export function answerOwnQuery(iq: Element, identity: Identity, extraFeatures: readonly string[] = []): Element | null {
  if (iq.attrs.type !== "get") return null;
  const query = childElements(iq)[0];
  if (!query) return null;
  const reply = (payload?: Element) =>
    xml("iq", { type: "result", to: iq.attrs.from, from: iq.attrs.to, id: iq.attrs.id }, payload);
  switch (query.attrs.xmlns) {
    case NS.ping:
      return query.name === "ping" ? reply() : null;
    case NS.version:
      return reply(
        xml("query", { xmlns: NS.version }, xml("name", {}, identity.name), xml("version", {}, identity.version), xml("os", {}, process.platform)),
      );
    case NS.discoItems:
      return reply(xml("query", { xmlns: NS.discoItems, node: query.attrs.node }));
    case NS.discoInfo: {
      const features = [NS.discoInfo, NS.discoItems, NS.ping, NS.version, ...extraFeatures];
      return reply(
        xml(
          "query",
          { xmlns: NS.discoInfo, node: query.attrs.node },
          // A node query (e.g. mod_delegation's nesting probe) gets an empty but successful answer.
          query.attrs.node ? null : xml("identity", { category: "component", type: "generic", name: identity.name }),
          ...(query.attrs.node ? [] : features.map((f) => xml("feature", { var: f }))),
        ),
      );
    }
    default:
      return null;
  }
}
