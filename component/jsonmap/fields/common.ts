/** Payloads any kind of stanza may carry. */
import { attr, child, named, nameIsValue, object, text, textChild, withDefault } from "../codecs";
import { NS } from "../namespaces";
import { integer, jsonText, timestamp, xmlName } from "../scalars";
import { dataform, submittedForm } from "./dataforms";
import { KINDS, type FieldEntry } from "./entry";

/** XEP-0203 `<delay stamp=…/>`, the timestamp as a string. */
export const delay = child("delay", NS.delay, attr("stamp", timestamp));

/** XEP-0059 Result Set Management. */
export const rsm = named(
  "rsm",
  child(
    "set",
    NS.rsm,
    object({
      max: textChild("max", integer),
      after: textChild("after"),
      before: textChild("before"),
      index: textChild("index", integer),
      first: textChild("first"),
      last: textChild("last"),
      count: textChild("count", integer),
    }),
  ),
);

/** RFC 6120 §8.3 stanza error; type and condition get defaults because XMPP requires them. */
const stanzaError = child(
  "error",
  undefined,
  object({
    type: withDefault(attr("type"), "cancel"),
    by: attr("by"),
    condition: withDefault(nameIsValue(NS.stanzas, xmlName, { except: ["text"] }), "undefined-condition"),
    text: textChild("text", undefined, NS.stanzas),
  }),
);

/** First in the table: an error reply is of type "error" whatever payload it echoes. */
export const errorFields: readonly FieldEntry[] = [
  {
    key: "error",
    kinds: KINDS,
    title: "RFC 6120 §8.3: stanza error {type, condition, text, by}",
    codec: stanzaError,
    implies: { type: "error" },
  },
];

export const commonFields: readonly FieldEntry[] = [
  { key: "delay", kinds: KINDS, title: "XEP-0203: Delayed Delivery", codec: delay },
  { key: "nick", kinds: KINDS, title: "XEP-0172: User Nickname", codec: textChild("nick", undefined, NS.nick) },
  { key: "dataform", kinds: KINDS, title: "XEP-0004: Data Forms", codec: dataform },
  {
    key: "formdata",
    kinds: KINDS,
    title: "XEP-0004: Data Forms, submitted as {var: value}",
    codec: submittedForm,
  },
  { key: "rsm", kinds: KINDS, title: "XEP-0059: Result Set Management", codec: rsm },
  {
    key: "payload",
    kinds: KINDS,
    title: "XEP-0432: Simple JSON Messaging {datatype, data}",
    codec: child("payload", NS.jsonMsg, object({ datatype: attr("datatype"), data: text(jsonText) })),
    implies: { kind: "iq", weak: true },
  },
];
