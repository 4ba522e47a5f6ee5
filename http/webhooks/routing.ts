/** Which webhook a stanza goes to: the first whose stanza kinds and address events include it. */
import type { Element } from "../../component/stanza";
import type { AddressEvent, StanzaKind, WebhookSettings } from "./settings";

/** bare: bot@component, full: bot@component/res, host: component (with or without a resource). */
export function addressEvent(to: string): AddressEvent {
  const slash = to.indexOf("/");
  const bare = slash === -1 ? to : to.slice(0, slash);
  if (!bare.includes("@")) return "host";
  return slash === -1 ? "bare" : "full";
}

export function selectWebhook(hooks: readonly WebhookSettings[], stanza: Element): WebhookSettings | undefined {
  const event = addressEvent(stanza.attrs.to ?? "");
  return hooks.find((hook) => hook.stanzas.has(stanza.name as StanzaKind) && hook.events.has(event));
}
