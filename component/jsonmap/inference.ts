/**
 * Which stanza a JSON object is (mod_rest §5, with our corrections): `kind` if it is a string,
 * else from `type`, else from the fields present, else a message. Lookups are built once here.
 */
import { ownValue, type JsonObject } from "./codec";
import { badFormat, parseFailure } from "./errors";
import { isKind, type FieldEntry, type Kind } from "./fields/entry";
import { FIELDS, fieldsOf } from "./table";

const KIND_BY_TYPE: ReadonlyMap<string, Kind> = new Map<string, Kind>([
  ["get", "iq"],
  ["set", "iq"],
  ["result", "iq"],
  ["normal", "message"],
  ["chat", "message"],
  ["headline", "message"],
  ["groupchat", "message"],
  ["available", "presence"],
  ["unavailable", "presence"],
  ["subscribe", "presence"],
  ["subscribed", "presence"],
  ["unsubscribe", "presence"],
  ["unsubscribed", "presence"],
  ["probe", "presence"],
]);

/** When fields disagree: a query field makes an iq, then message fields, then presence fields. */
const KIND_PRECEDENCE: readonly Kind[] = ["iq", "message", "presence"];

function precedence(field: FieldEntry): number {
  const implied = field.implies;
  const rank = KIND_PRECEDENCE.indexOf(implied?.kind as Kind);
  return (implied?.weak ? KIND_PRECEDENCE.length : 0) + rank;
}

const KIND_IMPLYING_FIELDS = FIELDS.filter((field) => field.implies?.kind).sort(
  (a, b) => precedence(a) - precedence(b),
);

const TYPE_IMPLYING_FIELDS: Readonly<Record<Kind, readonly FieldEntry[]>> = {
  message: fieldsOf("message").filter((field) => field.implies?.type),
  presence: fieldsOf("presence").filter((field) => field.implies?.type),
  iq: fieldsOf("iq").filter((field) => field.implies?.type),
};

/** mod_rest tests fields for truth: `false` and null imply nothing. */
function isSet(json: JsonObject, key: string): boolean {
  const value = ownValue(json, key);
  return value !== undefined && value !== null && value !== false;
}

export interface StanzaIdentity {
  kind: Kind;
  /** The type attribute to write; undefined writes none. */
  type?: string;
}

export function identifyStanza(json: JsonObject): StanzaIdentity {
  const givenKind = ownValue(json, "kind");
  const givenType = ownValue(json, "type");
  if (givenType !== undefined && givenType !== null && typeof givenType !== "string") {
    throw badFormat("type", "expected a string");
  }
  let kind: Kind | undefined;
  if (typeof givenKind === "string") {
    if (!isKind(givenKind)) throw parseFailure("unknown-kind");
    kind = givenKind;
  } else if (typeof givenType === "string") {
    kind = KIND_BY_TYPE.get(givenType);
  }
  kind ??= KIND_IMPLYING_FIELDS.find((field) => isSet(json, field.key))?.implies?.kind ?? "message";

  let type = typeof givenType === "string" ? givenType : undefined;
  type ??= TYPE_IMPLYING_FIELDS[kind].find((field) => isSet(json, field.key))?.implies?.type;
  if (kind === "iq") type ??= "get";
  if (kind === "presence" && type === "available") type = undefined;
  return { kind, type };
}
