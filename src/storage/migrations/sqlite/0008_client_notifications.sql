-- What an agent wants to hear about each of its clients, and what it was told.
-- Notifications are recorded here; sending them (email) is a later step.
CREATE TABLE client_notification_preferences (
  agent_id TEXT NOT NULL REFERENCES agent_companies (id),
  client_id TEXT NOT NULL,
  service_changes SMALLINT NOT NULL CHECK (service_changes IN (0, 1)),
  invoice_paid SMALLINT NOT NULL CHECK (invoice_paid IN (0, 1)),
  invoice_overdue SMALLINT NOT NULL CHECK (invoice_overdue IN (0, 1)),
  ticket_opened SMALLINT NOT NULL CHECK (ticket_opened IN (0, 1)),
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (agent_id, client_id)
);

CREATE TABLE agent_notifications (
  id TEXT PRIMARY KEY,
  agent_id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  at BIGINT NOT NULL,
  detail TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX agent_notifications_agent ON agent_notifications (agent_id, at);
