-- The commission engine's history: every input event, in the scenario format
-- (docs/scenarios.md), in the order it was applied. The engine's state is this
-- log replayed; the ledger tables below are its books projected for SQL reports.
CREATE TABLE engine_events (
  seq BIGINT PRIMARY KEY,
  type TEXT NOT NULL,
  event_id TEXT,
  at BIGINT NOT NULL,
  body TEXT NOT NULL,
  recorded_at BIGINT NOT NULL
);

CREATE TABLE ledger_transactions (
  transaction_key TEXT PRIMARY KEY,
  event_seq BIGINT NOT NULL REFERENCES engine_events (seq),
  at BIGINT NOT NULL,
  kind TEXT NOT NULL,
  commission_id TEXT NOT NULL
);

CREATE TABLE ledger_postings (
  transaction_key TEXT NOT NULL REFERENCES ledger_transactions (transaction_key),
  account TEXT NOT NULL,
  amount_cents BIGINT NOT NULL
);
CREATE INDEX ledger_postings_account ON ledger_postings (account);
