/** Key/value settings, including secrets generated on first start (there are no default secrets). */
import { randomBytes } from "node:crypto";
import type { Db } from "./db";

export class SettingsRepo {
  private readonly getStmt;
  private readonly insertStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare<[string], { value: string }>("SELECT value FROM settings WHERE key = ?");
    this.insertStmt = db.prepare("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING");
  }

  get(key: string): string | undefined {
    return this.getStmt.get(key)?.value;
  }

  /** Returns the stored secret for `key`, creating a random one (base64url) the first time. */
  secret(key: string, bytes = 32): string {
    this.insertStmt.run(key, randomBytes(bytes).toString("base64url"));
    return this.get(key)!;
  }
}
