-- Payouts that leave by themselves (issue 14).
--
-- M-Pesa B2C: one row per payment request sent to Daraja. A withdrawal's net
-- goes in parts of at most the per-transaction limit, in whole shillings. The
-- row's id is the request's OriginatorConversationID, Daraja's idempotency
-- key: it is made once, with the withdrawal's parts, and never replaced, so a
-- retry after a lost answer repeats the same id and cannot pay twice.
--   waiting  a later part, sent once the part before it is paid
--   pending  to be sent (again, with the same id) at next_at
--   sent     accepted by Daraja; its result is awaited (a status query at next_at)
--   unknown  no answer we can trust (queue timeout, no result): status queries at next_at
--   paid     the result or a status query said so (receipt)
--   failed   a definite failure (the request refused, or a failed result)
-- next_at, created_at and updated_at are wall-clock seconds; a claimed row has
-- lease_holder set and next_at moved to the end of its lease.
CREATE TABLE mpesa_payments (
  id TEXT PRIMARY KEY,
  withdrawal_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  part INTEGER NOT NULL,
  parts INTEGER NOT NULL,
  phone TEXT NOT NULL,
  amount_cents BIGINT NOT NULL CHECK (amount_cents > 0 AND amount_cents % 100 = 0),
  -- The withdrawal's gross that the parts pay together (its net is whole shillings).
  paid_gross_cents BIGINT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('waiting', 'pending', 'sent', 'unknown', 'paid', 'failed')),
  conversation_id TEXT,
  receipt TEXT,
  result_code TEXT,
  result_desc TEXT NOT NULL DEFAULT '',
  send_attempts INTEGER NOT NULL DEFAULT 0,
  status_queries INTEGER NOT NULL DEFAULT 0,
  next_at BIGINT NOT NULL DEFAULT 0,
  lease_holder TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (withdrawal_id, part)
);
-- The dispatcher's question: what is due to be sent or asked about.
CREATE INDEX mpesa_payments_due ON mpesa_payments (state, next_at);

-- Every callback that reached the M-Pesa endpoints, with what was done with
-- it and why: the trail of forged, replayed and malformed ones too.
CREATE TABLE payout_callbacks (
  id TEXT PRIMARY KEY,
  received_at BIGINT NOT NULL,
  kind TEXT NOT NULL,
  payment_id TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('applied', 'duplicate', 'refused')),
  reason TEXT NOT NULL,
  ip TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX payout_callbacks_payment ON payout_callbacks (payment_id, received_at);
CREATE INDEX payout_callbacks_received ON payout_callbacks (received_at, id);

-- Bank transfers: a withdrawal goes into one exported transfer file (batch)
-- once, and is paid when the bank's confirmation is imported.
CREATE TABLE bank_payouts (
  withdrawal_id TEXT PRIMARY KEY,
  batch_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  account_name TEXT NOT NULL,
  bank_code TEXT NOT NULL,
  account_number TEXT NOT NULL,
  amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
  state TEXT NOT NULL CHECK (state IN ('exported', 'paid', 'failed')),
  bank_reference TEXT,
  reason TEXT,
  exported_at BIGINT NOT NULL,
  confirmed_at BIGINT
);
CREATE INDEX bank_payouts_batch ON bank_payouts (batch_id, withdrawal_id);
