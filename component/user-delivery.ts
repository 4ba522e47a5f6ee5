/**
 * What Prosody would bounce for a message sent as a user. Those bounces never reach the
 * component (mod_privilege posts the message from a session that cannot receive), so
 * the cases are checked before sending and answered with the error Prosody would give.
 */
import { NeedsClientSessionError } from "./errors";
import { Element, NS, xml } from "./stanza";
import type { UserDirectory } from "./user-directory";

/** The error reply Prosody would bounce for `message`, or null when it would be delivered. */
export async function bounceFor(message: Element, serverDomain: string, users: UserDirectory): Promise<Element | null> {
  const to: string = message.attrs.to ?? "";
  const slash = to.indexOf("/");
  const bare = slash === -1 ? to : to.slice(0, slash);
  const at = bare.indexOf("@");
  const domain = bare.slice(at + 1);
  const type = message.attrs.type ?? "normal";
  if (type === "error" || domain !== serverDomain) {
    // Not for this server's users: group chat cannot work as a user (the room would drop it).
    if (type === "groupchat") throw new NeedsClientSessionError("Group chat");
    return null;
  }
  if (at === -1) return serviceUnavailable(message); // the server itself handles no chat messages
  if (type === "headline") return null; // Prosody discards undeliverable headlines silently
  if (type === "groupchat") return serviceUnavailable(message);
  return (await users.exists(bare)) ? null : serviceUnavailable(message);
}

function serviceUnavailable(message: Element): Element {
  return xml(
    "message",
    { type: "error", from: message.attrs.to, to: message.attrs.from, id: message.attrs.id },
    xml("error", { type: "cancel" }, xml("service-unavailable", { xmlns: NS.stanzas })),
  );
}
