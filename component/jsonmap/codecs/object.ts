/** The JSON object codec: several properties mapped into one element. */
import { badFormat } from "../errors";
import {
  identify,
  isJsonObject,
  joinPath,
  ownValue,
  slotMatches,
  type Codec,
  type JsonObject,
  type JsonSchema,
  type Slot,
} from "../codec";

function slotKey(slot: Slot): string {
  return `${slot.ns ?? ""} ${slot.name ?? "*"}`;
}

/**
 * A JSON object whose properties all map into the current element. Reading looks at each child
 * element once and only asks the properties whose slot it fills (the lookup is built here, once).
 * `emptyAsAbsent`: an element none of the properties found anything in reads as undefined.
 */
export function object(properties: Readonly<Record<string, Codec>>, { emptyAsAbsent = false } = {}): Codec {
  const entries = Object.entries(properties);
  const readable = entries.filter(([, codec]) => !codec.writeOnly);
  const alwaysRead: number[] = [];
  const byName = new Map<string, number[]>();
  const anyName: number[] = [];
  readable.forEach(([, codec], index) => {
    const slot = codec.slot;
    if (slot === undefined || codec.readsWithoutElement) alwaysRead.push(index);
    else if (slot.name === undefined) anyName.push(index);
    else byName.set(slot.name, [...(byName.get(slot.name) ?? []), index]);
  });
  const schemaProperties: Record<string, JsonSchema> = {};
  for (const [key, codec] of entries) schemaProperties[key] = codec.schema;

  return {
    schema: { type: "object", properties: schemaProperties },
    write(parent, scope, value, path) {
      if (!isJsonObject(value)) throw badFormat(path, "expected an object");
      const filled = new Set<string>();
      for (const [key, codec] of entries) {
        const given = ownValue(value, key);
        const field = given === undefined || given === null ? codec.defaultValue : given;
        if (field === undefined || codec.omits?.(field)) continue;
        if (codec.slot !== undefined) {
          const slot = slotKey(codec.slot);
          if (codec.alias && filled.has(slot)) continue;
          filled.add(slot);
        }
        codec.write(parent, scope, field, joinPath(path, key));
      }
    },
    read(parent, scope) {
      const wanted = new Array<boolean>(readable.length).fill(false);
      for (const index of alwaysRead) wanted[index] = true;
      for (const node of parent.children) {
        if (typeof node === "string") continue;
        const { name, ns } = identify(node, scope);
        for (const index of byName.get(name) ?? []) {
          if (slotMatches(readable[index][1].slot as Slot, name, ns, scope)) wanted[index] = true;
        }
        for (const index of anyName) {
          if (slotMatches(readable[index][1].slot as Slot, name, ns, scope)) wanted[index] = true;
        }
      }
      const result: JsonObject = {};
      let found = false;
      readable.forEach(([key, codec], index) => {
        if (!wanted[index]) return;
        const value = codec.read(parent, scope);
        if (value === undefined) return;
        result[key] = value;
        found = true;
      });
      return found || !emptyAsAbsent ? result : undefined;
    },
  };
}

