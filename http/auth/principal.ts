import type { Jid } from "../../component/jsonmap";

/** Who is calling: the identity every route acts as, and nothing else. */
export interface Principal {
  /** Bare JID: a user of the server's domain, or an address on the component's domain (a bot). */
  jid: string;
  kind: "user" | "bot";
  method: "basic" | "token" | "apikey";
  admin: boolean;
  /** For API keys: the key's id, so a revocation ends what it opened. */
  keyId?: string;
  /** For tokens: their id and expiry (ms), so they can be revoked. */
  tokenId?: string;
  tokenExpiresAt?: number;
}

declare module "express-serve-static-core" {
  interface Request {
    principal?: Principal;
  }
}

/**
 * What a credential for `jid` may act as: a user (a local part on the server's domain; the
 * domain alone would speak as the server) or a bot (any bare address on the component's
 * domain); null for anything else, a full JID included.
 */
export function credentialKind(jid: Jid | null, domains: { server: string; component: string }): Principal["kind"] | null {
  if (!jid || jid.resource !== undefined) return null;
  if (jid.domain === domains.component) return "bot";
  return jid.domain === domains.server && jid.local !== undefined ? "user" : null;
}
