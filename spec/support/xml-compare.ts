/** XML in a canonical form (sorted attributes, no whitespace-only text) for comparing stanzas. */
import type xml from "@xmpp/xml";
import { parseStanzaXml } from "../../component/xml/parse";

export function canonical(el: xml.Element | string): string {
  const element = typeof el === "string" ? parseStanzaXml(el) : el;
  const attrs = Object.entries(element.attrs)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => ` ${k}="${String(v)}"`)
    .join("");
  const children = element.children
    .map((c) => (typeof c === "string" ? (c.trim() === "" ? "" : c) : canonical(c)))
    .join("");
  return `<${element.name}${attrs}>${children}</${element.name}>`;
}

/** The canonical forms of a stanza's child elements. */
export function childrenOf(stanza: xml.Element): string[] {
  return stanza.children.filter((c): c is xml.Element => typeof c !== "string").map(canonical);
}
