-- The agent's "invoice issued" notice for a client (issue 14): on unless the
-- agent turns it off for that client, like the other kinds.
ALTER TABLE client_notification_preferences ADD COLUMN invoice_issued SMALLINT NOT NULL DEFAULT 1
  CHECK (invoice_issued IN (0, 1));
