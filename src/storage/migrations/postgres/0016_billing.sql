-- Built-in billing (issue 13): the catalogue with effective-dated prices,
-- invoices numbered in sequence, payments and credit notes. Money is integer
-- cents; times are Unix seconds (UTC). A client is the engine's client id
-- (an outside billing system's clients need no account row).

CREATE TABLE products (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  category TEXT NOT NULL,
  cycle TEXT NOT NULL CHECK (cycle IN ('one_off', 'monthly', 'quarterly', 'yearly')),
  vat_bp INTEGER NOT NULL CHECK (vat_bp BETWEEN 0 AND 10000),
  active INTEGER NOT NULL,
  created_at BIGINT NOT NULL
);

-- A price from effective_from on; a change adds a row, never rewrites one.
CREATE TABLE product_prices (
  product_id TEXT NOT NULL REFERENCES products (id),
  effective_from BIGINT NOT NULL,
  price_cents BIGINT NOT NULL CHECK (price_cents >= 0),
  setup_fee_cents BIGINT NOT NULL CHECK (setup_fee_cents >= 0),
  PRIMARY KEY (product_id, effective_from)
);

-- The last number given in each sequence ('invoice', 'credit_note').
CREATE TABLE billing_sequences (
  name TEXT PRIMARY KEY,
  last_value BIGINT NOT NULL
);

CREATE TABLE invoices (
  id TEXT PRIMARY KEY,
  seq BIGINT NOT NULL UNIQUE,
  number TEXT NOT NULL UNIQUE,
  client_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  issued_at BIGINT NOT NULL,
  due_at BIGINT NOT NULL,
  paid_at BIGINT,
  cancelled_at BIGINT,
  created_by TEXT NOT NULL,
  order_id TEXT
);
CREATE INDEX invoices_client ON invoices (client_id, seq);
-- The reminder and overdue runs read unpaid invoices by due time.
CREATE INDEX invoices_unpaid ON invoices (due_at) WHERE paid_at IS NULL AND cancelled_at IS NULL;

CREATE TABLE invoice_lines (
  invoice_id TEXT NOT NULL REFERENCES invoices (id),
  line_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  description TEXT NOT NULL,
  category TEXT NOT NULL,
  quantity BIGINT NOT NULL,
  unit_price_cents BIGINT NOT NULL,
  vat_bp INTEGER NOT NULL,
  net_cents BIGINT NOT NULL,
  vat_cents BIGINT NOT NULL,
  credited_cents BIGINT NOT NULL,
  product_id TEXT,
  subscription_id TEXT,
  performed_by TEXT,
  PRIMARY KEY (invoice_id, line_id)
);

-- Money received; a reference is recorded once per method.
CREATE TABLE payments (
  id TEXT PRIMARY KEY,
  invoice_id TEXT NOT NULL REFERENCES invoices (id),
  method TEXT NOT NULL CHECK (method IN ('mpesa', 'bank')),
  reference TEXT NOT NULL,
  amount_cents BIGINT NOT NULL,
  paid_at BIGINT NOT NULL,
  recorded_by TEXT NOT NULL,
  UNIQUE (method, reference)
);
CREATE INDEX payments_invoice ON payments (invoice_id);

CREATE TABLE credit_notes (
  id TEXT PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  invoice_id TEXT NOT NULL REFERENCES invoices (id),
  reason TEXT NOT NULL,
  issued_at BIGINT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX credit_notes_invoice ON credit_notes (invoice_id);

CREATE TABLE credit_note_lines (
  credit_note_id TEXT NOT NULL REFERENCES credit_notes (id),
  line_id TEXT NOT NULL,
  net_cents BIGINT NOT NULL,
  vat_cents BIGINT NOT NULL,
  PRIMARY KEY (credit_note_id, line_id)
);

-- An order and the services it made (one per ordered product). A recurring
-- service is a subscription: its id is the engine's subscription id.
CREATE TABLE orders (
  id TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  placed_by TEXT NOT NULL,
  on_behalf_of TEXT NOT NULL,
  placed_at BIGINT NOT NULL,
  invoice_id TEXT NOT NULL REFERENCES invoices (id),
  quote_id TEXT
);
CREATE INDEX orders_client ON orders (client_id, placed_at);

CREATE TABLE services (
  id TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  order_id TEXT NOT NULL REFERENCES orders (id),
  product_id TEXT NOT NULL REFERENCES products (id),
  description TEXT NOT NULL,
  category TEXT NOT NULL,
  cycle TEXT NOT NULL,
  quantity BIGINT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'active', 'suspended', 'cancelled')),
  created_at BIGINT NOT NULL,
  activated_at BIGINT,
  -- The first day (EAT, 'YYYY-MM-DD') of the next period to pay for.
  next_due TEXT,
  suspended_at BIGINT,
  cancelled_at BIGINT
);
CREATE INDEX services_client ON services (client_id, created_at);
CREATE INDEX services_order ON services (order_id);
-- The renewal run reads active services by their next due day.
CREATE INDEX services_due ON services (state, next_due);

-- The renewal invoice of one period of a service: at most one, whichever
-- server issues it (the row is claimed first, then the invoice written in
-- the same transaction).
CREATE TABLE service_renewals (
  service_id TEXT NOT NULL REFERENCES services (id),
  due_date TEXT NOT NULL,
  invoice_id TEXT NOT NULL,
  PRIMARY KEY (service_id, due_date)
);
CREATE INDEX service_renewals_invoice ON service_renewals (invoice_id);

-- Reminders sent about an invoice ('before_due', 'after_due'): each once.
CREATE TABLE invoice_reminders (
  invoice_id TEXT NOT NULL REFERENCES invoices (id),
  kind TEXT NOT NULL,
  sent_at BIGINT NOT NULL,
  PRIMARY KEY (invoice_id, kind)
);

-- Support tickets of clients, and their messages (the author and, for an
-- agent signed in as the client, whom it acted for).
CREATE TABLE tickets (
  id TEXT PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  client_id TEXT NOT NULL,
  subject TEXT NOT NULL,
  department TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'answered', 'closed')),
  opened_by TEXT NOT NULL,
  on_behalf_of TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX tickets_client ON tickets (client_id, created_at);
CREATE INDEX tickets_queue ON tickets (status, updated_at);

CREATE TABLE ticket_messages (
  id TEXT PRIMARY KEY,
  ticket_id TEXT NOT NULL REFERENCES tickets (id),
  author TEXT NOT NULL,
  author_role TEXT NOT NULL,
  author_name TEXT NOT NULL,
  on_behalf_of TEXT NOT NULL,
  body TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX ticket_messages_ticket ON ticket_messages (ticket_id, at);
