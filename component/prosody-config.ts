/**
 * The Prosody configuration the gateway needs, as Lua text: the XEP-0356 grants for the
 * VirtualHost and the Component block. `xmpp-rest init` prints it and the test server
 * runs with exactly this text, so what the README tells admins to paste is what is tested.
 */

type IqAccess = "get" | "set" | "both";

/** Each IQ namespace the gateway may use as a user, with the features that need it. */
export const IQ_GRANTS: readonly { ns: string; access: IqAccess; why: string }[] = [
  { ns: "http://jabber.org/protocol/disco#info", access: "get", why: "GET /rest/disco, capability checks" },
  { ns: "http://jabber.org/protocol/disco#items", access: "get", why: "GET /rest/items" },
  { ns: "urn:xmpp:ping", access: "get", why: "GET /rest/ping" },
  { ns: "jabber:iq:version", access: "get", why: "GET /rest/version" },
  { ns: "jabber:iq:last", access: "get", why: "GET /rest/lastactivity" },
  { ns: "urn:xmpp:extdisco:2", access: "get", why: "GET /rest/extdisco" },
  { ns: "jabber:iq:oob", access: "set", why: "out-of-band URLs to clients (POST /rest with oob)" },
  { ns: "jabber:iq:gateway", access: "both", why: "gateway interaction (POST /rest with gateway)" },
  { ns: "http://jabber.org/protocol/stats", access: "get", why: "GET /rest/stats" },
  { ns: "urn:xmpp:mam:2", access: "both", why: "GET /rest/archive (counts and metadata on Prosody 0.12)" },
  { ns: "http://jabber.org/protocol/commands", access: "set", why: "ad-hoc commands (POST /rest with command)" },
  { ns: "vcard-temp", access: "both", why: "user profiles (vCard)" },
  { ns: "urn:ietf:params:xml:ns:vcard-4.0", access: "both", why: "user profiles (vCard4)" },
  { ns: "http://jabber.org/protocol/pubsub", access: "both", why: "PEP: bookmarks (XEP-0402), avatars" },
  { ns: "http://jabber.org/protocol/pubsub#owner", access: "both", why: "PEP node configuration" },
  { ns: "jabber:iq:private", access: "both", why: "legacy bookmarks (XEP-0048)" },
  { ns: "urn:xmpp:http:upload:0", access: "get", why: "upload slots (XEP-0363)" },
  { ns: "http://jabber.org/protocol/muc#owner", access: "both", why: "room configuration" },
  { ns: "http://jabber.org/protocol/muc#admin", access: "both", why: "room affiliations" },
  { ns: "urn:xmpp:blocking", access: "both", why: "block lists" },
  { ns: "jabber:iq:register", access: "both", why: "password change" },
];

export interface ProsodyGatewayOptions {
  componentJid: string;
  /** Written into the Component block; `null` prints a placeholder for the admin to fill in. */
  secret: string | null;
}

/** The lines to add inside the users' VirtualHost block. */
export function virtualHostLua({ componentJid }: ProsodyGatewayOptions): string {
  const iq = IQ_GRANTS.map((g) => `\t\t\t\t[${lua(g.ns)}] = ${lua(g.access)}; -- ${g.why}`).join("\n");
  return `\t-- xmpp-rest-component: XEP-0356 privileges (mod_privilege, Debian package prosody-modules)
\tprivileged_entities = {
\t\t[${lua(componentJid)}] = {
\t\t\troster = "both";        -- roster routes, presence of contacts
\t\t\tmessage = "outgoing";   -- send messages as users (POST /rest, chat routes)
\t\t\tpresence = "roster";    -- users' and contacts' presence for SSE
\t\t\tiq = {
${iq}
\t\t\t};
\t\t};
\t}`;
}

/** The Component block. */
export function componentLua({ componentJid, secret }: ProsodyGatewayOptions): string {
  return `Component ${lua(componentJid)}
\tcomponent_secret = ${secret === null ? '"CHANGE-ME: the same secret as [component] secret"' : lua(secret)}
\t-- mod_privilege must be loaded here too, or the VirtualHost's module never hears of the component.
\tmodules_enabled = { "privilege" }`;
}

/** A Lua string literal. */
export function lua(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}
