/**
 * The contract every mapping piece follows: one object knows both directions (JSON → XML and
 * XML → JSON) and its own JSON Schema, so a field is declared once.
 */
import xml from "@xmpp/xml";
import { STANZA_NAMESPACES, NS } from "./namespaces";

export type Element = xml.Element;
export type JsonSchema = { readonly [keyword: string]: unknown };
export type JsonObject = Record<string, unknown>;

/** The child element a codec produces inside its parent. */
export interface Slot {
  /** Absent: any name in `ns` (the element name carries the value), except the `except` names. */
  readonly name?: string;
  /** Absent: the parent's namespace. */
  readonly ns?: string;
  readonly except?: readonly string[];
}

export interface Codec {
  readonly schema: JsonSchema;
  /** Set for codecs that produce a child element; attributes and text have none. */
  readonly slot?: Slot;
  /** JSON values that produce nothing, e.g. `false` for a flag element. */
  readonly omits?: (value: unknown) => boolean;
  /** Written when the JSON leaves the property out (something XMPP requires). */
  readonly defaultValue?: unknown;
  /** An alternative spelling: written only if no earlier property produced the same element. */
  readonly alias?: boolean;
  /** Accepted in JSON but never produced from XML (the primary spelling is). */
  readonly writeOnly?: boolean;
  /** Has a value even when no child fills its slot (a list that reads as []). */
  readonly readsWithoutElement?: boolean;
  /** Adds `value` to `parent`, whose children default to namespace `scope`. Throws MappingError. */
  write(parent: Element, scope: string, value: unknown, path: string): void;
  /** The JSON value found in `parent`, or undefined when there is none. */
  read(parent: Element, scope: string): unknown;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Own properties only, so that keys such as "constructor" never reach Object.prototype. */
export function ownValue(object: JsonObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

export function joinPath(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

export function isElement(node: unknown): node is Element {
  return typeof node === "object" && node !== null;
}

function canonicalNs(ns: string): string {
  return STANZA_NAMESPACES.has(ns) ? NS.client : ns;
}

/** The default namespace `el`'s own children inherit. */
export function childScope(el: Element, scope: string): string {
  const xmlns: unknown = el.attrs.xmlns;
  return typeof xmlns === "string" ? canonicalNs(xmlns) : scope;
}

/** Local name and namespace of a child element (prefixed names resolved, e.g. from ltx's own parser). */
export function identify(el: Element, scope: string): { name: string; ns: string } {
  const colon = el.name.indexOf(":");
  if (colon === -1) return { name: el.name, ns: childScope(el, scope) };
  const ns = el.findNS(el.name.slice(0, colon));
  return { name: el.name.slice(colon + 1), ns: ns === undefined ? "" : canonicalNs(ns) };
}

export function slotMatches(slot: Slot, name: string, ns: string, scope: string): boolean {
  if (ns !== (slot.ns ?? scope)) return false;
  return slot.name === undefined ? !slot.except?.includes(name) : slot.name === name;
}

export function findChildren(parent: Element, scope: string, slot: Slot): Element[] {
  const found: Element[] = [];
  for (const node of parent.children) {
    if (!isElement(node)) continue;
    const { name, ns } = identify(node, scope);
    if (slotMatches(slot, name, ns, scope)) found.push(node);
  }
  return found;
}

export function findChild(parent: Element, scope: string, slot: Slot): Element | undefined {
  for (const node of parent.children) {
    if (!isElement(node)) continue;
    const { name, ns } = identify(node, scope);
    if (slotMatches(slot, name, ns, scope)) return node;
  }
  return undefined;
}

/** Appends `<name/>`, with an xmlns attribute only where the namespace changes. */
export function appendChild(parent: Element, scope: string, name: string, ns: string = scope): Element {
  return parent.cnode(new xml.Element(name, ns === scope ? undefined : { xmlns: ns }));
}

export function hasChildElements(el: Element): boolean {
  return el.children.some(isElement);
}
