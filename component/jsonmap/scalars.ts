/** Conversions between a JSON value and the text of an attribute or element. */
import { badFormat } from "./errors";
import type { JsonSchema } from "./codec";

export interface Scalar {
  readonly schema: JsonSchema;
  /** Throws MappingError when `value` cannot be written. */
  toText(value: unknown, path: string): string;
  /** undefined when the text does not hold a value of this type. */
  fromText(text: string): unknown;
}

/** Characters XML 1.0 cannot carry (a stanza holding one would break the XMPP stream). */
export const NOT_XML_CHAR = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;
const INTEGER_TEXT = /^-?[0-9]+$/;
const NUMBER_TEXT = /^-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/;
/** An XML local name (ASCII subset), for values written as element names. */
const XML_NAME = /^[A-Za-z_][A-Za-z0-9._-]*$/;

function xmlSafe(text: string, path: string): string {
  if (NOT_XML_CHAR.test(text)) throw badFormat(path, "contains a character XML cannot carry");
  return text;
}

export const string: Scalar = {
  schema: { type: "string" },
  toText(value, path) {
    if (typeof value !== "string") throw badFormat(path, "expected a string");
    return xmlSafe(value, path);
  },
  fromText: (text) => text,
};

/** XEP-0082 timestamps stay strings in both directions (as in mod_rest). */
export const timestamp: Scalar = { ...string, schema: { type: "string", format: "date-time" } };

/** Integers also accepted as digit strings: GET query parameters arrive as strings. */
export const integer: Scalar = {
  schema: { anyOf: [{ type: "integer" }, { type: "string", pattern: INTEGER_TEXT.source }] },
  toText(value, path) {
    if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
    if (typeof value === "string" && INTEGER_TEXT.test(value)) return value;
    throw badFormat(path, "expected an integer");
  },
  fromText(text) {
    const value = INTEGER_TEXT.test(text) ? Number(text) : NaN;
    return Number.isSafeInteger(value) ? value : undefined;
  },
};

export const number: Scalar = {
  schema: { anyOf: [{ type: "number" }, { type: "string", pattern: NUMBER_TEXT.source }] },
  toText(value, path) {
    if (typeof value === "number" && Number.isFinite(value)) return String(value);
    if (typeof value === "string" && NUMBER_TEXT.test(value)) return value;
    throw badFormat(path, "expected a number");
  },
  fromText(text) {
    const value = NUMBER_TEXT.test(text) ? Number(text) : NaN;
    return Number.isFinite(value) ? value : undefined;
  },
};

/** xs:boolean: written as true/false, read from true/false/1/0. */
export const boolean: Scalar = {
  schema: { type: "boolean" },
  toText(value, path) {
    if (typeof value !== "boolean") throw badFormat(path, "expected a boolean");
    return value ? "true" : "false";
  },
  fromText(text) {
    if (text === "true" || text === "1") return true;
    if (text === "false" || text === "0") return false;
    return undefined;
  },
};

/** A string that becomes an element name (chat states, error conditions). */
export const xmlName: Scalar = {
  schema: { type: "string", pattern: XML_NAME.source },
  toText(value, path) {
    if (typeof value !== "string" || !XML_NAME.test(value)) throw badFormat(path, "expected an XML element name");
    return value;
  },
  fromText: (text) => text,
};

/** Any JSON value, carried as JSON text (XEP-0335 JSON containers). */
export const jsonText: Scalar = {
  schema: {},
  toText(value, path) {
    return xmlSafe(JSON.stringify(value), path);
  },
  fromText(text) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  },
};
