-- Quotes (issue 13): an agent's priced offer to a prospect or one of its
-- clients. Money is integer cents; times are Unix seconds (UTC); valid_until
-- is an EAT date (YYYY-MM-DD). "expired" is never stored: a sent quote past
-- valid_until reads as expired.

CREATE TABLE quotes (
  id TEXT PRIMARY KEY,
  seq BIGINT NOT NULL UNIQUE,
  number TEXT NOT NULL UNIQUE,
  agent_id TEXT NOT NULL,
  created_by TEXT NOT NULL,
  client_id TEXT,
  prospect_name TEXT NOT NULL,
  prospect_company TEXT NOT NULL,
  prospect_email TEXT NOT NULL,
  note TEXT NOT NULL,
  valid_until TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft', 'sent', 'accepted', 'declined', 'withdrawn')),
  created_at BIGINT NOT NULL,
  sent_at BIGINT,
  decided_at BIGINT,
  decided_by TEXT NOT NULL,
  decline_reason TEXT NOT NULL,
  order_id TEXT,
  -- The SHA-256 of the secret in a prospect's link; NULL until sent, and for a client's quote.
  token_digest TEXT UNIQUE
);
CREATE INDEX quotes_agent ON quotes (agent_id, seq);
CREATE INDEX quotes_client ON quotes (client_id, seq);

CREATE TABLE quote_lines (
  quote_id TEXT NOT NULL REFERENCES quotes (id),
  line_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('product', 'setup', 'free')),
  description TEXT NOT NULL,
  category TEXT NOT NULL,
  quantity BIGINT NOT NULL,
  unit_price_cents BIGINT NOT NULL CHECK (unit_price_cents >= 0),
  vat_bp INTEGER NOT NULL CHECK (vat_bp BETWEEN 0 AND 10000),
  net_cents BIGINT NOT NULL,
  vat_cents BIGINT NOT NULL,
  product_id TEXT,
  performed_by TEXT,
  PRIMARY KEY (quote_id, line_id)
);
