/**
 * The message archive: every message concerning a local user, stored once per owning
 * user, searchable by conversation, time, id cursor and keywords (FTS5). Every query is
 * scoped to one owner; nothing here returns another user's rows.
 */
import type { Db } from "./db";

export interface ArchivedMessage {
  /** Row id, strictly increasing across the database: used as the SSE event id. */
  id: number;
  /** Bare JID of the local user whose archive this is. */
  owner: string;
  direction: "in" | "out";
  /** Bare JID of the other party (the room's bare JID for groupchat). */
  peer: string;
  /** chat | normal | groupchat | headline */
  type: string;
  body: string | null;
  subject: string | null;
  thread: string | null;
  /** The server's <stanza-id by=owner> (XEP-0359); for groupchat, the room's. */
  stanzaId: string | null;
  originId: string | null;
  /** The stanza's id attribute. */
  messageId: string | null;
  /** Full JID as received. */
  from: string;
  to: string;
  /** ms since epoch; from a <delay> of the server (or the room) when present. */
  timestamp: number;
  /** The raw stanza. */
  xml: string;
}

export type NewArchivedMessage = Omit<ArchivedMessage, "id">;

export interface ArchiveQuery {
  peer?: string;
  /** Words that must all occur in the body or subject (each as a word prefix, any case or accent). */
  keywords?: string;
  /** Inclusive bounds on `timestamp` (ms). */
  start?: number;
  end?: number;
  beforeId?: number;
  afterId?: number;
  limit: number;
}

/** A query or message the archive cannot take; nothing was read or changed. */
export class ArchiveInputError extends Error {}

const MAX_PAGE = 1000;

/** The columns as ArchivedMessage's fields, so rows need no conversion. */
const COLUMNS =
  'm.id, m.owner, m.direction, m.peer, m.type, m.body, m.subject, m.thread, m.stanza_id AS stanzaId, m.origin_id AS originId, m.message_id AS messageId, m.sender AS "from", m.recipient AS "to", m.timestamp, m.xml';

