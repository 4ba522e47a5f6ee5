import { FIELDS, KINDS, MappingError, jsonToStanza, stanzaJsonSchema } from "../../../component/jsonmap";
import { allCases } from "./cases";

type Schema = Record<string, unknown>;

/** A deliberately small JSON Schema checker: the keywords the generated schema uses. */
function validate(value: unknown, schema: Schema, root: Schema): boolean {
  if (typeof schema.$ref === "string") {
    const target = (root.$defs as Record<string, Schema>)[schema.$ref.replace("#/$defs/", "")];
    if (!target) throw new Error(`dangling $ref ${schema.$ref}`);
    if (!validate(value, target, root)) return false;
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((type) => hasType(value, type))) return false;
  }
  if ("const" in schema && value !== schema.const) return false;
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) return false;
  if (typeof schema.pattern === "string" && typeof value === "string" && !new RegExp(schema.pattern, "u").test(value)) {
    return false;
  }
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some((s: Schema) => validate(value, s, root))) return false;
  if (Array.isArray(schema.oneOf) && schema.oneOf.filter((s: Schema) => validate(value, s, root)).length !== 1) return false;
  if (isObject(value)) {
    if (typeof schema.minProperties === "number" && Object.keys(value).length < schema.minProperties) return false;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const [key, item] of Object.entries(value)) {
      const itemSchema = properties[key] ?? (schema.additionalProperties as Schema | undefined);
      if (itemSchema && !validate(item, itemSchema, root)) return false;
    }
  }
  if (Array.isArray(value) && schema.items) return value.every((item) => validate(item, schema.items as Schema, root));
  return true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case "object":
      return isObject(value);
    case "array":
      return Array.isArray(value);
    case "integer":
      return Number.isInteger(value);
    case "null":
      return value === null;
    default:
      return typeof value === type;
  }
}

const schema = stanzaJsonSchema() as Schema;
const definitions = schema.$defs as Record<string, { properties: Record<string, unknown> }>;

describe("generated JSON Schema", () => {
  test("is a draft 2020-12 schema whose top level lists every field of the table", () => {
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    const expected = new Set(["kind", ...FIELDS.map((field) => field.key)]);
    expect(Object.keys(schema.properties as Schema).sort()).toEqual([...expected].sort());
  });

  test("a field shaped differently per kind offers each shape", () => {
    const oob = (schema.properties as Record<string, Schema>).oob;
    expect((oob.anyOf as Schema[]).map((variant) => variant.title)).toEqual([
      "XEP-0066: Out of Band Data {url, desc}",
      "XEP-0066: Out of Band Data, iq query {url, desc}",
    ]);
  });

  test.each(KINDS)("%s lists exactly the table's fields for that kind, plus kind", (kind) => {
    const expected = ["kind", ...FIELDS.filter((field) => field.kinds.includes(kind)).map((field) => field.key)];
    expect(Object.keys(definitions[kind].properties).sort()).toEqual([...new Set(expected)].sort());
  });

  test("each field carries its specification as title", () => {
    expect(definitions.message.properties.state).toMatchObject({ title: expect.stringContaining("XEP-0085") });
    expect(definitions.iq.properties.oob).toMatchObject({ title: expect.stringContaining("iq query") });
  });

  test.each(allCases.map((c) => [c.name, c] as const))("the JSON of %s validates", (_name, c) => {
    expect(validate(c.json, schema, schema)).toBe(true);
    expect(validate(c.back, schema, schema)).toBe(true);
  });

  test.each<[Record<string, unknown>]>([
    [{ body: 5 }],
    [{ ping: "yes" }],
    [{ kind: "stanza" }],
    [{}],
    [{ items: [3] }],
    [{ priority: 1.5 }],
    [{ kind: "iq", disco: { features: [1] } }],
    [{ kind: "iq", command: { node: "n", data: { a: { b: 1 } } } }],
    [{ kind: "message", state: "not a name" }],
  ])("values the mapping refuses do not validate either: %j", (json) => {
    expect(validate(json, schema, schema)).toBe(false);
    expect(() => jsonToStanza(json)).toThrow(MappingError);
  });

  test("callers get their own copy", () => {
    (stanzaJsonSchema() as Schema).title = "changed";
    expect(stanzaJsonSchema().title).toBe("XMPP stanza as JSON (mod_rest format)");
  });
});
