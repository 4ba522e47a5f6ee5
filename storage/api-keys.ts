/**
 * API keys: "xrk_<id>_<secret>". The id is public (listed and revoked by it); only a
 * SHA-256 of the secret is stored, which is enough because the secret is 32 random bytes.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Db } from "./db";

export interface ApiKeyRow {
  id: string;
  jid: string;
  label: string | null;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

const KEY_RE = /^xrk_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export function looksLikeApiKey(text: string): boolean {
  return KEY_RE.test(text);
}

export class ApiKeysRepo {
  // Prepared once: verify() runs on every request with a key, isActive() at every heartbeat of its streams.
  private readonly selectKey;
  private readonly touchKey;
  private readonly activeKey;

  constructor(private readonly db: Db) {
    this.selectKey = db.prepare<[string], { jid: string; secret_hash: Buffer; revoked_at: number | null }>("SELECT jid, secret_hash, revoked_at FROM api_keys WHERE id = ?");
    this.touchKey = db.prepare<[number, string]>("UPDATE api_keys SET last_used_at = ? WHERE id = ?");
    this.activeKey = db.prepare<[string], { one: number }>("SELECT 1 AS one FROM api_keys WHERE id = ? AND revoked_at IS NULL");
  }

  create(jid: string, label?: string): { id: string; key: string } {
    const id = randomBytes(9).toString("base64url").replace(/[-_]/g, "x").slice(0, 12);
    const secret = randomBytes(32).toString("base64url");
    this.db
      .prepare("INSERT INTO api_keys (id, jid, secret_hash, label, created_at) VALUES (?, ?, ?, ?, ?)")
      .run(id, jid, hash(secret), label ?? null, Date.now());
    return { id, key: `xrk_${id}_${secret}` };
  }

  /** The JID a key acts as, or null for an unknown, malformed or revoked key. */
  verify(key: string): { id: string; jid: string } | null {
    const m = KEY_RE.exec(key);
    if (!m) return null;
    const row = this.selectKey.get(m[1]);
    if (!row || row.revoked_at !== null || !timingSafeEqual(row.secret_hash, hash(m[2]))) return null;
    this.touchKey.run(Date.now(), m[1]);
    return { id: m[1], jid: row.jid };
  }

  /** True while the key exists and is not revoked. */
  isActive(id: string): boolean {
    return this.activeKey.get(id) !== undefined;
  }

  /** All keys, or those of one JID. */
  list(jid?: string): ApiKeyRow[] {
    const columns = "SELECT id, jid, label, created_at, last_used_at, revoked_at FROM api_keys";
    return jid === undefined
      ? this.db.prepare<[], ApiKeyRow>(`${columns} ORDER BY created_at`).all()
      : this.db.prepare<[string], ApiKeyRow>(`${columns} WHERE jid = ? ORDER BY created_at`).all(jid);
  }

  /** True when a live key was revoked; with `owner`, only that JID's key. */
  revoke(id: string, owner?: string): boolean {
    const sql = "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL" + (owner === undefined ? "" : " AND jid = ?");
    const args = owner === undefined ? [Date.now(), id] : [Date.now(), id, owner];
    return this.db.prepare(sql).run(...args).changes > 0;
  }
}

function hash(secret: string): Buffer {
  return createHash("sha256").update(secret).digest();
}
