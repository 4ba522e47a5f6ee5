/** Codecs that place a value in an attribute, in text, or in child elements. */
import { badFormat } from "../errors";
import { appendChild, childScope, findChild, findChildren, identify, type Codec, type Slot } from "../codec";
import { string, type Scalar } from "../scalars";

/** The value is an attribute of the current element. */
export function attr(name: string, scalar: Scalar = string): Codec {
  return {
    schema: scalar.schema,
    write(parent, _scope, value, path) {
      parent.attrs[name] = scalar.toText(value, path);
    },
    read(parent) {
      const text: unknown = parent.attrs[name];
      return text === undefined || text === null ? undefined : scalar.fromText(String(text));
    },
  };
}

/**
 * The value is the text content of the current element. `keepEmpty` says whether an empty text is
 * a value ("" for `<body/>`) or nothing (a query element without text).
 */
export function text(scalar: Scalar = string, { keepEmpty = false } = {}): Codec {
  return {
    schema: scalar.schema,
    write(parent, _scope, value, path) {
      const content = scalar.toText(value, path);
      if (content !== "") parent.t(content);
    },
    read(parent) {
      const content = parent.getText();
      return content === "" && !keepEmpty ? undefined : scalar.fromText(content);
    },
  };
}

/** `true` means the element exists; `false` writes nothing. */
export const present: Codec = {
  schema: { type: "boolean" },
  omits: (value) => value === false,
  write(_parent, _scope, value, path) {
    if (typeof value !== "boolean") throw badFormat(path, "expected a boolean");
  },
  read: () => true,
};

/**
 * The value lives in a child element `<name xmlns=ns>`. A `shared` child is reused when a sibling
 * property already created it, so several JSON properties can fill one element.
 */
export function child(name: string, ns: string | undefined, inner: Codec, { shared = false } = {}): Codec {
  const slot: Slot = { name, ns };
  return {
    schema: inner.schema,
    slot,
    omits: inner.omits,
    write(parent, scope, value, path) {
      const el = (shared && findChild(parent, scope, slot)) || appendChild(parent, scope, name, ns);
      inner.write(el, childScope(el, scope), value, path);
    },
    read(parent, scope) {
      const el = findChild(parent, scope, slot);
      return el && inner.read(el, childScope(el, scope));
    },
  };
}

/** A string in a child element, e.g. `<body>text</body>`; `<body/>` reads as "". */
export function textChild(name: string, scalar: Scalar = string, ns?: string): Codec {
  return child(name, ns, text(scalar, { keepEmpty: true }));
}

/** `true` ↔ an empty child element, e.g. `markable: true` ↔ `<markable/>`. */
export function flag(name: string, ns?: string): Codec {
  return child(name, ns, present);
}

/** An array, one child element `<name/>` per item. `keepEmpty`: no such child still reads as []. */
export function list(name: string, ns: string | undefined, item: Codec, { keepEmpty = false } = {}): Codec {
  const slot: Slot = { name, ns };
  return {
    schema: { type: "array", items: item.schema },
    slot,
    readsWithoutElement: keepEmpty,
    write(parent, scope, value, path) {
      if (!Array.isArray(value)) throw badFormat(path, "expected an array");
      value.forEach((entry: unknown, index) => {
        const el = appendChild(parent, scope, name, ns);
        item.write(el, childScope(el, scope), entry, `${path}[${index}]`);
      });
    },
    read(parent, scope) {
      const values: unknown[] = [];
      for (const el of findChildren(parent, scope, slot)) {
        const value = item.read(el, childScope(el, scope));
        if (value !== undefined) values.push(value);
      }
      return values.length > 0 || keepEmpty ? values : undefined;
    },
  };
}

/** The value is the name of a child element in `ns`, e.g. `state: "composing"` ↔ `<composing/>`. */
export function nameIsValue(ns: string, scalar: Scalar, { except }: { except?: readonly string[] } = {}): Codec {
  const slot: Slot = { ns, except };
  return {
    schema: scalar.schema,
    slot,
    write(parent, scope, value, path) {
      appendChild(parent, scope, scalar.toText(value, path), ns);
    },
    read(parent, scope) {
      const el = findChild(parent, scope, slot);
      return el && scalar.fromText(identify(el, scope).name);
    },
  };
}

