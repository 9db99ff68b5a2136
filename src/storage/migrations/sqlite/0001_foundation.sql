-- Accounts, sessions, API keys and the audit log. Times are Unix seconds (UTC).
CREATE TABLE agent_companies (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL
);

CREATE TABLE client_accounts (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL
);

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('staff', 'agent', 'client')),
  agent_id TEXT REFERENCES agent_companies (id),
  client_id TEXT REFERENCES client_accounts (id),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  password_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  CHECK ((role = 'agent') = (agent_id IS NOT NULL)),
  CHECK ((role = 'client') = (client_id IS NOT NULL))
);
CREATE INDEX users_agent ON users (agent_id);
CREATE INDEX users_client ON users (client_id);

CREATE TABLE sessions (
  token_digest TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  ip TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  scopes TEXT NOT NULL,
  secret_digest TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT
);

CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  actor TEXT NOT NULL,
  on_behalf_of TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  at BIGINT NOT NULL,
  ip TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE INDEX audit_log_action_subject ON audit_log (action, subject, at);
CREATE INDEX audit_log_action_ip ON audit_log (action, ip, at);

-- The audit log is append-only: the database itself refuses to rewrite history.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
