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
