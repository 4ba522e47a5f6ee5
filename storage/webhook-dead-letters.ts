/**
 * Webhook dead letters: stanzas whose delivery gave up. Replaying one moves it back to the
 * end of its sender's queue in the outbox, with the same delivery id (webhook-id), so a
 * receiver that did process it after all can recognise it.
 */
import type { Db } from "./db";

/** A dead letter without its stanza (listings never show message contents). */
export interface DeadLetterRow {
  id: number;
  webhook: string;
  delivery_id: string;
  sender: string;
  kind: string;
  created_at: number;
  attempts: number;
  last_error: string | null;
  dead_at: number;
}

export class DeadLettersRepo {
  private readonly listStmt;
  private readonly getStmt;
  private readonly requeueStmt;
  private readonly deleteStmt;
  private readonly requeue;

  constructor(db: Db) {
    const columns = "id, webhook, delivery_id, sender, kind, created_at, attempts, last_error, dead_at";
    this.listStmt = db.prepare<[], DeadLetterRow>(`SELECT ${columns} FROM webhook_dead_letters ORDER BY id`);
    this.getStmt = db.prepare<[number], DeadLetterRow>(`SELECT ${columns} FROM webhook_dead_letters WHERE id = ?`);
    // A replayed stanza gets a fresh age: dead_after counts from the replay.
    this.requeueStmt = db.prepare(
      `INSERT INTO webhook_outbox (webhook, delivery_id, sender, kind, stanza, created_at, next_attempt_at)
       SELECT webhook, delivery_id, sender, kind, stanza, ?, ? FROM webhook_dead_letters WHERE id = ?`,
    );
    this.deleteStmt = db.prepare("DELETE FROM webhook_dead_letters WHERE id = ?");
    this.requeue = db.transaction((id: number, now: number) => {
      this.requeueStmt.run(now, now, id);
      this.deleteStmt.run(id);
    });
  }

  list(): DeadLetterRow[] {
    return this.listStmt.all();
  }

  get(id: number): DeadLetterRow | undefined {
    return this.getStmt.get(id);
  }

  /** Moves a dead letter back to the outbox, due now. */
  replay(id: number, now = Date.now()): void {
    this.requeue(id, now);
  }
}
