/**
 * Every configuration key the gateway knows: its kind, default and a short description
 * used in error messages. One table serves the TOML file, the environment overrides
 * (XMPP_REST_SECTION_KEY) and `xmpp-rest check-config`.
 */

export type KeyKind =
  | "string"
  | "secret"
  | "int"
  | "port"
  | "bool"
  | "duration"
  | "size"
  | "domain"
  | "url"
  | "string-list"
  | "jid-list"
  | "enum"
  | "enum-list";

export interface KeySpec {
  kind: KeyKind;
  /** What the key is for; printed when the key is missing or wrong. */
  doc: string;
  required?: boolean;
  default?: unknown;
  values?: readonly string[];
  min?: number;
  max?: number;
}

export type SectionSpec = Record<string, KeySpec>;

export const SECTIONS = {
  component: {
    jid: { kind: "domain", required: true, doc: "the component's JID, as in the server's Component block (e.g. rest.example.com)" },
    secret: { kind: "secret", required: true, doc: "the component secret shared with the server (component_secret)" },
    host: { kind: "string", default: "127.0.0.1", doc: "the server's component listener host" },
    port: { kind: "port", default: 5347, doc: "the server's component listener port" },
    max_privileged_iqs: {
      kind: "int", default: 256, min: 1, max: 10000,
      doc: "privileged IQs in flight at once; Prosody refuses more than 256, so the rest wait in a queue",
    },
  },
  server: {
    domain: { kind: "domain", required: true, doc: "the users' domain (the VirtualHost)" },
    c2s_host: { kind: "string", default: "127.0.0.1", doc: "the server's client port host, used to check passwords" },
    c2s_port: { kind: "port", default: 5222, doc: "the server's client port, used to check passwords" },
  },
  http: {
    host: { kind: "string", default: "127.0.0.1", doc: "address the HTTP API listens on" },
    port: { kind: "port", default: 5281, min: 0, doc: "port the HTTP API listens on (0: any free port)" },
    public_url: { kind: "url", doc: "the URL clients use to reach the HTTP API (default http://host:port)" },
    body_limit: { kind: "size", default: 196608, doc: "largest request body accepted, e.g. \"192KiB\"" },
    cors_origins: { kind: "string-list", default: [], doc: "origins allowed to call the API from a browser" },
    trust_proxy: { kind: "bool", default: false, doc: "trust X-Forwarded-For from a reverse proxy (for rate limits and logs only)" },
  },
  storage: {
    path: { kind: "string", default: "data/xmpp-rest.sqlite", doc: "the SQLite database file" },
  },
  auth: {
    admins: { kind: "jid-list", default: [], doc: "bare JIDs allowed to use the admin routes" },
    token_ttl: { kind: "duration", default: 3_600_000, min: 60_000, doc: "lifetime of tokens from POST /auth/token, e.g. \"1h\"" },
    password_cache_ttl: {
      kind: "duration", default: 60_000, max: 3_600_000,
      doc: "how long a successful password check is remembered (0 disables), e.g. \"60s\"",
    },
    max_failures: { kind: "int", default: 5, min: 1, max: 1000, doc: "failed logins per JID before they are slowed down (a client address may fail 10 times as often)" },
    login_timeout: { kind: "duration", default: 10_000, doc: "time allowed for a password check against the server" },
  },
  log: {
    level: { kind: "enum", values: ["debug", "info", "warn", "error"], default: "info", doc: "log level" },
  },
  inbound: {
    mode: {
      kind: "enum", values: ["spool", "forward", "none"], default: "spool",
      doc: "how the server copies users' incoming messages to the gateway: spool (lossless), forward (lost while the gateway is down) or none",
    },
    spool_user: { kind: "string", default: "xmpp-rest-spool", doc: "local part of the spool account on the users' domain (spool mode)" },
    spool_password: { kind: "secret", doc: "the spool account's password (default: derived from component.secret; `xmpp-rest init` prints it)" },
  },
  archive: {
    retention: { kind: "duration", default: 0, doc: "how long archived messages are kept, e.g. \"365d\" (\"0s\", the default: forever)" },
  },
  sse: {
    heartbeat: { kind: "duration", default: 15_000, min: 100, max: 300_000, doc: "interval of the comment line that keeps event streams open, e.g. \"15s\"" },
    max_buffer: { kind: "size", default: 1048576, doc: "unread bytes a stream may hold before its client is cut off (more than the largest event), e.g. \"1MiB\"" },
    max_streams_per_user: { kind: "int", default: 20, min: 1, max: 100000, doc: "open event streams per user" },
    max_streams: { kind: "int", default: 10000, min: 1, max: 1000000, doc: "open event streams in all" },
    roster_refresh: { kind: "duration", default: 300_000, min: 1000, doc: "how often the rosters of users with open streams are read again (the server does not push roster changes)" },
  },
} as const satisfies Record<string, SectionSpec>;

