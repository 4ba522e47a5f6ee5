/** The stanza element's own attributes (RFC 6120 §8.1). `kind` is the element name, see engine.ts. */
import { attr } from "../codecs";
import { MappingError, badFormat } from "../errors";
import { normalizeJid } from "../jid";
import type { Scalar } from "../scalars";
import { KINDS, type FieldEntry } from "./entry";

/**
 * A JID attribute, normalised. On the stanza itself (path === key) a bad JID gets mod_rest's
 * addressing error; inside a forwarded message it is an ordinary bad value.
 */
function address(key: string, condition: string, text: string): Scalar {
  return {
    schema: { type: "string", format: "xmpp-jid" },
    toText(value, path) {
      const jid = typeof value === "string" ? normalizeJid(value) : null;
      if (jid !== null) return jid;
      if (path === key) throw new MappingError(422, condition, text, { field: key });
      throw badFormat(path, "expected a JID");
    },
    fromText: (text) => normalizeJid(text) ?? text,
  };
}

export const addressingFields: readonly FieldEntry[] = [
  {
    key: "to",
    kinds: KINDS,
    title: "RFC 6120: recipient",
    codec: attr("to", address("to", "improper-addressing", "Invalid destination JID")),
  },
  {
    key: "from",
    kinds: KINDS,
    title: "RFC 6120: sender",
    codec: attr("from", address("from", "invalid-from", "Invalid source JID")),
  },
  { key: "type", kinds: KINDS, title: "RFC 6120: stanza type", codec: attr("type") },
  { key: "id", kinds: KINDS, title: "RFC 6120: stanza id (left unset when missing)", codec: attr("id") },
  { key: "lang", kinds: KINDS, title: "RFC 6120: xml:lang", codec: attr("xml:lang") },
];
