/**
 * The mapping table: every top-level JSON property, for every stanza kind. Supporting a new XEP
 * means adding an entry to one of the fields/*.ts lists. Table order is the order of the XML
 * children written and the precedence of kind/type inference.
 */
import { named, object } from "./codecs";
import type { Codec } from "./codec";
import { addressingFields } from "./fields/addressing";
import { archiveFields } from "./fields/archive";
import { commandFields } from "./fields/commands";
import { commonFields, errorFields } from "./fields/common";
import { discoFields } from "./fields/disco";
import type { FieldEntry, Kind } from "./fields/entry";
import { messageFields } from "./fields/message";
import { mucFields } from "./fields/muc";
import { presenceFields } from "./fields/presence";
import { queryFields } from "./fields/queries";

export const FIELDS: readonly FieldEntry[] = [
  ...addressingFields,
  ...errorFields,
  ...messageFields,
  ...presenceFields,
  ...mucFields,
  ...archiveFields,
  ...discoFields,
  ...commandFields,
  ...queryFields,
  ...commonFields,
];

export function fieldsOf(kind: Kind): FieldEntry[] {
  return FIELDS.filter((field) => field.kinds.includes(kind));
}

function stanzaCodec(kind: Kind): Codec {
  const properties: Record<string, Codec> = {};
  for (const field of fieldsOf(kind)) {
    if (Object.hasOwn(properties, field.key)) throw new Error(`jsonmap: two '${field.key}' fields for ${kind}`);
    properties[field.key] = { ...field.codec, schema: { ...field.codec.schema, title: field.title } };
  }
  return named(kind, object(properties));
}

/** One codec per stanza kind, built once: the stanza's attributes and children as one JSON object. */
export const STANZA_CODECS: Readonly<Record<Kind, Codec>> = {
  message: stanzaCodec("message"),
  presence: stanzaCodec("presence"),
  iq: stanzaCodec("iq"),
};
