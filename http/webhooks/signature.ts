/**
 * Standard Webhooks headers (https://www.standardwebhooks.com): webhook-id (stable across
 * retries), webhook-timestamp (seconds, per attempt) and, with a secret, webhook-signature:
 * "v1," + base64 HMAC-SHA256 of "id.timestamp.body".
 */
import { createHmac } from "node:crypto";

export function webhookHeaders(key: Buffer | null, id: string, body: string, nowMs = Date.now()): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  const headers: Record<string, string> = { "webhook-id": id, "webhook-timestamp": timestamp };
  if (key) headers["webhook-signature"] = `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
  return headers;
}
