-- Files on tickets (issue 13): the evidence upload rules (PDF, PNG, JPEG by
-- content). The bytes live in the files directory (tickets/<ticket id>/<id>),
-- never under the web root.
CREATE TABLE ticket_attachments (
  id TEXT PRIMARY KEY,
  ticket_id TEXT NOT NULL REFERENCES tickets (id),
  message_id TEXT NOT NULL REFERENCES ticket_messages (id),
  content_type TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg')),
  original_name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size_bytes BIGINT NOT NULL
);
CREATE INDEX ticket_attachments_ticket ON ticket_attachments (ticket_id);
