/** The two directions between a JSON stanza (mod_rest's format) and an XMPP stanza element. */
import xml from "@xmpp/xml";
import { childScope, isElement, isJsonObject, type Element, type JsonObject } from "./codec";
import { MappingError, parseFailure } from "./errors";
import { isKind } from "./fields/entry";
import { identifyStanza } from "./inference";
import { NS } from "./namespaces";
import { STANZA_CODECS } from "./table";

/** Builds the stanza a JSON object describes. Throws MappingError (status 400 or 422). */
export function jsonToStanza(json: unknown): Element {
  if (!isJsonObject(json) || Object.keys(json).length === 0) throw parseFailure("invalid-json");
  const { kind, type } = identifyStanza(json);
  const stanza = new xml.Element(kind);
  STANZA_CODECS[kind].write(stanza, NS.client, { ...json, type }, "");
  return stanza;
}

/**
 * The JSON form of a stanza; elements the table does not know are left out. `<xmpp>` (several
 * stanzas) gives `{xmpp: [...]}`. Throws MappingError for a root that is not a stanza.
 */
export function stanzaToJson(el: Element): JsonObject {
  if (el.name === "xmpp") {
    return { xmpp: el.children.filter(isElement).filter((child) => isKind(child.name)).map(stanzaToJson) };
  }
  if (!isKind(el.name)) {
    throw new MappingError(422, "unsupported-stanza-type", "Invalid stanza, must be 'message', 'presence' or 'iq'.");
  }
  const fields = STANZA_CODECS[el.name].read(el, childScope(el, NS.client)) as JsonObject;
  const json: JsonObject = { kind: el.name, ...fields };
  if (el.name === "presence" && json.type === undefined) json.type = "available";
  return json;
}
