/** One element, several JSON shapes. */
import { badFormat } from "../errors";
import type { Codec, Element } from "../codec";

type JsonType = "boolean" | "string" | "number" | "array" | "object";

function jsonTypeOf(value: unknown): JsonType | undefined {
  if (Array.isArray(value)) return "array";
  if (value === null) return undefined;
  const type = typeof value;
  return type === "boolean" || type === "string" || type === "number" || type === "object" ? type : undefined;
}

/**
 * Several JSON shapes for one element (e.g. `disco: true | "node" | {…}`), chosen by JSON type
 * when writing and by `readAs` (what the element looks like) when reading.
 */
export function union(
  alternatives: Partial<Record<JsonType, Codec>>,
  readAs: (el: Element) => JsonType,
): Codec {
  const expected = Object.keys(alternatives).join(" or ");
  const pick = (value: unknown) => {
    const type = jsonTypeOf(value);
    return type && alternatives[type];
  };
  return {
    schema: { oneOf: Object.values(alternatives).map((codec) => codec.schema) },
    omits: (value) => pick(value)?.omits?.(value) ?? false,
    write(parent, scope, value, path) {
      const codec = pick(value);
      if (!codec) throw badFormat(path, `expected ${expected}`);
      codec.write(parent, scope, value, path);
    },
    read(parent, scope) {
      return alternatives[readAs(parent)]?.read(parent, scope);
    },
  };
}

