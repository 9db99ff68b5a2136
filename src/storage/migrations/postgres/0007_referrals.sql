-- Referral links and client signup (program-rules.md §4.1, §4.4). Times are
-- Unix seconds (UTC).

-- Server-wide secrets shared by every process on this database (the key that
-- signs referral cookies). Made once, on first use.
CREATE TABLE app_secrets (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

-- Every click on an agent's link; a repeat from one address within seconds is
-- kept but not counted.
CREATE TABLE referral_clicks (
  id TEXT PRIMARY KEY,
  agent_id TEXT NOT NULL REFERENCES agent_companies (id),
  referral_id TEXT NOT NULL,
  at BIGINT NOT NULL,
  ip TEXT NOT NULL,
  user_agent TEXT NOT NULL,
  referrer TEXT NOT NULL,
  landing_url TEXT NOT NULL,
  counted SMALLINT NOT NULL CHECK (counted IN (0, 1))
);
CREATE INDEX referral_clicks_agent ON referral_clicks (agent_id, at);
CREATE INDEX referral_clicks_repeat ON referral_clicks (referral_id, ip, at);

-- What a client account says about itself (the self-referral checks compare it
-- with the agent's own details).
ALTER TABLE client_accounts ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE client_accounts ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE client_accounts ADD COLUMN kra_pin TEXT NOT NULL DEFAULT '';
ALTER TABLE client_accounts ADD COLUMN signup_ip TEXT NOT NULL DEFAULT '';
ALTER TABLE client_accounts ADD COLUMN signup_click_id TEXT;
ALTER TABLE client_accounts ADD COLUMN created_at BIGINT;

-- Suspected abuse for staff to decide on: the evidence is kept as JSON.
CREATE TABLE fraud_flags (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  agent_id TEXT NOT NULL REFERENCES agent_companies (id),
  client_id TEXT NOT NULL REFERENCES client_accounts (id),
  evidence TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'dismissed', 'confirmed')),
  created_at BIGINT NOT NULL,
  decided_by TEXT,
  decided_at BIGINT
);
CREATE INDEX fraud_flags_queue ON fraud_flags (status, created_at);
