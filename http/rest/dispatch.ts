/**
 * Sends a checked stanza and collects what comes back: users act through XEP-0356
 * (messages forwarded, IQs privileged), bots on the component's domain send directly.
 * An XMPP error reply is a normal answer (200 with the error stanza), as in mod_rest.
 */
import type { XmppComponent } from "../../component";
import { ForbiddenStanzaError, NeedsClientSessionError, NotConnectedError, PrivilegeMissingError, StanzaError, XmppTimeoutError } from "../../component/errors";
import { Element, xml, NS } from "../../component/stanza";
import type { Principal } from "../auth/principal";
import { RestError } from "./errors";
import type { Outgoing } from "./validate";

export type Outcome = { status: 202 } | { status: 200; stanzas: Element[] };

export async function dispatch(component: XmppComponent, principal: Principal, { stanza, sender }: Outgoing, timeoutMs: number): Promise<Outcome> {
  try {
    if (stanza.name === "iq") return { status: 200, stanzas: [await sendIq(component, principal, stanza, sender, timeoutMs)] };
    // A bot's stanza goes out directly; a user's message through XEP-0356, from the bare JID
    // (Prosody accepts no other). Either way a bounce the server gives at once is the answer.
    const bounce = principal.kind === "bot" ? await component.sendChecked(stanza) : await component.sendAsChecked(sender, stanza);
    return bounce ? { status: 200, stanzas: [bounce] } : { status: 202 };
  } catch (err) {
    if (err instanceof NeedsClientSessionError) throw new RestError("client_session", undefined, err.message);
    if (err instanceof ForbiddenStanzaError) throw new RestError("outside_privilege", undefined, `Refused: ${err.message}`);
    if (err instanceof StanzaError) return { status: 200, stanzas: [asErrorReply(stanza, err)] };
    if (err instanceof PrivilegeMissingError) return { status: 200, stanzas: [asErrorReply(stanza, new StanzaError("forbidden", "auth", err.message))] };
    if (err instanceof XmppTimeoutError) throw new RestError("timeout", { timeout: err.timeoutMs / 1000 });
    if (err instanceof NotConnectedError) throw new RestError("offline");
    throw err;
  }
}

function sendIq(component: XmppComponent, principal: Principal, iq: Element, sender: string, timeoutMs: number): Promise<Element> {
  if (principal.kind === "bot") return component.request(iq, timeoutMs);
  return component.iqAs(sender, iq, timeoutMs);
}

/**
 * The error as the reply stanza the caller would have received: the target's own error
 * stanza when there is one, else one built from the refusal (e.g. a privilege the server
 * did not grant), addressed from the target back to the sender.
 */
function asErrorReply(request: Element, err: StanzaError): Element {
  // The target's reply carries the request's id; the server's refusal of a wrapper does not.
  if (err.stanza?.attrs.id === request.attrs.id) return err.stanza!;
  return xml(
    request.name,
    { type: "error", from: request.attrs.to, to: request.attrs.from, id: request.attrs.id },
    xml("error", { type: err.type }, xml(err.condition, { xmlns: NS.stanzas }), err.text ? xml("text", { xmlns: NS.stanzas }, err.text) : null),
  );
}
