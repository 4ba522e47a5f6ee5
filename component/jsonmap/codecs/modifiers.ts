/** Variations on a codec: defaults, alternative spellings, input shorthand. */
import { isJsonObject, type Codec, type JsonObject, type JsonSchema } from "../codec";

/** Written when the JSON leaves the property out. */
export function withDefault(codec: Codec, defaultValue: unknown): Codec {
  return { ...codec, defaultValue, schema: { ...codec.schema, default: defaultValue } };
}

/**
 * Another JSON spelling of an element an earlier property also produces (`oob_url` for `oob`).
 * `writeOnly`: XML → JSON reports only the primary spelling.
 */
export function alias(codec: Codec, { writeOnly }: { writeOnly: boolean }): Codec {
  return writeOnly ? { ...codec, alias: true, writeOnly, read: () => undefined } : { ...codec, alias: true };
}

/** Rewrites input-only shorthand properties (documented by `properties`) before writing. */
export function shorthand(
  codec: Codec,
  properties: Readonly<Record<string, JsonSchema>>,
  expand: (value: JsonObject, path: string) => JsonObject,
): Codec {
  const schema = codec.schema as { properties?: Record<string, JsonSchema> };
  return {
    ...codec,
    schema: { ...codec.schema, properties: { ...schema.properties, ...properties } },
    write(parent, scope, value, path) {
      codec.write(parent, scope, isJsonObject(value) ? expand(value, path) : value, path);
    },
  };
}