export class ArchiveRepo {
  private readonly insertStmt;
  private readonly afterStmt;
  private readonly conversationsStmt;
  private readonly markReadStmt;
  private readonly purgeStmt;
  private readonly searchStmts = new Map<string, ReturnType<Db["prepare"]>>();

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO messages (owner, direction, peer, type, body, subject, thread, stanza_id, origin_id, message_id, sender, recipient, timestamp, xml, dedupe_key)
       VALUES (@owner, @direction, @peer, @type, @body, @subject, @thread, @stanzaId, @originId, @messageId, @from, @to, @timestamp, @xml, @dedupeKey)
       ON CONFLICT (owner, dedupe_key) DO NOTHING`,
    );
    this.afterStmt = db.prepare<[string, number, number], ArchivedMessage>(
      `SELECT ${COLUMNS} FROM messages m WHERE m.owner = ? AND m.id > ? ORDER BY m.id LIMIT ?`,
    );
    this.conversationsStmt = db.prepare<[string, number], ArchivedMessage & { unread: number; firstId: number }>(
      `SELECT ${COLUMNS},
         (SELECT MIN(f.id) FROM messages f WHERE f.owner = m.owner AND f.peer = m.peer) AS firstId,
         (SELECT COUNT(*) FROM messages u
           WHERE u.owner = m.owner AND u.peer = m.peer AND u.direction = 'in'
             AND u.id > COALESCE((SELECT r.up_to_id FROM read_markers r WHERE r.owner = m.owner AND r.peer = m.peer), 0)) AS unread
       FROM messages m
       WHERE m.id IN (SELECT MAX(id) FROM messages WHERE owner = ? GROUP BY peer)
       ORDER BY m.id DESC
       LIMIT ?`,
    );
    this.markReadStmt = db.prepare(
      `INSERT INTO read_markers (owner, peer, up_to_id) VALUES (?, ?, ?)
       ON CONFLICT (owner, peer) DO UPDATE SET up_to_id = MAX(up_to_id, excluded.up_to_id)`,
    );
    this.purgeStmt = db.prepare("DELETE FROM messages WHERE timestamp < ?");
  }

  /** Stores unless it is a duplicate; returns the stored row, or null for a duplicate. */
  store(message: NewArchivedMessage): ArchivedMessage | null {
    checkMessage(message);
    const result = this.insertStmt.run({ ...message, dedupeKey: dedupeKey(message) });
    if (result.changes === 0) return null;
    return { id: Number(result.lastInsertRowid), ...message };
  }

  /**
   * store() for several messages in one transaction: a commit per message costs ~200 µs,
   * one commit for fifty ~35 µs per message. All or nothing.
   */
  storeMany(messages: NewArchivedMessage[]): (ArchivedMessage | null)[] {
    return this.db.transaction(() => messages.map((message) => this.store(message)))();
  }

  /** Messages of `owner` with id > afterId, oldest first (SSE replay). */
  after(owner: string, afterId: number, limit: number): ArchivedMessage[] {
    checkId("afterId", afterId);
    checkLimit(limit);
    return this.afterStmt.all(owner, afterId, limit);
  }

  /**
   * Messages of `owner` matching every given filter, in id order: newest first when
   * beforeId or no cursor is given; oldest first with afterId alone.
   */
  search(owner: string, query: ArchiveQuery): ArchivedMessage[] {
    checkLimit(query.limit);
    const where = ["m.owner = @owner"];
    const params: Record<string, unknown> = { owner, limit: query.limit };
    if (query.peer !== undefined) {
      if (!query.peer) throw new ArchiveInputError("peer: expected a bare JID");
      where.push("m.peer = @peer");
      params.peer = query.peer;
    }
    if (query.keywords !== undefined) {
      where.push("m.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH @match)");
      params.match = matchExpression(query.keywords);
    }
    for (const [name, condition] of [["start", "m.timestamp >= @start"], ["end", "m.timestamp <= @end"]] as const) {
      if (query[name] === undefined) continue;
      checkInteger(name, query[name]);
      where.push(condition);
      params[name] = query[name];
    }
    for (const [name, condition] of [["beforeId", "m.id < @beforeId"], ["afterId", "m.id > @afterId"]] as const) {
      if (query[name] === undefined) continue;
      checkId(name, query[name]);
      where.push(condition);
      params[name] = query[name];
    }
    const ascending = query.afterId !== undefined && query.beforeId === undefined;
    const sql = `SELECT ${COLUMNS} FROM messages m WHERE ${where.join(" AND ")} ORDER BY m.id ${ascending ? "ASC" : "DESC"} LIMIT @limit`;
    let stmt = this.searchStmts.get(sql);
    if (!stmt) this.searchStmts.set(sql, (stmt = this.db.prepare(sql)));
    return stmt.all(params) as ArchivedMessage[];
  }

  /**
   * One row per peer, newest conversation first (at most `limit`; -1 for all): the last
   * message, the id of the first (the conversation's id), and how many incoming messages
   * are newer than the read marker.
   */
  conversations(owner: string, limit = -1): { peer: string; last: ArchivedMessage; firstId: number; unread: number }[] {
    return this.conversationsStmt.all(owner, limit).map(({ unread, firstId, ...last }) => ({ peer: last.peer, last, firstId, unread }));
  }

  /** Marks incoming messages from `peer` up to `upToId` as read; a marker never moves back. */
  markRead(owner: string, peer: string, upToId: number): void {
    checkId("upToId", upToId);
    if (!peer) throw new ArchiveInputError("peer: expected a bare JID");
    this.markReadStmt.run(owner, peer, upToId);
  }

  /** Retention: deletes messages older than `timestamp` (ms). */
  purgeBefore(timestamp: number): number {
    checkInteger("timestamp", timestamp);
    return this.purgeStmt.run(timestamp).changes;
  }
}

/**
 * What makes two copies the same message for one owner. A message the owner sent is
 * known by the id their client (or the gateway) gave it, because the server's stanza-id
 * for the owner is not on the copies the gateway sees; a received one by the server's
 * stanza-id, or by sender and id when the server added none.
 */
function dedupeKey(message: NewArchivedMessage): string | null {
  const bySender = message.messageId === null ? null : `id:${message.from}\n${message.messageId}`;
  if (message.direction === "out" && bySender) return bySender;
  return message.stanzaId !== null ? `sid:${message.stanzaId}` : bySender;
}

/** An FTS5 expression in which every word of `keywords` must occur as a word prefix; no FTS syntax gets through. */
function matchExpression(keywords: string): string {
  const words = keywords.match(/[\p{L}\p{N}\p{M}]+/gu);
  if (!words) throw new ArchiveInputError("keywords: expected at least one word");
  return words.map((word) => `"${word}"*`).join(" AND ");
}

function checkMessage(message: NewArchivedMessage): void {
  if (!message.owner || message.owner.includes("/")) throw new ArchiveInputError("owner: expected a bare JID");
  if (message.direction !== "in" && message.direction !== "out") throw new ArchiveInputError('direction: expected "in" or "out"');
  if (!message.peer) throw new ArchiveInputError("peer: expected a bare JID");
  checkInteger("timestamp", message.timestamp);
}

function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw new ArchiveInputError(`limit: expected an integer from 1 to ${MAX_PAGE}`);
}

function checkId(name: string, id: number): void {
  if (!Number.isSafeInteger(id) || id < 0) throw new ArchiveInputError(`${name}: expected a message id (an integer of 0 or more)`);
}

function checkInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value)) throw new ArchiveInputError(`${name}: expected a time in milliseconds since 1970`);
}
