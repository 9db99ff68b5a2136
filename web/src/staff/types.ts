// The API's shapes as the staff pages read them (docs/api.md, src/api/*.cpp).
export interface Items<T> {
  items: T[];
}

export interface Paged<T> extends Items<T> {
  total: number;
  limit: number;
  offset: number;
}

export interface Application {
  id: string;
  kind: string;
  name: string;
  contact_name: string;
  email: string;
  phone: string;
  kra_pin: string;
  registration_number: string;
  residency: string;
  website: string;
  town: string;
  certifications: string[];
  terms_accepted_at: string | null;
  applied_at: string;
  status: string;
  decided_at: string | null;
  rejection_reason: string | null;
  agent_id: string | null;
}

export interface Balances {
  pending: string;
  available: string;
  withdrawing?: string;
  paid_out?: string;
  tax_withheld?: string;
  reversed?: string;
  forfeited?: string;
}

export interface AgentSummary {
  id: string;
  name: string | null;
  email: string | null;
  referral_id: string | null;
  tier: string;
  status: string;
  activated_at: string | null;
  affiliate_clock: { window_started_at: string; window_ends_at: string; days_left: number; sale_made: boolean } | null;
  balances: Balances;
}

export interface TierChange {
  quarter: string;
  at: string;
  from: string;
  to: string;
  reason: string | null;
}

export interface AgentRecord extends AgentSummary {
  phone: string | null;
  town: string | null;
  website: string | null;
  application_id: string | null;
  sip_trunk_active: boolean;
  agreement_signed: boolean;
  tier_history: TierChange[];
  associations: { client: string; source: string; referral_url: string | null; created_at: string; ended_at: string | null; rate_card: string }[];
  violations: { at: string; reason: string; all_unpaid: boolean; commission_ids: string[]; forfeited_total: string }[];
  termination: { at: string; reason: string; forfeited_total: string; reassigned: { client: string; to: string | null }[] } | null;
  as_of: string;
}

export interface Check {
  requirement: string;
  tier: string;
  measured: string;
  threshold: string;
  met: boolean;
}

export interface Evaluation extends TierChange {
  checks: Check[];
}

export interface Certification {
  id: string;
  agent_id: string;
  person_id: string;
  kind: string;
  level: string | null;
  issued_on: string;
  valid_until: string;
  evidence_file_id: string;
  status: string;
  submitted_at: string;
  decided_at: string | null;
  rejection_reason: string | null;
}

export interface Agreement {
  id: string;
  agent_id: string;
  method: string;
  signer_name: string;
  signed_at: string;
  ip: string;
  file_id: string | null;
  status: string;
  decided_at: string | null;
  rejection_reason: string | null;
}

export interface Person {
  user_id: string;
  agent_id: string;
  agent_role: string;
  email: string;
  display_name: string;
  added_at: string;
}

export interface Commission {
  id: string;
  kind: string;
  category: string;
  client: string | null;
  amount: string;
  state: string;
  created_at: string;
  available_at: string | null;
  reversed: string;
  forfeited: string;
}

export interface Withdrawal {
  id: string;
  agent_id: string;
  state: string;
  gross: string;
  tax_withheld: string | null;
  net: string | null;
  reason: string | null;
  reference: string | null;
  requested_at: string;
}

export interface Client {
  id: string;
  name: string | null;
  email: string | null;
  agent_id: string | null;
  source: string | null;
  since: string | null;
}

export interface Association {
  client_id: string;
  agent_id: string;
  source: string;
  referral_url: string | null;
  reversible: boolean;
  rate_card: string;
  created_at: string;
  ended_at: string | null;
  transfer_reason: string | null;
}

export interface FraudFlag {
  id: string;
  kind: string;
  agent_id: string;
  client_id: string;
  evidence: unknown;
  status: string;
  created_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_reason: string | null;
}

export interface TransferRequest {
  id: string;
  client_id: string;
  requested_by: string;
  from_agent_id: string;
  to_agent_id: string;
  from_agent_name: string;
  to_agent_name: string;
  message: string;
  status: string;
  created_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_reason: string | null;
}

export interface Reversible {
  id: string;
  agent_id: string;
  client_id: string;
  kind: string;
  amount: string;
  reversed: string;
  forfeited: string;
  left: string;
  state: string;
  created_at: string;
  available_at: string | null;
}