/**
 * Keys of each [[webhook]] table. Their defaults live in http/webhooks/settings.ts, which
 * also checks what this table cannot (the secret's format, unique names, retry bounds).
 */
export const WEBHOOK_KEYS = {
  url: { kind: "url", required: true, doc: "callback URL; {kind}, {type}, {to} and {from} are filled in" },
  name: { kind: "string", doc: "the webhook's name in the outbox and dead letters (default: derived from the url)" },
  content_type: {
    kind: "enum",
    values: ["xml", "json", "form", "application/xmpp+xml", "application/json", "application/x-www-form-urlencoded"],
    doc: "format of callback bodies unless the receiver's OPTIONS answer prefers another (default xml)",
  },
  stanzas: { kind: "enum-list", values: ["message", "presence", "iq"], doc: "stanza kinds sent to this webhook (default all)" },
  events: {
    kind: "enum-list",
    values: ["bare", "full", "host"],
    doc: "which addresses of the component: bare (bot@component), full (bot@component/res), host (component) (default all)",
  },
  timeout: { kind: "duration", min: 100, max: 300_000, doc: "time allowed for one callback (default 10s)" },
  secret: { kind: "secret", doc: "Standard Webhooks signing secret: whsec_ and the base64 of 24 to 64 random bytes" },
  retry_initial: { kind: "duration", min: 10, doc: "first retry delay of a failed message/presence delivery (default 1s)" },
  retry_max: { kind: "duration", min: 10, doc: "longest retry delay; delays double up to it (default 5m)" },
  dead_after: { kind: "duration", doc: "age after which a failing delivery moves to the dead letters; 0s tries once (default 24h)" },
  concurrency: { kind: "int", min: 1, max: 256, doc: "deliveries in flight at once, each sender's in order (default 8)" },
  iq_concurrency: { kind: "int", min: 1, max: 4096, doc: "IQs posted at once; more are answered resource-constraint at once (default 64)" },
} as const satisfies SectionSpec;

export interface WebhookConfig {
  url: string;
  name?: string;
  content_type?: string;
  stanzas?: string[];
  events?: string[];
  timeout?: number;
  secret?: string;
  retry_initial?: number;
  retry_max?: number;
  dead_after?: number;
  concurrency?: number;
  iq_concurrency?: number;
}

export interface Config {
  component: { jid: string; secret: string; host: string; port: number; max_privileged_iqs: number };
  server: { domain: string; c2s_host: string; c2s_port: number };
  http: { host: string; port: number; public_url: string; body_limit: number; cors_origins: string[]; trust_proxy: boolean };
  storage: { path: string };
  auth: { admins: string[]; token_ttl: number; password_cache_ttl: number; max_failures: number; login_timeout: number };
  log: { level: "debug" | "info" | "warn" | "error" };
  inbound: { mode: "spool" | "forward" | "none"; spool_user: string; spool_password?: string };
  archive: { retention: number };
  sse: { heartbeat: number; max_buffer: number; max_streams_per_user: number; max_streams: number; roster_refresh: number };
  webhook: WebhookConfig[];
}
