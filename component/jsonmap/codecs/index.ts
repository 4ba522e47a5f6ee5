/**
 * Building blocks for declaring a field once for both directions. Each returns a Codec; the field
 * tables compose them, e.g. `child("replace", NS.correct, attr("id"))`.
 */
export { attr, child, flag, list, nameIsValue, present, text, textChild } from "./elements";
export { object } from "./object";
export { union } from "./union";
export { alias, shorthand, withDefault } from "./modifiers";
export { definitionSchemas, named, ref } from "./definitions";
