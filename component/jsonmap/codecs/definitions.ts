/** Named codecs: one $defs entry each in the JSON Schema, and references that let a stanza nest itself. */
import { badFormat } from "../errors";
import type { Codec, JsonSchema } from "../codec";

const definitions = new Map<string, Codec>();

/** Registers a codec under a name, so the JSON Schema has it once in $defs and it can nest itself. */
export function named(name: string, codec: Codec): Codec {
  definitions.set(name, codec);
  return { ...codec, schema: { $ref: `#/$defs/${name}` } };
}

export function definitionSchemas(): Record<string, JsonSchema> {
  return Object.fromEntries([...definitions].map(([name, codec]) => [name, codec.schema]));
}

/** How deeply stanzas may nest (forwarded messages); bounds recursion on hostile input. */
const MAX_NESTING = 8;
let nesting = 0;

/** A reference to a named codec, resolved on use (a message can contain a forwarded message). */
export function ref(name: string): Codec {
  const target = () => {
    const codec = definitions.get(name);
    if (!codec) throw new Error(`jsonmap: no codec named ${name}`);
    return codec;
  };
  return {
    schema: { $ref: `#/$defs/${name}` },
    write(parent, scope, value, path) {
      if (nesting >= MAX_NESTING) throw badFormat(path, "nested too deeply");
      nesting++;
      try {
        target().write(parent, scope, value, path);
      } finally {
        nesting--;
      }
    },
    read(parent, scope) {
      if (nesting >= MAX_NESTING) return undefined;
      nesting++;
      try {
        return target().read(parent, scope);
      } finally {
        nesting--;
      }
    },
  };
}
