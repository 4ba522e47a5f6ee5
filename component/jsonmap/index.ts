/** mod_rest's JSON stanza format ↔ XMPP stanzas, JID handling and the format's JSON Schema. */
export { jsonToStanza, stanzaToJson } from "./engine";
export { MappingError } from "./errors";
export { stanzaJsonSchema } from "./schema";
export { bareJid, formatJid, normalizeJid, parseJid, type Jid } from "./jid";
export { FIELDS } from "./table";
export { KINDS, type FieldEntry, type Kind } from "./fields/entry";
