/**
 * XEP-0004 Data Forms in two JSON spellings: `dataform` (the full form, as servers send it) and
 * `formdata` (a plain var → value map, for submitting).
 */
import { alias, attr, child, flag, list, named, object, text, textChild } from "../codecs";
import {
  appendChild,
  childScope,
  findChildren,
  isJsonObject,
  type Codec,
  type Element,
  type JsonObject,
} from "../codec";
import { badFormat } from "../errors";
import { NS } from "../namespaces";
import { string } from "../scalars";

const MULTI_VALUE_TYPES: ReadonlySet<string> = new Set(["jid-multi", "list-multi"]);

function valueTexts(field: Element, scope: string): string[] {
  return findChildren(field, scope, { name: "value" }).map((el) => el.getText());
}

function writeValues(field: Element, scope: string, values: readonly string[]): void {
  for (const value of values) appendChild(field, scope, "value").t(value);
}

/**
 * A field's `value`, shaped by the field's type as mod_rest does: an array for jid-multi and
 * list-multi, lines joined by "\n" for text-multi, a string otherwise (an array when an untyped
 * field has several). Writing needs the field's `type` attribute, so `type` comes first.
 */
const fieldValue: Codec = {
  schema: { oneOf: [{ type: "string" }, { type: "array", items: { type: "string" } }] },
  slot: { name: "value" },
  readsWithoutElement: true, // a multi-valued field without values reads as []
  write(field, scope, value, path) {
    if (typeof value === "string") {
      const lines = field.attrs.type === "text-multi" ? value.split("\n") : [value];
      writeValues(field, scope, lines.map((line) => string.toText(line, path)));
    } else if (Array.isArray(value)) {
      writeValues(field, scope, value.map((item: unknown, index) => string.toText(item, `${path}[${index}]`)));
    } else {
      throw badFormat(path, "expected a string or an array of strings");
    }
  },
  read(field, scope) {
    const values = valueTexts(field, scope);
    const type: unknown = field.attrs.type;
    if (typeof type === "string" && MULTI_VALUE_TYPES.has(type)) return values;
    if (values.length === 0) return undefined;
    if (type === "text-multi") return values.join("\n");
    return values.length === 1 ? values[0] : values;
  },
};

const formField = object({
  var: attr("var"),
  type: attr("type"),
  label: attr("label"),
  desc: textChild("desc"),
  required: flag("required"),
  value: fieldValue,
  values: alias(list("value", undefined, text(string, { keepEmpty: true })), { writeOnly: true }),
  options: list("option", undefined, object({ label: attr("label"), value: textChild("value") })),
});

/**
 * The full form: `{type, title, instructions, fields: [{var, type, label, desc, required,
 * value | values, options}]}`.
 */
export const dataform: Codec = named(
  "dataform",
  child(
    "x",
    NS.data,
    object({
      type: attr("type"),
      title: textChild("title"),
      instructions: textChild("instructions"),
      fields: list("field", undefined, formField, { keepEmpty: true }),
    }),
  ),
);

/** A submitted value in `formdata`: booleans become 1/0, numbers their decimal text, null no value. */
function formdataValues(value: unknown, path: string): string[] {
  if (value === null) return [];
  if (typeof value === "boolean") return [value ? "1" : "0"];
  if (typeof value === "number" && Number.isFinite(value)) return [String(value)];
  if (Array.isArray(value)) return value.map((item: unknown, index) => string.toText(item, `${path}[${index}]`));
  return [string.toText(value, path)];
}

function formdataValue(field: Element, scope: string): unknown {
  const values = valueTexts(field, scope);
  const type: unknown = field.attrs.type;
  if (type === "boolean") return values[0] === "1" || values[0] === "true";
  if (type === "text-multi") return values.join("\n");
  if (typeof type === "string" && MULTI_VALUE_TYPES.has(type)) return values;
  if (type === undefined) return values; // untyped: no way to know whether one value is meant
  return values[0] ?? null;
}

/** Fills `<x xmlns='jabber:x:data'>` from a var → value map; FORM_TYPE is marked hidden (XEP-0068). */
function writeFormdata(x: Element, scope: string, fields: JsonObject, path: string): void {
  for (const [name, value] of Object.entries(fields)) {
    const fieldPath = `${path}.${name}`;
    const field = appendChild(x, scope, "field");
    field.attrs.var = string.toText(name, fieldPath);
    if (name === "FORM_TYPE") field.attrs.type = "hidden";
    writeValues(field, scope, formdataValues(value, fieldPath));
  }
}

function readFormdata(x: Element, scope: string): JsonObject {
  const fields: JsonObject = {};
  for (const field of findChildren(x, scope, { name: "field" })) {
    const name: unknown = field.attrs.var;
    if (typeof name === "string") fields[name] = formdataValue(field, childScope(field, scope));
  }
  return fields;
}

const formdataSchema = {
  type: "object",
  additionalProperties: {
    anyOf: [{ type: ["string", "number", "boolean", "null"] }, { type: "array", items: { type: "string" } }],
  },
};

/** The content of a `formdata` form of the given form type (submit, result). */
function formdataContent(formType: string): Codec {
  return {
    schema: formdataSchema,
    write(x, scope, value, path) {
      if (!isJsonObject(value)) throw badFormat(path, "expected an object");
      x.attrs.type = formType;
      writeFormdata(x, scope, value, path);
    },
    read: readFormdata,
  };
}

/** `formdata`: `{var: value, …}` ↔ a submitted form; an alias, XML → JSON reports the full form. */
export const submittedForm: Codec = alias(named("formdata", child("x", NS.data, formdataContent("submit"))), {
  writeOnly: true,
});

/**
 * XEP-0128 service discovery extensions: `{FORM_TYPE: {var: value, …}}` ↔ one result form per
 * FORM_TYPE.
 */
export const discoExtensions: Codec = {
  schema: { type: "object", additionalProperties: { $ref: "#/$defs/formdata" } },
  slot: { name: "x", ns: NS.data },
  write(parent, scope, value, path) {
    if (!isJsonObject(value)) throw badFormat(path, "expected an object");
    for (const [formType, fields] of Object.entries(value)) {
      const fieldsPath = `${path}.${formType}`;
      if (!isJsonObject(fields)) throw badFormat(fieldsPath, "expected an object");
      const x = appendChild(parent, scope, "x", NS.data);
      x.attrs.type = "result";
      writeFormdata(x, NS.data, { FORM_TYPE: formType, ...fields }, fieldsPath);
    }
  },
  read(parent, scope) {
    const extensions: JsonObject = {};
    for (const x of findChildren(parent, scope, { name: "x", ns: NS.data })) {
      const { FORM_TYPE: formType, ...fields } = readFormdata(x, NS.data);
      if (typeof formType === "string") extensions[formType] = fields;
    }
    return Object.keys(extensions).length > 0 ? extensions : undefined;
  },
};
