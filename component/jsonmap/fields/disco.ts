/** XEP-0030 Service Discovery: `disco` (info) and `items`. */
import { attr, child, list, object, present, union } from "../codecs";
import { hasChildElements, type Element } from "../codec";
import { NS } from "../namespaces";
import { discoExtensions } from "./dataforms";
import type { FieldEntry } from "./entry";

/** An empty query reads as its node (a string) or `true`; one with content as the full form. */
function queryShape(full: "object" | "array") {
  return (query: Element) => (hasChildElements(query) ? full : query.attrs.node === undefined ? "boolean" : "string");
}

const discoInfo = child(
  "query",
  NS.discoInfo,
  union(
    {
      boolean: present,
      string: attr("node"),
      object: object({
        node: attr("node"),
        identities: list(
          "identity",
          undefined,
          object({ category: attr("category"), type: attr("type"), name: attr("name"), lang: attr("xml:lang") }),
          { keepEmpty: true },
        ),
        features: list("feature", undefined, attr("var"), { keepEmpty: true }),
        extensions: discoExtensions,
      }),
    },
    queryShape("object"),
  ),
);

const discoItem = union(
  { string: attr("jid"), object: object({ jid: attr("jid"), node: attr("node"), name: attr("name") }) },
  () => "object",
);

const discoItems = child(
  "query",
  NS.discoItems,
  union(
    {
      boolean: present,
      string: attr("node"),
      object: object({ node: attr("node") }),
      array: list("item", undefined, discoItem, { keepEmpty: true }),
    },
    queryShape("array"),
  ),
);

export const discoFields: readonly FieldEntry[] = [
  {
    key: "disco",
    kinds: ["iq"],
    title: "XEP-0030: disco#info, true | node | {node, identities, features, extensions}",
    codec: discoInfo,
    implies: { kind: "iq" },
  },
  {
    key: "items",
    kinds: ["iq"],
    title: "XEP-0030: disco#items, true | node | [jid | {jid, node, name}]",
    codec: discoItems,
    implies: { kind: "iq" },
  },
];
