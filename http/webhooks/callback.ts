/**
 * One callback: POST the stanza to its webhook in the chosen format, signed when a secret
 * is set, within the webhook's timeout, and report what happened without judging it.
 * Redirects are not followed: a 3xx is an answer like any other (mod_rest's table).
 */
import { DEFAULT_MAX_BYTES } from "../../component/xml/parse";
import type { Element } from "../../component/stanza";
import { OutputType, serialize } from "../rest/render";
import type { WebhookSettings } from "./settings";
import { webhookHeaders } from "./signature";
import { renderUrl, urlFieldsOf } from "./template";

export type CallbackOutcome =
  /** `body` is null when it was larger than a stanza may be. */
  | { kind: "response"; status: number; contentType: string | undefined; body: string | null; retryAfterMs?: number }
  | { kind: "timeout"; timeoutMs: number }
  | { kind: "no-response"; reason: string };

/** What mod_rest's callbacks accept as an answer. */
export const CALLBACK_ACCEPT = "application/xmpp+xml, application/json, application/x-www-form-urlencoded, text/plain";

export interface Callback {
  hook: WebhookSettings;
  contentType: OutputType;
  stanza: Element;
  deliveryId: string;
  userAgent: string;
  /** Aborted when the gateway stops. */
  signal: AbortSignal;
}

export async function postCallback({ hook, contentType, stanza, deliveryId, userAgent, signal }: Callback): Promise<CallbackOutcome> {
  const body = serialize(contentType, [stanza]);
  const headers: Record<string, string> = {
    "Content-Type": contentType,
    Accept: CALLBACK_ACCEPT,
    "User-Agent": userAgent,
    ...webhookHeaders(hook.signingKey, deliveryId, body),
  };
  const lang = stanza.attrs["xml:lang"];
  if (lang) headers["Content-Language"] = lang;
  const timeout = AbortSignal.timeout(hook.timeoutMs);
  try {
    const res = await fetch(renderUrl(hook.url, urlFieldsOf(stanza)), {
      method: "POST",
      headers,
      body,
      redirect: "manual",
      signal: AbortSignal.any([signal, timeout]),
    });
    return {
      kind: "response",
      status: res.status,
      contentType: res.headers.get("content-type") ?? undefined,
      body: await readCapped(res, DEFAULT_MAX_BYTES),
      retryAfterMs: retryAfter(res.headers.get("retry-after")),
    };
  } catch (err) {
    if (timeout.aborted && !signal.aborted) return { kind: "timeout", timeoutMs: hook.timeoutMs };
    return { kind: "no-response", reason: signal.aborted ? "the gateway stopped" : failureReason(err) };
  }
}

/** The body as text, or null past `limit` bytes (read no further: it cannot be a stanza). */
async function readCapped(res: Response, limit: number): Promise<string | null> {
  if (!res.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    size += chunk.byteLength;
    if (size > limit) {
      await res.body.cancel().catch(() => {});
      return null;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Retry-After in seconds or as an HTTP date. */
function retryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** "connection refused (ECONNREFUSED)": what went wrong, never the body or URL credentials. */
function failureReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === "ECONNREFUSED") return "connection refused (ECONNREFUSED)";
  if (cause?.code === "ECONNRESET" || cause?.code === "UND_ERR_SOCKET") return `connection closed without a response (${cause.code})`;
  return cause?.code ?? cause?.message ?? (err as Error).message ?? String(err);
}

