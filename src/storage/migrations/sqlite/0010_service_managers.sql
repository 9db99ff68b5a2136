-- Service managers (program-rules.md §4.2, §4.3): what a client granted its
-- agent, transfer requests for staff, and "sign in as client" sessions. Times
-- are Unix seconds (UTC).

-- The permissions a client granted its service manager (space-separated
-- names). No row: the defaults apply.
CREATE TABLE service_manager_grants (
  client_id TEXT PRIMARY KEY REFERENCES client_accounts (id),
  agent_id TEXT NOT NULL REFERENCES agent_companies (id),
  permissions TEXT NOT NULL,
  granted_at BIGINT NOT NULL,
  granted_by TEXT NOT NULL
);

-- A client with a manager asking staff to move it to another agent.
CREATE TABLE transfer_requests (
  id TEXT PRIMARY KEY,
  client_id TEXT NOT NULL REFERENCES client_accounts (id),
  requested_by TEXT NOT NULL REFERENCES users (id),
  from_agent_id TEXT NOT NULL REFERENCES agent_companies (id),
  to_agent_id TEXT NOT NULL REFERENCES agent_companies (id),
  message TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'done', 'declined')),
  created_at BIGINT NOT NULL
);
CREATE INDEX transfer_requests_queue ON transfer_requests (status, created_at);

-- An agent user acting for a client: time-boxed, limited to the permissions
-- the client granted, kept after it ends (the client's history).
CREATE TABLE impersonations (
  id TEXT PRIMARY KEY,
  agent_id TEXT NOT NULL REFERENCES agent_companies (id),
  agent_user_id TEXT NOT NULL REFERENCES users (id),
  client_id TEXT NOT NULL REFERENCES client_accounts (id),
  permissions TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  ended_at BIGINT,
  end_reason TEXT,
  ip TEXT NOT NULL
);
CREATE INDEX impersonations_client ON impersonations (client_id, started_at);

-- A session that is an impersonation (NULL: the user's own session).
ALTER TABLE sessions ADD COLUMN impersonation_id TEXT REFERENCES impersonations (id);
