/**
 * An HTTP status as the stanza error a webhook's answer becomes: the mapping observed on
 * mod_rest (net.http.errors), with the status line as the default text.
 */
import { STATUS_CODES } from "node:http";

export interface StanzaErrorSpec {
  type: "auth" | "cancel" | "modify" | "wait";
  condition: string;
}

const BY_STATUS: Record<number, StanzaErrorSpec> = {};
function map(statuses: number[], type: StanzaErrorSpec["type"], condition: string): void {
  for (const status of statuses) BY_STATUS[status] = { type, condition };
}
map([400, 411, 416, 422], "modify", "bad-request");
map([401], "auth", "not-authorized");
map([402], "auth", "payment-required");
map([403, 451], "auth", "forbidden");
map([404], "cancel", "item-not-found");
map([405], "cancel", "not-allowed");
map([406], "modify", "not-acceptable");
map([407], "auth", "registration-required");
map([408, 502, 504], "wait", "remote-server-timeout");
map([409, 412], "cancel", "conflict");
map([410], "cancel", "gone");
map([413, 414, 431], "modify", "resource-constraint");
map([415, 501], "cancel", "feature-not-implemented");
map([423, 429, 507], "wait", "resource-constraint");
map([500], "wait", "internal-server-error");
map([503], "cancel", "service-unavailable");

export function errorForStatus(status: number): StanzaErrorSpec {
  return BY_STATUS[status] ?? { type: "cancel", condition: "undefined-condition" };
}

/** "404 Not Found"; codes without a registered reason read "Unassigned", as in mod_rest. */
export function statusLine(status: number): string {
  return `${status} ${STATUS_CODES[status] ?? "Unassigned"}`;
}
