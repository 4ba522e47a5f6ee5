/**
 * The message archive: one row per message and owning user, a keyword index over body
 * and subject (FTS5), and each user's read marker per conversation.
 */
export const m003_messages = `
-- AUTOINCREMENT: ids are never reused after retention deletes the newest rows, because
-- they are the SSE event ids clients resume from.
CREATE TABLE messages (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  owner       TEXT NOT NULL,
  direction   TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  peer        TEXT NOT NULL,
  type        TEXT NOT NULL,
  body        TEXT,
  subject     TEXT,
  thread      TEXT,
  stanza_id   TEXT,
  origin_id   TEXT,
  message_id  TEXT,
  sender      TEXT NOT NULL,
  recipient   TEXT NOT NULL,
  timestamp   INTEGER NOT NULL,
  xml         TEXT NOT NULL,
  -- The same message seen twice (redelivery, several sessions, the gateway's own send and
  -- the server's copy of it) has the same key; NULL when the message carries no id at all.
  dedupe_key  TEXT
);
CREATE UNIQUE INDEX messages_dedupe ON messages (owner, dedupe_key);
CREATE INDEX messages_owner_peer ON messages (owner, peer, id);
CREATE INDEX messages_owner_time ON messages (owner, timestamp);
CREATE INDEX messages_time ON messages (timestamp);

CREATE VIRTUAL TABLE messages_fts USING fts5(
  body, subject,
  content = 'messages', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);
-- Rows are never updated, only inserted and deleted.
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages
WHEN new.body IS NOT NULL OR new.subject IS NOT NULL BEGIN
  INSERT INTO messages_fts (rowid, body, subject) VALUES (new.id, new.body, new.subject);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
WHEN old.body IS NOT NULL OR old.subject IS NOT NULL BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, body, subject) VALUES ('delete', old.id, old.body, old.subject);
END;

-- Incoming messages of a conversation up to this id have been read.
CREATE TABLE read_markers (
  owner     TEXT NOT NULL,
  peer      TEXT NOT NULL,
  up_to_id  INTEGER NOT NULL,
  PRIMARY KEY (owner, peer)
) WITHOUT ROWID;
`;
