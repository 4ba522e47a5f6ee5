/** The JSON Schema of the JSON stanza format, generated from the mapping table. */
import { definitionSchemas } from "./codecs";
import type { JsonSchema } from "./codec";
import { KINDS } from "./fields/entry";
import "./table"; // registers the stanza definitions

type ObjectSchema = JsonSchema & { properties: Record<string, JsonSchema> };

/** Every property any kind accepts; a property whose shape differs by kind (oob, archive) gets anyOf. */
function mergedProperties(stanzas: readonly ObjectSchema[]): Record<string, JsonSchema> {
  const variants = new Map<string, JsonSchema[]>();
  for (const stanza of stanzas) {
    for (const [key, schema] of Object.entries(stanza.properties)) {
      const known = variants.get(key) ?? [];
      if (!known.some((variant) => JSON.stringify(variant) === JSON.stringify(schema))) known.push(schema);
      variants.set(key, known);
    }
  }
  return Object.fromEntries(
    [...variants].map(([key, shapes]) => [key, shapes.length === 1 ? shapes[0] : { anyOf: shapes }]),
  );
}

function generate(): JsonSchema {
  const definitions = definitionSchemas();
  const stanzas = KINDS.map((kind) => definitions[kind] as ObjectSchema);
  KINDS.forEach((kind, index) => {
    definitions[kind] = { ...stanzas[index], properties: { kind: { const: kind }, ...stanzas[index].properties } };
  });
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "XMPP stanza as JSON (mod_rest format)",
    description:
      "The kind comes from `kind`, else from `type`, else from the fields present, else it is a message " +
      "($defs has each kind's own fields). Unknown properties and fields of another kind are ignored.",
    type: "object",
    minProperties: 1,
    properties: { kind: { enum: [...KINDS] }, ...mergedProperties(stanzas) },
    $defs: definitions,
  };
}

let generated: JsonSchema | undefined;

/** A fresh copy each call, so callers may change it. */
export function stanzaJsonSchema(): JsonSchema {
  generated ??= generate();
  return structuredClone(generated);
}
