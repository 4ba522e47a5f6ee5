/** Stanza ids: unguessable for what others see, cheap for internal correlation. */
import { randomBytes, randomUUID } from "node:crypto";

const prefix = randomBytes(6).toString("base64url");
let counter = 0;

/** An id for stanzas only the server sees back (wrappers, IQs the component tracks). */
export function internalId(): string {
  return `${prefix}${(counter++).toString(36)}`;
}

/** A random id for stanzas that reach users, like mod_rest's. */
export function stanzaId(): string {
  return randomUUID().replace(/-/g, "").slice(0, 24);
}
