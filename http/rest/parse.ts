/**
 * Turns a /rest request body (JSON, XML, form or plain text) plus its path parameters
 * into one stanza, the way mod_rest does (Part 1 §3, §5), with our corrections.
 */
import { jsonToStanza, MappingError } from "../../component/jsonmap";
import type { Element } from "../../component/stanza";
import { parseStanzaXml, XmlParseError } from "../../component/xml/parse";
import { RestError } from "./errors";

export const INPUT_TYPES = ["application/json", "application/xmpp+xml", "application/x-www-form-urlencoded", "text/plain"] as const;
export type InputType = (typeof INPUT_TYPES)[number];

/** What the URL says about the stanza: /rest/{kind}/{type}/{to}, /rest/{kind}/{to}, or a GET query. */
export interface PathParams {
  kind?: string;
  type?: string;
  to?: string;
}

const KINDS = new Set(["message", "presence", "iq"]);

/** The media type of a Content-Type header (parameters ignored), if it is one we read. */
export function inputType(contentType: string | undefined): InputType | undefined {
  const media = contentType?.split(";")[0].trim();
  return INPUT_TYPES.find((t) => t === media);
}

export function parseBody(type: InputType | undefined, body: string, path: PathParams): Element {
  switch (type) {
    case "application/json":
      return fromJson(parseJsonObject(body), path);
    case "application/xmpp+xml":
      return fromXml(body, path);
    case "application/x-www-form-urlencoded":
      // Without "=" mod_rest reads a form body as plain text (not URL-decoded).
      return body.includes("=") ? fromJson(formObject(body), path) : fromText(body, path);
    case "text/plain":
      return fromText(body, path);
    case undefined:
      // Only a path-parameter POST may come without a body type.
      if (path.kind) return fromJson({}, path);
      throw new RestError("mediatype", { error: "unknown-payload-type" });
  }
}

/**
 * GET /rest/{query}/{to}?a=b: an iq with `query: {a: "b"}` (an empty query without parameters).
 * The type is left to the mapping, as in mod_rest: a get, but `command` and `archive` are sets.
 */
export function queryStanza(query: string, to: string, params: Record<string, string>): Element {
  return mapJson({ kind: "iq", to, [query]: params });
}

function parseJsonObject(body: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (err) {
    throw new RestError("parse", { error: "invalid-json", detail: (err as Error).message });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value) || Object.keys(value).length === 0) {
    throw new RestError("parse", { error: "invalid-json", detail: "the body must be a non-empty JSON object" });
  }
  return value as Record<string, unknown>;
}

/** Form fields as a flat object; a repeated key keeps its last value, like mod_rest. */
function formObject(body: string): Record<string, unknown> {
  return Object.fromEntries(new URLSearchParams(body));
}

function fromJson(json: Record<string, unknown>, path: PathParams): Element {
  const merged = { ...json };
  if (path.kind) {
    merged.kind = path.kind;
    if (path.kind === "iq" && path.type && path.type !== "get" && path.type !== "set") {
      // /rest/iq/ping/{to}: an iq get with that query.
      merged.type = "get";
      merged[path.type] = merged[path.type] ?? (path.type === "ping" ? true : {});
    } else if (path.type) {
      merged.type = path.type;
    }
  }
  if (path.to) merged.to = path.to;
  return mapJson(merged);
}

function fromText(text: string, path: PathParams): Element {
  if (path.kind === "iq") throw new RestError("parse", { error: "invalid-path", detail: "a text body cannot be an iq" });
  // On a presence path the text is the <show/>; everywhere else it is a message body.
  const field = path.kind === "presence" ? "show" : "body";
  return fromJson({ kind: path.kind ?? "message", type: path.kind ? undefined : "chat", [field]: text }, path);
}

function fromXml(body: string, path: PathParams): Element {
  let stanza: Element;
  try {
    stanza = parseStanzaXml(body);
  } catch (err) {
    if (err instanceof XmlParseError) throw new RestError("parse", { error: "invalid-xml", detail: err.message, line: err.line, column: err.column });
    throw err;
  }
  if (path.kind && path.kind !== stanza.name) {
    throw new RestError("parse", { error: "invalid-path", detail: `the path says ${path.kind} but the body is a ${stanza.name}` });
  }
  if (path.type) stanza.attrs.type = path.type;
  if (path.to) stanza.attrs.to = path.to;
  return stanza;
}

function mapJson(json: Record<string, unknown>): Element {
  if (typeof json.kind === "string" && !KINDS.has(json.kind)) {
    throw new RestError("parse", { error: "unknown-kind", detail: `unknown kind ${JSON.stringify(json.kind)}` });
  }
  try {
    return jsonToStanza(json);
  } catch (err) {
    if (err instanceof MappingError) {
      throw new RestError({ status: err.status, type: "modify", condition: err.condition, text: err.text }, err.context);
    }
    throw err;
  }
}
