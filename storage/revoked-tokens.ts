/** Revoked bearer tokens by their jti, forgotten once they would have expired anyway. */
import type { Db } from "./db";

export class RevokedTokensRepo {
  private readonly hasStmt;
  private readonly addStmt;
  private readonly purgeStmt;

  constructor(db: Db) {
    this.hasStmt = db.prepare<[string], { jti: string }>("SELECT jti FROM revoked_tokens WHERE jti = ?");
    this.addStmt = db.prepare("INSERT OR IGNORE INTO revoked_tokens (jti, expires_at) VALUES (?, ?)");
    this.purgeStmt = db.prepare("DELETE FROM revoked_tokens WHERE expires_at < ?");
  }

  revoke(jti: string, expiresAt: number): void {
    this.addStmt.run(jti, expiresAt);
  }

  isRevoked(jti: string): boolean {
    return this.hasStmt.get(jti) !== undefined;
  }

  purgeExpired(now = Date.now()): number {
    return this.purgeStmt.run(now).changes;
  }
}
