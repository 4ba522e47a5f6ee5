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
  | { kind: "no-response"; reason: string }
  /** The request could not be built, so nothing was sent: another try would fail the same way. */
  | { kind: "unsendable"; reason: string };

/** What mod_rest's callbacks accept as an answer. */
const CALLBACK_ACCEPT = "application/xmpp+xml, application/json, application/x-www-form-urlencoded, text/plain";

export interface Callback {
  hook: WebhookSettings;
  contentType: OutputType;
  stanza: Element;
  deliveryId: string;
  userAgent: string;
  /** Aborted when the gateway stops. */
  signal: AbortSignal;
}

export async function postCallback(callback: Callback): Promise<CallbackOutcome> {
  const { hook, signal } = callback;
  const timeout = AbortSignal.timeout(hook.timeoutMs);
  let request: Request;
  try {
    request = buildRequest(callback, AbortSignal.any([signal, timeout]));
  } catch (err) {
    return { kind: "unsendable", reason: (err as Error).message };
  }
  try {
    const res = await fetch(request);
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

function buildRequest({ hook, contentType, stanza, deliveryId, userAgent }: Callback, signal: AbortSignal): Request {
  const body = serialize(contentType, [stanza]);
  const headers: Record<string, string> = {
    "Content-Type": contentType,
    Accept: CALLBACK_ACCEPT,
    "User-Agent": userAgent,
    ...webhookHeaders(hook.signingKey, deliveryId, body),
  };
  // The sender chose xml:lang: only a well-formed tag may become a header (fetch refuses the rest).
  const lang = stanza.attrs["xml:lang"];
  if (typeof lang === "string" && isLanguageTag(lang)) headers["Content-Language"] = lang;
  return new Request(renderUrl(hook.url, urlFieldsOf(stanza)), { method: "POST", headers, body, redirect: "manual", signal });
}

const LANGUAGE_TAG = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/;

/** A language tag (BCP 47's syntax, loosely): what a Content-Language header may carry. */
export function isLanguageTag(value: string): boolean {
  return LANGUAGE_TAG.test(value);
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

