-- Joining the program: the public application, its review by staff, the
-- agent company it becomes, and the invitation that lets its owner set a
-- password. Times are Unix seconds (UTC).
CREATE TABLE agent_applications (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('company', 'professional')),
  name TEXT NOT NULL,
  contact_name TEXT NOT NULL,
  email TEXT NOT NULL,
  phone TEXT NOT NULL,
  kra_pin TEXT NOT NULL,
  registration_number TEXT NOT NULL,
  residency TEXT NOT NULL,
  website TEXT NOT NULL,
  town TEXT NOT NULL,
  certifications TEXT NOT NULL,
  terms_accepted_at BIGINT NOT NULL,
  applied_at BIGINT NOT NULL,
  ip TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  status_token_digest TEXT NOT NULL,
  decided_by TEXT,
  decided_at BIGINT,
  rejection_reason TEXT,
  agent_id TEXT REFERENCES agent_companies (id)
);
-- One live (pending or approved) application per KRA PIN and per email; a
-- rejected applicant may apply again.
CREATE UNIQUE INDEX agent_applications_live_pin ON agent_applications (kra_pin) WHERE status <> 'rejected';
CREATE UNIQUE INDEX agent_applications_live_email ON agent_applications (email) WHERE status <> 'rejected';
CREATE INDEX agent_applications_queue ON agent_applications (status, applied_at);
CREATE INDEX agent_applications_ip ON agent_applications (ip, applied_at);

-- What an approved application makes of the agent company (seeded demo
-- companies have no application).
ALTER TABLE agent_companies ADD COLUMN referral_id TEXT;
ALTER TABLE agent_companies ADD COLUMN application_id TEXT;
ALTER TABLE agent_companies ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE agent_companies ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE agent_companies ADD COLUMN town TEXT NOT NULL DEFAULT '';
ALTER TABLE agent_companies ADD COLUMN website TEXT NOT NULL DEFAULT '';
ALTER TABLE agent_companies ADD COLUMN activated_at BIGINT;
CREATE UNIQUE INDEX agent_companies_referral ON agent_companies (referral_id);

-- One-time links to set a password (a new agent's owner, invited people).
-- Only a digest of the token is kept.
CREATE TABLE invitations (
  token_digest TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);

-- Email to be sent, written in the transaction that decides to send it; a
-- sender delivers and stamps sent_at.
CREATE TABLE outbound_email (
  id TEXT PRIMARY KEY,
  recipient TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  sent_at BIGINT
);
CREATE INDEX outbound_email_unsent ON outbound_email (sent_at, created_at);
