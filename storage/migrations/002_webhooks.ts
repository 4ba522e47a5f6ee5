/**
 * Webhook delivery: the outbox of 001 named its webhook by position in the config, which
 * sends queued stanzas to the wrong URL once [[webhook]] entries are reordered; here it is
 * keyed by the webhook's name. Dead letters hold what delivery gave up on, for replay.
 */
export const m002_webhooks = `
CREATE TABLE webhook_outbox_by_name (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  webhook         TEXT NOT NULL,
  delivery_id     TEXT NOT NULL UNIQUE,
  sender          TEXT NOT NULL,
  kind            TEXT NOT NULL,
  stanza          TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT
);
-- Nothing wrote to the old table, but copy it anyway: accepted data is never dropped.
INSERT INTO webhook_outbox_by_name
  SELECT id, CAST(webhook AS TEXT), delivery_id, sender, kind, stanza, created_at, attempts, next_attempt_at, last_error
  FROM webhook_outbox;
DROP TABLE webhook_outbox;
ALTER TABLE webhook_outbox_by_name RENAME TO webhook_outbox;
-- The head of each sender's queue (lowest id) and the list of senders with work.
CREATE INDEX webhook_outbox_sender ON webhook_outbox (webhook, sender, id);

CREATE TABLE webhook_dead_letters (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  webhook     TEXT NOT NULL,
  delivery_id TEXT NOT NULL UNIQUE,
  sender      TEXT NOT NULL,
  kind        TEXT NOT NULL,
  stanza      TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  attempts    INTEGER NOT NULL,
  last_error  TEXT,
  dead_at     INTEGER NOT NULL
);
`;
