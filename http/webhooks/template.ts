/** Callback URLs from the configured template: {kind}, {type}, {to} and {from}, URL-encoded. */
import type { Element } from "../../component/stanza";

interface UrlFields {
  kind: string;
  type: string;
  to: string;
  from: string;
}

const PLACEHOLDER = /\{(kind|type|to|from)\}/g;

export function renderUrl(template: string, fields: UrlFields): string {
  return template.replace(PLACEHOLDER, (_, name: keyof UrlFields) => encodeURIComponent(fields[name]));
}

/** The fields of a stanza; a missing type is an empty string (mod_rest left "{type}" in the URL). */
export function urlFieldsOf(stanza: Element): UrlFields {
  const { type = "", to = "", from = "" } = stanza.attrs as Record<string, string | undefined>;
  return { kind: stanza.name, type, to, from };
}
