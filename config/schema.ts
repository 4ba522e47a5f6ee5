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
} as const satisfies Record<string, SectionSpec>;

/** Keys of each [[webhook]] table. */
export const WEBHOOK_KEYS = {
  url: { kind: "url", required: true, doc: "callback URL; {kind}, {type}, {to} and {from} are filled in" },
} as const satisfies SectionSpec;

export interface WebhookConfig {
  url: string;
}

export interface Config {
  component: { jid: string; secret: string; host: string; port: number; max_privileged_iqs: number };
  server: { domain: string; c2s_host: string; c2s_port: number };
  http: { host: string; port: number; public_url: string; body_limit: number; cors_origins: string[]; trust_proxy: boolean };
  storage: { path: string };
  auth: { admins: string[]; token_ttl: number; password_cache_ttl: number; max_failures: number; login_timeout: number };
  log: { level: "debug" | "info" | "warn" | "error" };
  webhook: WebhookConfig[];
}
