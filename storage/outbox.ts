/**
 * The webhook outbox: stanzas waiting for delivery, one queue per (webhook, sender) in
 * arrival order (the row id). A row leaves the outbox when delivered, or moves to the
 * dead letters when delivery gives up. Knows nothing of XMPP or HTTP.
 */
import { randomBytes } from "node:crypto";
import type { Db } from "./db";

export interface OutboxRow {
  id: number;
  webhook: string;
  /** Stable across retries and replays: receivers de-duplicate on it (webhook-id). */
  delivery_id: string;
  sender: string;
  kind: string;
  stanza: string;
  created_at: number;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
}

export interface NewDelivery {
  webhook: string;
  sender: string;
  kind: string;
  stanza: string;
}

/** A Standard Webhooks message id. */
export function newDeliveryId(): string {
  return `msg_${randomBytes(16).toString("base64url")}`;
}

export class OutboxRepo {
  private readonly addStmt;
  private readonly headStmt;
  private readonly sendersStmt;
  private readonly webhooksStmt;
  private readonly retryStmt;
  private readonly deleteStmt;
  private readonly buryStmt;
  private readonly hurryStmt;
  private readonly bury;

  constructor(private readonly db: Db) {
    this.addStmt = db.prepare(
      "INSERT INTO webhook_outbox (webhook, delivery_id, sender, kind, stanza, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    );
    this.headStmt = db.prepare<[string, string], OutboxRow>("SELECT * FROM webhook_outbox WHERE webhook = ? AND sender = ? ORDER BY id LIMIT 1");
    this.sendersStmt = db.prepare<[string], { sender: string }>("SELECT DISTINCT sender FROM webhook_outbox WHERE webhook = ?");
    this.webhooksStmt = db.prepare<[], { webhook: string; count: number }>("SELECT webhook, COUNT(*) AS count FROM webhook_outbox GROUP BY webhook");
    this.retryStmt = db.prepare("UPDATE webhook_outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?");
    this.deleteStmt = db.prepare("DELETE FROM webhook_outbox WHERE id = ?");
    this.buryStmt = db.prepare(
      `INSERT INTO webhook_dead_letters (webhook, delivery_id, sender, kind, stanza, created_at, attempts, last_error, dead_at)
       SELECT webhook, delivery_id, sender, kind, stanza, created_at, ?, ?, ? FROM webhook_outbox WHERE id = ?`,
    );
    this.hurryStmt = db.prepare("UPDATE webhook_outbox SET next_attempt_at = ? WHERE webhook = ? AND next_attempt_at > ?");
    this.bury = db.transaction((id: number, attempts: number, error: string, now: number) => {
      this.buryStmt.run(attempts, error, now, id);
      this.deleteStmt.run(id);
    });
  }

  /** Stores a stanza for delivery, due now; returns its row id. */
  add(entry: NewDelivery, now = Date.now()): number {
    const { lastInsertRowid } = this.addStmt.run(entry.webhook, newDeliveryId(), entry.sender, entry.kind, entry.stanza, now, now);
    return Number(lastInsertRowid);
  }

  /** The oldest stanza of one sender for one webhook: the only one that may be delivered now. */
  head(webhook: string, sender: string): OutboxRow | undefined {
    return this.headStmt.get(webhook, sender);
  }

  /** Senders with stanzas waiting for `webhook`. */
  senders(webhook: string): string[] {
    return this.sendersStmt.all(webhook).map((r) => r.sender);
  }

  /** Webhook names with stanzas waiting, and how many. */
  waitingByWebhook(): { webhook: string; count: number }[] {
    return this.webhooksStmt.all();
  }

  retryLater(id: number, attempts: number, nextAttemptAt: number, error: string): void {
    this.retryStmt.run(attempts, nextAttemptAt, error, id);
  }

  /** Delivered: forget it. */
  complete(id: number): void {
    this.deleteStmt.run(id);
  }

  /** Delivery gave up: move the row to the dead letters, atomically. */
  deadLetter(id: number, attempts: number, error: string, now = Date.now()): void {
    this.bury(id, attempts, error, now);
  }

  /** Makes every waiting retry of `webhook` due now (its receiver is answering again). */
  hurry(webhook: string, now = Date.now()): void {
    this.hurryStmt.run(now, webhook, now);
  }

  /** Changes whenever another connection (the CLI) commits to the database. */
  externalChanges(): number {
    return this.db.pragma("data_version", { simple: true }) as number;
  }
}
