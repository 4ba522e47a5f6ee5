/**
 * What a stanza from outside (a bot's POST /rest, a webhook's reply) may not carry. The
 * server grants privileges to the component's session, not to a JID, so anything written
 * on it can use them: a <privilege> wrapper (messages as any user), a <privileged_iq>
 * (IQs as any user), a roster IQ to a user (the roster permission), a delegation answer.
 * Those are refused wherever they appear in the stanza.
 */
import { PRIVILEGE_NAMESPACES } from "./privilege";
import { childElements, Element, NS } from "./stanza";

const PRIVILEGED = new Set<string>([...PRIVILEGE_NAMESPACES, NS.delegation1, NS.delegation2]);

/** Why `stanza` may not be sent on behalf of an outside caller, or null when it may. */
export function outsideStanzaRefusal(stanza: Element): string | null {
  if (stanza.name === "iq" && childElements(stanza).some((c) => c.attrs.xmlns === NS.roster)) {
    return "roster requests would use the gateway's roster privilege";
  }
  return carriesPrivilege(stanza) ? "privilege and delegation elements would use the gateway's privileges" : null;
}

function carriesPrivilege(el: Element): boolean {
  for (const [name, value] of Object.entries(el.attrs)) {
    if ((name === "xmlns" || name.startsWith("xmlns:")) && PRIVILEGED.has(value as string)) return true;
  }
  return childElements(el).some(carriesPrivilege);
}