export interface DryRun {
  quarter: string;
  close_at: string;
  agents_evaluated: number;
  changes: { agent_id: string; from: string; to: string; checks: Check[] }[];
  reassignments: { client_id: string; from_agent: string; to_agent: string | null }[];
  written: boolean;
}

export interface JobRun {
  job: string;
  due_at: string;
  holder: string;
  started_at: string;
  finished_at: string | null;
  outcome: string;
  detail: string;
  attempts: number;
}

export interface AuditEntry {
  seq: number;
  actor: string;
  on_behalf_of: string | null;
  action: string;
  subject: string;
  at: string;
  ip: string;
  detail: Record<string, unknown>;
}

export interface UserRow {
  id: string;
  email: string;
  display_name: string;
  role: string;
  agent_id: string | null;
  client_id: string | null;
  active: boolean;
  created_at: string;
}

export interface ApiKey {
  id: string;
  name: string;
  scopes: string[];
  created_by: string;
  created_at: string;
  revoked_at: string | null;
  key?: string;
  signing_secret?: string;
}

// One message of the email outbox (GET /api/v1/emails); its body is never shown.
export interface OutboxEmail {
  id: string;
  recipient: string;
  subject: string;
  template: string;
  language: string;
  status: 'queued' | 'sending' | 'sent' | 'failed';
  attempts: number;
  created_at: string;
  next_attempt_at: string | null;
  sent_at: string | null;
  last_error: string | null;
  message_id: string | null;
}

export interface OutboxPage extends Items<OutboxEmail> {
  next_cursor: string | null;
  delivery_configured: boolean;
  counts: { queued: number; sending: number; failed: number };
}

// The payouts desk (GET /api/v1/payouts/reconciliation): each withdrawal with
// what became of it, its M-Pesa parts and its bank transfer.
export interface PayoutWithdrawal extends Withdrawal {
  returned: string | null;
  paid_at: string | null;
}

export interface MpesaPayment {
  id: string;
  withdrawal_id: string;
  part: number;
  parts: number;
  phone: string;
  amount: string;
  state: string; // waiting | pending | sent | unknown | paid | failed
  conversation_id: string | null;
  receipt: string | null;
  result_code: string | null;
  result_desc: string | null;
  send_attempts: number;
  status_queries: number;
  created_at: string;
  updated_at: string;
}

export interface BankPayout {
  withdrawal_id: string;
  batch_id: string;
  agent_id?: string;
  account_name: string;
  bank_code: string;
  account_number: string;
  amount: string;
  state: string; // exported | paid | failed
  bank_reference: string | null;
  reason: string | null;
  exported_at: string;
  confirmed_at: string | null;
}

export interface PayoutItem {
  withdrawal: PayoutWithdrawal;
  status: string; // requested | in_flight | needs_attention | paid | failed | rejected | refused
  channel: string | null; // mpesa | bank | manual
  note: string | null;
  payments: MpesaPayment[];
  bank: BankPayout | null;
}

export interface PayoutTotal {
  count: number;
  gross: string;
  net: string;
}

export interface Reconciliation {
  month: string | null;
  open: boolean;
  mpesa_configured: boolean;
  items: PayoutItem[];
  totals: Record<string, PayoutTotal | undefined>;
}

export interface PayoutCallback {
  id: string;
  received_at: string;
  kind: string;
  outcome: string; // applied | duplicate | refused
  reason: string;
  ip: string;
  body: string;
}

export interface BankBatch {
  id: string | null;
  count: number;
  total: string;
  items: BankPayout[];
}

export interface BankConfirmation {
  paid: number;
  failed: number;
  unchanged: number;
}

// GET /api/v1/reports/withholding-tax/{month}
export interface WithholdingTaxLine {
  paid_at: string;
  remit_by: string;
  withdrawal_id: string;
  agent_id: string;
  agent_name: string | null;
  kra_pin: string | null;
  residency: string;
  gross: string;
  rate_bp: number;
  tax: string;
  net: string;
  reference: string | null;
}

export interface WithholdingTaxReport {
  month: string;
  items: WithholdingTaxLine[];
  totals: { gross: string; tax: string };
}
