/** Message content and the message extensions of the mod_rest schema. */
import { alias, attr, child, flag, list, nameIsValue, object, text, textChild, union } from "../codecs";
import { NS } from "../namespaces";
import { integer, string, xmlName } from "../scalars";
import type { FieldEntry } from "./entry";
import { xhtmlBody } from "./xhtml";

const MESSAGE = ["message"] as const;
const IMPLIES_MESSAGE = { kind: "message" } as const;

/** A string is the thread id; the object form adds the parent thread (RFC 6121 §5.2.5). */
const thread = child(
  "thread",
  undefined,
  union(
    { string: text(string, { keepEmpty: true }), object: object({ id: text(), parent: attr("parent") }) },
    () => "object",
  ),
);

/** Only the id attribute of an empty element matters, e.g. `<replace id=…/>`. */
function idReference(name: string, ns: string) {
  return child(name, ns, attr("id"));
}

export const messageFields: readonly FieldEntry[] = [
  { key: "body", kinds: MESSAGE, title: "RFC 6121: message body", codec: textChild("body"), implies: IMPLIES_MESSAGE },
  {
    key: "subject",
    kinds: MESSAGE,
    title: "RFC 6121: message subject",
    codec: textChild("subject"),
    implies: IMPLIES_MESSAGE,
  },
  {
    key: "thread",
    kinds: MESSAGE,
    title: "RFC 6121: thread, a string or {id, parent}",
    codec: thread,
    implies: IMPLIES_MESSAGE,
  },
  {
    key: "html",
    kinds: MESSAGE,
    title: "XEP-0071: XHTML-IM, the XHTML <body> as a string",
    codec: xhtmlBody,
    implies: IMPLIES_MESSAGE,
  },
  {
    key: "oob",
    kinds: MESSAGE,
    title: "XEP-0066: Out of Band Data {url, desc}",
    codec: child("x", NS.oobX, object({ url: textChild("url"), desc: textChild("desc") })),
  },
  {
    key: "oob_url",
    kinds: MESSAGE,
    title: "XEP-0066: Out of Band Data, the URL alone",
    codec: alias(child("x", NS.oobX, textChild("url")), { writeOnly: false }),
  },
  {
    key: "state",
    kinds: MESSAGE,
    title: "XEP-0085: Chat State Notifications (active, composing, paused, inactive, gone)",
    codec: nameIsValue(NS.chatStates, { ...xmlName, schema: { ...xmlName.schema, examples: ["active", "composing"] } }),
    implies: IMPLIES_MESSAGE,
  },
  {
    key: "replace",
    kinds: MESSAGE,
    title: "XEP-0308: Last Message Correction, the id of the corrected message",
    codec: idReference("replace", NS.correct),
    implies: IMPLIES_MESSAGE,
  },
  {
    key: "reactions",
    kinds: MESSAGE,
    title: "XEP-0444: Message Reactions {id, reactions: [emoji]}",
    codec: child(
      "reactions",
      NS.reactions,
      object({
        id: attr("id"),
        reactions: list("reaction", undefined, text(string, { keepEmpty: true }), { keepEmpty: true }),
      }),
    ),
  },
  {
    key: "reply",
    kinds: MESSAGE,
    title: "XEP-0461: Message Replies {to, id}",
    codec: child("reply", NS.reply, object({ to: attr("to"), id: attr("id") })),
  },
  { key: "fallback", kinds: MESSAGE, title: "XEP-0428: Fallback Indication", codec: flag("fallback", NS.fallback) },
  { key: "markable", kinds: MESSAGE, title: "XEP-0333: Chat Markers, markable", codec: flag("markable", NS.markers) },
  {
    key: "displayed",
    kinds: MESSAGE,
    title: "XEP-0333: Chat Markers, id of the displayed message",
    codec: idReference("displayed", NS.markers),
  },
  {
    key: "receipt_request",
    kinds: MESSAGE,
    title: "XEP-0184: Message Delivery Receipts, request",
    codec: flag("request", NS.receipts),
  },
  {
    key: "receipt_received",
    kinds: MESSAGE,
    title: "XEP-0184: Message Delivery Receipts, id of the received message",
    codec: idReference("received", NS.receipts),
  },
  {
    key: "stanza_ids",
    kinds: MESSAGE,
    title: "XEP-0359: Unique and Stable Stanza IDs [{id, by}]",
    codec: list("stanza-id", NS.sid, object({ id: attr("id"), by: attr("by") })),
  },
  {
    key: "encryption",
    kinds: MESSAGE,
    title: "XEP-0380: Explicit Message Encryption, the encryption namespace",
    codec: child("encryption", NS.eme, attr("namespace")),
  },
  {
    key: "reference",
    kinds: MESSAGE,
    title: "XEP-0372: References {type, uri, begin, end}",
    codec: child(
      "reference",
      NS.reference,
      object({ type: attr("type"), uri: attr("uri"), begin: attr("begin", integer), end: attr("end", integer) }),
    ),
  },
  {
    key: "attach_to",
    kinds: MESSAGE,
    title: "XEP-0367: Message Attaching, id of the message attached to",
    codec: idReference("attach-to", NS.attaching),
  },
];
