-- Clients, finished (program-rules.md §4.2, §4.4): the agent's payout methods
-- (where withdrawals are paid; their payment fingerprints count as the
-- agent's own in the self-referral checks), the payment methods billing
-- learns of a client, and staff decisions on transfer requests. Times are
-- Unix seconds (UTC).

-- Every payout method an agent ever had, numbered 1, 2, … per agent: the
-- current one has no ended_at.
-- `fingerprint` is the normalised form compared with clients' payment
-- methods ("mpesa:+254712345678", "bank:<code>:<account digits>").
CREATE TABLE agent_payout_methods (
  id TEXT PRIMARY KEY,
  agent_id TEXT NOT NULL REFERENCES agent_companies (id),
  seq INTEGER NOT NULL,
  method TEXT NOT NULL CHECK (method IN ('mpesa', 'bank')),
  mpesa_number TEXT NOT NULL,
  bank_code TEXT NOT NULL,
  account_number TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  set_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  ended_at BIGINT,
  UNIQUE (agent_id, seq)
);
CREATE INDEX agent_payout_methods_fingerprint ON agent_payout_methods (fingerprint);

-- How a client pays, as its signup or the billing system said. `id` is
-- "signup:<client>" or "event:<event id>" (an event is taken once).
CREATE TABLE client_payment_methods (
  id TEXT PRIMARY KEY,
  client_id TEXT NOT NULL REFERENCES client_accounts (id),
  method TEXT NOT NULL CHECK (method IN ('mpesa', 'bank', 'card')),
  fingerprint TEXT NOT NULL,
  matched_agent_id TEXT REFERENCES agent_companies (id),
  flag_id TEXT REFERENCES fraud_flags (id),
  created_at BIGINT NOT NULL
);
CREATE INDEX client_payment_methods_client ON client_payment_methods (client_id, fingerprint);

-- Transfer requests are approved or declined by staff (with who, when, why).
ALTER TABLE transfer_requests DROP CONSTRAINT transfer_requests_status_check;
UPDATE transfer_requests SET status = 'approved' WHERE status = 'done';
ALTER TABLE transfer_requests ADD CONSTRAINT transfer_requests_status_check
  CHECK (status IN ('open', 'approved', 'declined'));
ALTER TABLE transfer_requests ADD COLUMN decided_by TEXT;
ALTER TABLE transfer_requests ADD COLUMN decided_at BIGINT;
ALTER TABLE transfer_requests ADD COLUMN decision_reason TEXT;
CREATE INDEX transfer_requests_client ON transfer_requests (client_id, created_at);
