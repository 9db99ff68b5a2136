-- What an agent proves to the program: its people and their roles, uploaded
-- evidence, certifications per person (counted once staff verify them) and the
-- signed agent agreement. Times are Unix seconds (UTC); dates are YYYY-MM-DD.
CREATE TABLE agent_people (
  user_id TEXT PRIMARY KEY REFERENCES users (id),
  agent_id TEXT NOT NULL REFERENCES agent_companies (id),
  agent_role TEXT NOT NULL CHECK (agent_role IN ('owner', 'sales', 'technical')),
  added_at BIGINT NOT NULL,
  removed_at BIGINT
);
CREATE INDEX agent_people_agent ON agent_people (agent_id);
-- Agent users made before roles existed are their companies' owners.
INSERT INTO agent_people (user_id, agent_id, agent_role, added_at)
  SELECT id, agent_id, 'owner', created_at FROM users WHERE role = 'agent';

-- Files live under files.directory, named by id; the row says what they are.
CREATE TABLE stored_files (
  id TEXT PRIMARY KEY,
  agent_id TEXT NOT NULL REFERENCES agent_companies (id),
  content_type TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg')),
  size_bytes BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  original_name TEXT NOT NULL,
  uploaded_by TEXT NOT NULL,
  uploaded_at BIGINT NOT NULL
);
CREATE INDEX stored_files_agent ON stored_files (agent_id, uploaded_at);

CREATE TABLE certifications (
  id TEXT PRIMARY KEY,
  agent_id TEXT NOT NULL REFERENCES agent_companies (id),
  person_id TEXT NOT NULL REFERENCES users (id),
  kind TEXT NOT NULL CHECK (kind IN ('sales', '3cx', 'yeastar', 'yealink')),
  level TEXT NOT NULL,
  issued_on TEXT NOT NULL,
  valid_until TEXT NOT NULL,
  evidence_file_id TEXT NOT NULL REFERENCES stored_files (id),
  status TEXT NOT NULL CHECK (status IN ('submitted', 'verified', 'rejected')),
  submitted_by TEXT NOT NULL,
  submitted_at BIGINT NOT NULL,
  decided_by TEXT,
  decided_at BIGINT,
  rejection_reason TEXT
);
CREATE INDEX certifications_agent ON certifications (agent_id, submitted_at);
CREATE INDEX certifications_queue ON certifications (status, submitted_at);

CREATE TABLE agent_agreements (
  id TEXT PRIMARY KEY,
  agent_id TEXT NOT NULL REFERENCES agent_companies (id),
  method TEXT NOT NULL CHECK (method IN ('in_app', 'upload')),
  signer_name TEXT NOT NULL,
  signed_by TEXT NOT NULL,
  signed_at BIGINT NOT NULL,
  ip TEXT NOT NULL,
  file_id TEXT REFERENCES stored_files (id),
  status TEXT NOT NULL CHECK (status IN ('submitted', 'verified', 'rejected')),
  decided_by TEXT,
  decided_at BIGINT,
  rejection_reason TEXT
);
CREATE INDEX agent_agreements_agent ON agent_agreements (agent_id, signed_at);
