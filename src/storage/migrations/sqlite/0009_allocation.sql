-- Client allocation by staff (program-rules.md §4.1, §4.4). Times are Unix
-- seconds (UTC).

-- Staff moving a client from one agent to another, with the reason they gave.
-- The association itself lives in the engine's log (revoke, then associate);
-- this row keeps why, so the client's history can show it.
CREATE TABLE client_transfers (
  id TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  from_agent_id TEXT NOT NULL,
  to_agent_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  actor TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX client_transfers_client ON client_transfers (client_id, at);

-- Why staff decided a fraud flag the way they did.
ALTER TABLE fraud_flags ADD COLUMN decision_reason TEXT;
