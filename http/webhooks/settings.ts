/**
 * [[webhook]] entries as the delivery code uses them: defaults applied, content types
 * spelled out, the signing secret decoded. Checks what the config table cannot express,
 * so `check-config` and start-up refuse the same mistakes.
 */
import { createHash } from "node:crypto";
import { ConfigError, type WebhookConfig } from "../../config";
import type { OutputType } from "../rest/render";

const STANZA_KINDS = ["message", "presence", "iq"] as const;
export type StanzaKind = (typeof STANZA_KINDS)[number];
/** Which address of the component a stanza is for, as in mod_rest's rest_callback_events. */
const ADDRESS_EVENTS = ["bare", "full", "host"] as const;
export type AddressEvent = (typeof ADDRESS_EVENTS)[number];

export interface WebhookSettings {
  name: string;
  /** The URL template, with {kind}, {type}, {to} and {from}. */
  url: string;
  /** The configured body format; the receiver's OPTIONS answer may pick another at start. */
  contentType: OutputType;
  stanzas: ReadonlySet<StanzaKind>;
  events: ReadonlySet<AddressEvent>;
  timeoutMs: number;
  /** The HMAC key of the Standard Webhooks signature, or null for unsigned callbacks. */
  signingKey: Buffer | null;
  retry: RetryPolicy;
  concurrency: number;
  /** IQs posted at once: IQs are not queued, so this bounds what a flood of them costs. */
  iqConcurrency: number;
}

export interface RetryPolicy {
  initialMs: number;
  maxMs: number;
  /** A delivery still failing at this age moves to the dead letters (0: after the first failure). */
  deadAfterMs: number;
}

const WEBHOOK_DEFAULTS = {
  contentType: "application/xmpp+xml",
  timeoutMs: 10_000,
  retryInitialMs: 1_000,
  retryMaxMs: 300_000,
  deadAfterMs: 86_400_000,
  concurrency: 8,
  iqConcurrency: 64,
} as const;

const CONTENT_TYPE_ALIASES: Record<string, OutputType> = {
  xml: "application/xmpp+xml",
  json: "application/json",
  form: "application/x-www-form-urlencoded",
};

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const SECRET_HELP = 'expected "whsec_" followed by the base64 of 24 to 64 random bytes, e.g. the output of: echo "whsec_$(openssl rand -base64 32)"';

/** Settings for every [[webhook]]; throws ConfigError naming each problem. */
export function webhookSettings(configs: readonly WebhookConfig[]): WebhookSettings[] {
  const problems: string[] = [];
  const byName = new Map<string, number>();
  const settings = configs.map((config, index) => {
    const at = `webhook[${index}]`;
    const name = config.name ?? defaultName(config.url);
    const previous = byName.get(name);
    if (previous !== undefined) {
      problems.push(`${at}.name: "${name}" is also the name of webhook[${previous}]; give each [[webhook]] its own name`);
    }
    byName.set(name, index);
    const retry = {
      initialMs: config.retry_initial ?? WEBHOOK_DEFAULTS.retryInitialMs,
      maxMs: config.retry_max ?? WEBHOOK_DEFAULTS.retryMaxMs,
      deadAfterMs: config.dead_after ?? WEBHOOK_DEFAULTS.deadAfterMs,
    };
    if (retry.maxMs < retry.initialMs) problems.push(`${at}.retry_max: expected at least retry_initial (${retry.initialMs} ms), got ${retry.maxMs} ms`);
    const signingKey = config.secret === undefined ? null : decodeSecret(config.secret);
    if (signingKey === undefined) problems.push(`${at}.secret: ${SECRET_HELP}`);
    return {
      name,
      url: config.url,
      contentType: contentTypeOf(config.content_type),
      stanzas: new Set((config.stanzas ?? STANZA_KINDS) as StanzaKind[]),
      events: new Set((config.events ?? ADDRESS_EVENTS) as AddressEvent[]),
      timeoutMs: config.timeout ?? WEBHOOK_DEFAULTS.timeoutMs,
      signingKey: signingKey ?? null,
      retry,
      concurrency: config.concurrency ?? WEBHOOK_DEFAULTS.concurrency,
      iqConcurrency: config.iq_concurrency ?? WEBHOOK_DEFAULTS.iqConcurrency,
    };
  });
  if (problems.length) throw new ConfigError(problems);
  return settings;
}

/** The config table already limited the value to the aliases and the media types. */
function contentTypeOf(value: string | undefined): OutputType {
  if (value === undefined) return WEBHOOK_DEFAULTS.contentType;
  return CONTENT_TYPE_ALIASES[value] ?? (value as OutputType);
}

/**
 * A name that stays the same when entries are reordered and never shows the URL, which
 * may carry a token: a short hash of the URL template.
 */
function defaultName(url: string): string {
  return `webhook-${createHash("sha256").update(url).digest("hex").slice(0, 8)}`;
}

/** The key bytes, as the standardwebhooks libraries decode them; undefined when malformed. */
function decodeSecret(secret: string): Buffer | undefined {
  const encoded = secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret;
  if (!BASE64.test(encoded)) return undefined;
  const key = Buffer.from(encoded, "base64");
  return key.length >= 24 && key.length <= 64 ? key : undefined;
}
