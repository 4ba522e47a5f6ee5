/**
 * Bearer tokens: JWTs signed (HS256) with a secret generated on first start and kept in
 * the database. Signature, expiry, audience and issuer are all checked, and a revoked
 * token's id is refused until it would have expired anyway.
 */
import { createSecretKey, KeyObject, randomUUID } from "node:crypto";
import jwt from "jsonwebtoken";
import type { RevokedTokensRepo } from "../../storage/revoked-tokens";

const AUDIENCE = "xmpp-rest";

export interface TokenClaims {
  /** The JID the token acts as (bare, or full when bound to one resource). */
  sub: string;
  jti: string;
  exp: number;
}

export interface IssuedToken {
  token: string;
  expires_at: string;
  token_type: "Bearer";
}

export class TokenService {
  // A KeyObject, not a string: jsonwebtoken tries to parse a string as a PEM key on every
  // call, which costs ~400 µs per verification instead of ~8 µs.
  private readonly key: KeyObject;

  constructor(
    secret: string,
    private readonly issuer: string,
    private readonly ttlMs: number,
    private readonly revoked: RevokedTokensRepo,
  ) {
    this.key = createSecretKey(Buffer.from(secret));
  }

  issue(subject: string): IssuedToken {
    const expiresAt = Math.floor((Date.now() + this.ttlMs) / 1000);
    const token = jwt.sign({ sub: subject, exp: expiresAt }, this.key, {
      algorithm: "HS256",
      audience: AUDIENCE,
      issuer: this.issuer,
      jwtid: randomUUID(),
    });
    return { token, expires_at: new Date(expiresAt * 1000).toISOString(), token_type: "Bearer" };
  }

  /** The token's claims, or null when it is forged, expired, revoked or not ours. */
  verify(token: string): TokenClaims | null {
    let claims: jwt.JwtPayload;
    try {
      claims = jwt.verify(token, this.key, { algorithms: ["HS256"], audience: AUDIENCE, issuer: this.issuer }) as jwt.JwtPayload;
    } catch {
      return null;
    }
    if (typeof claims.sub !== "string" || typeof claims.jti !== "string" || typeof claims.exp !== "number") return null;
    if (this.revoked.isRevoked(claims.jti)) return null;
    return { sub: claims.sub, jti: claims.jti, exp: claims.exp };
  }

  isRevoked(jti: string): boolean {
    return this.revoked.isRevoked(jti);
  }

  revoke(jti: string, expSeconds: number): void {
    this.revoked.revoke(jti, expSeconds * 1000);
  }
}
