-- The ledger projection in one table: a row per movement (an amount leaving
-- one account and entering another), so each row balances by itself and an
-- invoice line costs one row instead of a transaction row and two postings.
-- A transaction is its rows with the same key (two for a withdrawal paid with
-- tax). Balances: what entered an account minus what left it.
CREATE TABLE ledger_movements (
  event_seq BIGINT NOT NULL REFERENCES engine_events (seq),
  position INTEGER NOT NULL,
  transaction_key TEXT NOT NULL,
  leg INTEGER NOT NULL,
  at BIGINT NOT NULL,
  kind TEXT NOT NULL,
  commission_id TEXT NOT NULL,
  from_account TEXT NOT NULL,
  to_account TEXT NOT NULL,
  amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
  PRIMARY KEY (event_seq, position)
);
CREATE UNIQUE INDEX ledger_movements_key ON ledger_movements (transaction_key, leg);

-- Books written before: two-posting transactions pair directly; a withdrawal
-- paid with tax pairs each outgoing posting with the incoming one of the same
-- size (the gross and the tax differ).
INSERT INTO ledger_movements
  (event_seq, position, transaction_key, leg, at, kind, commission_id, from_account, to_account, amount_cents)
SELECT t.event_seq,
       ROW_NUMBER() OVER (PARTITION BY t.event_seq ORDER BY t.transaction_key, o.account) - 1,
       t.transaction_key,
       ROW_NUMBER() OVER (PARTITION BY t.transaction_key ORDER BY o.account) - 1,
       t.at, t.kind, t.commission_id, o.account, i.account, i.amount_cents
FROM ledger_transactions t
JOIN ledger_postings o ON o.transaction_key = t.transaction_key AND o.amount_cents < 0
JOIN ledger_postings i ON i.transaction_key = t.transaction_key AND i.amount_cents = -o.amount_cents;

DROP TABLE ledger_postings;
DROP TABLE ledger_transactions;
