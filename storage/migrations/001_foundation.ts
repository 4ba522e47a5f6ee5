export const m001_foundation = `
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- Long-lived API keys. Only a SHA-256 of the secret part is kept.
CREATE TABLE api_keys (
  id           TEXT PRIMARY KEY,
  jid          TEXT NOT NULL,
  secret_hash  BLOB NOT NULL,
  label        TEXT,
  created_at   INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at   INTEGER
);
CREATE INDEX api_keys_jid ON api_keys (jid);

-- Revoked bearer tokens, kept until they would have expired anyway.
CREATE TABLE revoked_tokens (
  jti        TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL
);

-- Stanzas waiting for webhook delivery: written before anything else happens to them.
CREATE TABLE webhook_outbox (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  webhook         INTEGER NOT NULL,
  delivery_id     TEXT NOT NULL UNIQUE,
  sender          TEXT NOT NULL,
  kind            TEXT NOT NULL,
  stanza          TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT
);
CREATE INDEX webhook_outbox_due ON webhook_outbox (webhook, next_attempt_at);
CREATE INDEX webhook_outbox_sender ON webhook_outbox (webhook, sender, id);
`;
