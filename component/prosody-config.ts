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

/** Where the server sends a copy of each message delivered to a local user: see component/inbound. */
export type InboundMode = "spool" | "forward" | "none";

/** mod_firewall loads this file, relative to the directory of the Prosody config file. */
export const FIREWALL_SCRIPT = "xmpp-rest-inbound.pfw";

export interface InboundFeedConfigOptions {
  mode: InboundMode;
  /** The users' domain (the VirtualHost). */
  domain: string;
  componentJid: string;
  spoolJid: string;
}

/** The lines to add inside the users' VirtualHost block for the inbound feed ("" for mode none). */
export function inboundVirtualHostLua({ mode }: InboundFeedConfigOptions): string {
  if (mode === "none") return "";
  const lines = [
    `\t-- xmpp-rest-component: copies of users' incoming messages (mod_firewall, Debian package prosody-modules)`,
    `\tfirewall_scripts = { ${lua(FIREWALL_SCRIPT)} }`,
    `\t-- A chain after mod_mam (priority 0) has added <stanza-id/>, before delivery (priority -1).`,
    `\tfirewall_extra_chains = { after_mam = { type = "event"; priority = -0.5; "message/bare", "message/full" } }`,
  ];
  if (mode === "spool") {
    lines.push(
      `\t-- On login the spool account gets its whole backlog at once, and mod_smacks must hold all of it`,
      `\t-- until acknowledged (it silently drops the oldest past this size; the default is 500).`,
      `\t-- Each stream-managed session reserves 16 bytes per slot.`,
      `\tsmacks_max_queue_size = 10000`,
    );
  }
  return lines.join("\n");
}

/** The mod_firewall script (the file FIREWALL_SCRIPT), or null for mode none. */
export function inboundFirewallScript({ mode, domain, componentJid, spoolJid }: InboundFeedConfigOptions): string | null {
  if (mode === "none") return null;
  const target = mode === "spool" ? spoolJid : componentJid;
  return `# xmpp-rest-component, inbound feed (${mode} mode): forward a copy of every message
# delivered to a user of ${domain} to ${target}, with the <stanza-id/> mod_mam added.
::after_mam
KIND: message
TO: <*>@${domain}
${mode === "spool" ? `NOT TO: ${spoolJid}\n` : ""}NOT TYPE: error
# Required with prosody-modules 2023-02: FORWARD uses util.stanza without declaring it,
# and without this line every message matched here is lost, the original included.
RULEDEP=st
FORWARD=${target}
`;
}

/** A Lua string literal. */
export function lua(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}
