-- Email delivery (issue 14): the outbox becomes a queue that servers work
-- together. A message is claimed with a lease (lease_holder, lease_until) by a
-- conditional UPDATE, so one server sends it; a failure is retried at
-- next_attempt_at with backoff, and after the last attempt (or a permanent
-- refusal) it is 'failed' with the reason. Messages are rendered when queued,
-- in the recipient's language, as plain text and HTML.
ALTER TABLE outbound_email ADD COLUMN html_body TEXT NOT NULL DEFAULT '';
ALTER TABLE outbound_email ADD COLUMN template TEXT NOT NULL DEFAULT '';
ALTER TABLE outbound_email ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
ALTER TABLE outbound_email ADD COLUMN status TEXT NOT NULL DEFAULT 'queued'
  CHECK (status IN ('queued', 'sending', 'sent', 'failed'));
ALTER TABLE outbound_email ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
-- Wall-clock seconds (0: due at once); created_at is the program's time of
-- what the message tells, which a test or a demo clock may set ahead.
ALTER TABLE outbound_email ADD COLUMN next_attempt_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE outbound_email ADD COLUMN lease_holder TEXT;
ALTER TABLE outbound_email ADD COLUMN lease_until BIGINT;
ALTER TABLE outbound_email ADD COLUMN last_error TEXT;
ALTER TABLE outbound_email ADD COLUMN message_id TEXT;
UPDATE outbound_email SET status = 'sent' WHERE sent_at IS NOT NULL;
DROP INDEX outbound_email_unsent;
-- The sender's question: what is due (queued and due, or a lease run out).
CREATE INDEX outbound_email_due ON outbound_email (status, next_attempt_at);
-- The staff's list, newest first: everyone's, one status's, one recipient's.
CREATE INDEX outbound_email_created ON outbound_email (created_at, id);
CREATE INDEX outbound_email_status_created ON outbound_email (status, created_at, id);
CREATE INDEX outbound_email_recipient ON outbound_email (recipient, created_at);

-- The language a person reads email in ('en' or 'sw'): a user's, set from the
-- panels' language switch; an applicant's, from the form it applied with.
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'sw'));
ALTER TABLE agent_applications ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'sw'));
