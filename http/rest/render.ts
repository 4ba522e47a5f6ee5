/**
 * Writes /rest answers in the negotiated format: XML (one stanza, or several inside
 * <xmpp/>), mod_rest's JSON (one object, or {"xmpp": [...]}) or a form of the top-level
 * fields. Several stanzas cannot be a form: that is a 406, said before anything is sent.
 */
import type { Request, Response } from "express";
import { stanzaToJson } from "../../component/jsonmap";
import type { Element } from "../../component/stanza";
import { RestError } from "./errors";
import { preferredOf } from "./negotiate";

export const OUTPUT_TYPES = ["application/xmpp+xml", "application/json", "application/x-www-form-urlencoded"] as const;
export type OutputType = (typeof OUTPUT_TYPES)[number];

/** The answer type for a request; `fallback` is mod_rest's default for it (XML, or the request's own type). */
export function outputType(req: Request, fallback: OutputType): OutputType {
  return preferredOutput(req.headers.accept, fallback);
}

/** The stanza format an Accept header prefers; `fallback` wins ties and an absent header. */
export function preferredOutput(accept: string | undefined, fallback: OutputType): OutputType {
  return preferredOf(accept, [fallback, ...OUTPUT_TYPES.filter((t) => t !== fallback)], fallback) as OutputType;
}

export function sendStanzas(res: Response, type: OutputType, stanzas: Element[]): void {
  // A Buffer, so Express adds no charset: mod_rest answers with the bare media type.
  res.status(200).setHeader("Content-Type", type);
  res.send(Buffer.from(serialize(type, stanzas)));
}

export function serialize(type: OutputType, stanzas: Element[]): string {
  switch (type) {
    case "application/xmpp+xml":
      return stanzas.length === 1 ? xmlOf(stanzas[0]) : `<xmpp>${stanzas.map(xmlOf).join("")}</xmpp>`;
    case "application/json":
      return JSON.stringify(stanzas.length === 1 ? stanzaToJson(stanzas[0]) : { xmpp: stanzas.map(stanzaToJson) });
    case "application/x-www-form-urlencoded":
      if (stanzas.length !== 1) {
        throw new RestError({ status: 406, type: "modify", condition: "not-acceptable", text: "Several stanzas cannot be represented as a form; ask for JSON or XML" });
      }
      return formOf(stanzaToJson(stanzas[0]));
  }
}

/** The stanza without the stream's default namespace on its root. */
function xmlOf(stanza: Element): string {
  if (stanza.attrs.xmlns !== "jabber:client") return stanza.toString();
  const { xmlns: _, ...attrs } = stanza.attrs;
  const copy = Object.assign(Object.create(Object.getPrototypeOf(stanza)), stanza, { attrs });
  return copy.toString();
}

/** mod_rest's form output: top-level strings and numbers; `true` is an empty value; objects are dropped. */
function formOf(json: Record<string, unknown>): string {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(json)) {
    if (typeof value === "string" || typeof value === "number") form.append(key, String(value));
    else if (value === true) form.append(key, "");
  }
  return form.toString();
}
