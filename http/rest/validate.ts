/**
 * mod_rest's checks on a parsed stanza, in its order: xmlns, name, to, from (422 when
 * invalid, 403 when not the caller's), iq type, iq child count. Returns the stanza as it
 * will be sent: only from/to/id/type/xml:lang kept, `to` defaulting to the sender.
 */
import { parseJid } from "../../component/jsonmap";
import { stanzaId } from "../../component/ids";
import { childElements, Element, NS, STANZA_ATTRIBUTES } from "../../component/stanza";
import type { Principal } from "../auth/principal";
import { RestError } from "./errors";

export interface Outgoing {
  stanza: Element;
  /** The bare JID the stanza is sent as. */
  sender: string;
}

export function checkStanza(stanza: Element, principal: Principal): Outgoing {
  const { xmlns } = stanza.attrs;
  if (xmlns !== undefined && xmlns !== NS.client) throw new RestError("xmlns");
  if (stanza.name !== "message" && stanza.name !== "presence" && stanza.name !== "iq") throw new RestError("name");

  const to = stanza.attrs.to === undefined ? undefined : normalizeJid(stanza.attrs.to);
  if (to === null) throw new RestError("to");
  const from = stanza.attrs.from === undefined ? undefined : normalizeJid(stanza.attrs.from);
  if (from === null) throw new RestError("from");
  if (from !== undefined && !mayUseFrom(principal, from)) throw new RestError("from_auth");

  if (stanza.name === "iq") {
    if (stanza.attrs.type !== "get" && stanza.attrs.type !== "set") throw new RestError("iq_type");
    if (childElements(stanza).length !== 1) throw new RestError("iq_tags");
  }

  for (const name of Object.keys(stanza.attrs)) if (!STANZA_ATTRIBUTES.has(name)) delete stanza.attrs[name];
  stanza.attrs.from = from ?? principal.jid;
  stanza.attrs.to = to ?? principal.jid;
  stanza.attrs.id ??= stanzaId();
  return { stanza, sender: principal.jid };
}

/** A caller may send as its bare JID or any full JID of it. */
function mayUseFrom(principal: Principal, from: string): boolean {
  const slash = from.indexOf("/");
  return (slash === -1 ? from : from.slice(0, slash)) === principal.jid;
}

/** A JID in canonical form (lower-case local and domain parts), or null if it is not a JID. */
function normalizeJid(text: string): string | null {
  const jid = parseJid(text);
  if (!jid) return null;
  const bare = jid.local !== undefined ? `${jid.local}@${jid.domain}` : jid.domain;
  return jid.resource !== undefined ? `${bare}/${jid.resource}` : bare;
}
