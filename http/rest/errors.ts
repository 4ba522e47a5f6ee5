/**
 * mod_rest's error answers: its status codes, conditions and texts, in its JSON or XML
 * error shape. Unlike mod_rest, never HTML: JSON unless Accept prefers XML.
 */
import { randomUUID } from "node:crypto";
import type { Request, Response } from "express";
import { preferredOf } from "./negotiate";

export interface RestErrorSpec {
  status: number;
  type: string;
  condition: string;
  text: string;
}

/** The error table of mod_rest (Part 1 §2), keyed as mod_rest keys them. */
export const REST_ERRORS = {
  noauthz: { status: 401, type: "auth", condition: "not-authorized", text: "No credentials provided" },
  unauthz: { status: 403, type: "auth", condition: "not-authorized", text: "Credentials not accepted" },
  from_auth: { status: 403, type: "auth", condition: "not-authorized", text: "Not authorized to send stanza with requested 'from'" },
  size: { status: 413, type: "modify", condition: "resource-constraint", text: "Payload too large" },
  mediatype: { status: 415, type: "cancel", condition: "bad-format", text: "Unsupported media type" },
  parse: { status: 400, type: "modify", condition: "not-well-formed", text: "Failed to parse payload" },
  path: { status: 400, type: "modify", condition: "not-well-formed", text: "Failed to parse payload" },
  xmlns: { status: 422, type: "modify", condition: "invalid-namespace", text: "'xmlns' attribute must be empty" },
  name: { status: 422, type: "modify", condition: "unsupported-stanza-type", text: "Invalid stanza, must be 'message', 'presence' or 'iq'." },
  to: { status: 422, type: "modify", condition: "improper-addressing", text: "Invalid destination JID" },
  from: { status: 422, type: "modify", condition: "invalid-from", text: "Invalid source JID" },
  iq_type: { status: 422, type: "modify", condition: "invalid-xml", text: "'iq' stanza must be of type 'get' or 'set'" },
  iq_tags: { status: 422, type: "modify", condition: "bad-format", text: "'iq' stanza must have exactly one child tag" },
  field: { status: 422, type: "modify", condition: "bad-format", text: "Invalid field value" },
  timeout: { status: 500, type: "wait", condition: "remote-server-timeout", text: "IQ stanza timed out" },
  offline: { status: 503, type: "wait", condition: "service-unavailable", text: "The gateway is not connected to the XMPP server" },
  client_session: { status: 501, type: "cancel", condition: "feature-not-implemented", text: "This needs a client session for the user" },
  outside_privilege: { status: 403, type: "auth", condition: "forbidden", text: "This stanza would use the gateway's privileges" },
  internal: { status: 500, type: "cancel", condition: "internal-server-error", text: "Internal error" },
} as const satisfies Record<string, RestErrorSpec>;

export type RestErrorKey = keyof typeof REST_ERRORS;

export class RestError extends Error {
  readonly spec: RestErrorSpec;
  constructor(
    key: RestErrorKey | RestErrorSpec,
    readonly context?: Record<string, unknown>,
    text?: string,
  ) {
    const spec = typeof key === "string" ? REST_ERRORS[key] : key;
    super(text ?? spec.text);
    this.spec = { ...spec, text: text ?? spec.text };
  }
}

const NS_STREAMS = "urn:ietf:params:xml:ns:xmpp-streams";

export function sendRestError(req: Request, res: Response, err: RestError): void {
  const { status, type, condition, text } = err.spec;
  res.status(status);
  if (req.method === "HEAD") return void res.end();
  if (preferredOf(req.headers.accept, ["application/json", "application/xmpp+xml"], "application/json") === "application/xmpp+xml") {
    const body =
      `<error xmlns='http://etherx.jabber.org/streams'><${condition} xmlns='${NS_STREAMS}'/>` +
      (text ? `<text xmlns='${NS_STREAMS}'>${escapeXml(text)}</text>` : "") +
      "</error>";
    return void res.type("application/xmpp+xml").send(body);
  }
  const error = { type, condition, text, code: status, source: "mod_rest", context: err.context, instance_id: randomUUID() };
  res.type("application/json").send(JSON.stringify({ type: "error", code: status, error }));
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/'/g, "&apos;");
}
