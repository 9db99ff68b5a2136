-- The ledger projection keyed by what makes a movement unique: its
-- transaction's idempotency key and its leg. The primary key was
-- (event_seq, position) with a second unique index on the key; one index
-- instead of two keeps the same guard against booking anything twice and
-- makes writing a movement cheaper (docs/performance.md). Nothing reads the
-- rows in event order by index; event_seq and position stay, for ORDER BY.
DROP INDEX ledger_movements_key;
ALTER TABLE ledger_movements DROP CONSTRAINT ledger_movements_pkey;
ALTER TABLE ledger_movements ADD PRIMARY KEY (transaction_key, leg);
