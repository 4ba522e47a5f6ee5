/** One row of the mapping table: a top-level JSON property of a stanza and how it maps. */
import type { Codec } from "../codec";

export const KINDS = ["message", "presence", "iq"] as const;
export type Kind = (typeof KINDS)[number];

export function isKind(name: string): name is Kind {
  return (KINDS as readonly string[]).includes(name);
}

export interface FieldEntry {
  readonly key: string;
  readonly kinds: readonly Kind[];
  readonly codec: Codec;
  /** The specification the field comes from, shown in the JSON Schema. */
  readonly title: string;
  /**
   * What the field says about the stanza when `kind`/`type` are not given. A `weak` kind only
   * applies when no other field implies a kind (an `oob` next to a `body` is a message).
   */
  readonly implies?: { readonly kind?: Kind; readonly type?: string; readonly weak?: boolean };
}
