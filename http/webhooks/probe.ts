/**
 * The start-up probe of mod_rest: OPTIONS on the callback URL (rendered with kind "meta",
 * type "info", to and from the component). A 200 with an Accept header picks the body
 * format (q-values respected); anything else keeps the configured one.
 */
import { OutputType, preferredOutput } from "../rest/render";
import type { WebhookSettings } from "./settings";
import { renderUrl } from "./template";

export async function probeContentType(hook: WebhookSettings, componentJid: string, userAgent: string, signal: AbortSignal): Promise<OutputType> {
  const url = renderUrl(hook.url, { kind: "meta", type: "info", to: componentJid, from: componentJid });
  try {
    const res = await fetch(url, {
      method: "OPTIONS",
      headers: { "User-Agent": userAgent },
      redirect: "manual",
      signal: AbortSignal.any([signal, AbortSignal.timeout(hook.timeoutMs)]),
    });
    await res.body?.cancel();
    const accept = res.headers.get("accept");
    if (res.status !== 200 || !accept) return hook.contentType;
    return preferredOutput(accept, hook.contentType);
  } catch {
    return hook.contentType; // a receiver that is not up yet gets the configured format, as in mod_rest
  }
}
