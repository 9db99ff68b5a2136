// The JSON shapes of the agent endpoints the panel reads (src/api/*.cpp).
export interface Balances {
  pending: string;
  available: string;
  withdrawing: string;
  paid_out: string;
  tax_withheld: string;
  reversed: string;
  forfeited: string;
}

export interface Commission {
  id: string;
  kind: string;
  category: string | null;
  client: string | null;
  invoice: string | null;
  line: string | null;
  base: string;
  rate_bp: number;
  amount: string;
  state: string;
  created_at: string;
  available_at: string;
  reversed: string;
  forfeited: string;
  reversible: boolean;
}

export interface Dashboard {
  agent_id: string;
  tier: string;
  month: string;
  this_month: { sales: string; signups: number; target_sales: string; target_signups: number };
  balances: Balances;
  next_maturations: { date: string; amount: string }[];
  last_twelve_months: { month: string; amount: string; count: number }[];
  recent_commissions: Commission[];
}

export interface Requirement {
  requirement: string;
  measured: string;
  threshold: string;
  met: boolean;
  gap: string | null;
}

export interface Progress {
  agent_id: string;
  tier: string;
  next_tier: string | null;
  quarter: string;
  days_left_in_quarter: number;
  requirements: Requirement[];
}

export interface CommissionList {
  total_count: number;
  total_amount: string;
  offset: number;
  limit: number;
  items: Commission[];
}

export interface Benefits {
  tier: string;
  sip_channels: number;
  did_numbers: number;
  free_talk_time: string;
  free_talk_time_period: string;
  sales_leads: boolean;
  website_listing: boolean;
  premium_support: boolean;
}

export interface Evaluation {
  quarter: string;
  at: string;
  from: string;
  to: string;
  reason: string | null;
  checks: { requirement: string; tier: string; measured: string; threshold: string; met: boolean }[];
}

export interface Withdrawal {
  id: string;
  state: string;
  gross: string;
  tax_withheld: string;
  net: string;
  reason: string | null;
  reference: string | null;
  requested_at: string;
}

export interface WithdrawalPreview {
  gross: string;
  tax_withheld: string;
  net: string;
  withholding_rate_bp: number;
  residency: string;
  available: string;
  allowed: boolean;
  refusal: string | null;
}

export interface NotificationChoices {
  service_changes: boolean;
  invoice_paid: boolean;
  invoice_overdue: boolean;
  invoice_issued: boolean;
  ticket_opened: boolean;
}

export interface AgentClient {
  client_id: string;
  name: string | null;
  status: string;
  source: string;
  since: string;
  services: { subscriptions: string[]; invoices_paid: number };
  last_invoice: { id: string; paid_at: string; total: string } | null;
  commissions_earned: string;
  notifications: NotificationChoices;
}

export interface Statement {
  month: string;
  opening: Balances;
  closing: Balances;
  totals: { accrued: string; reversed: string; forfeited: string; paid_out_gross: string; tax_withheld: string; paid_out_net: string };
  lines: { at: string; kind: string; reference: string; amount: string }[];
}

export interface Banner {
  size: string;
  image_url: string;
  html: string;
}

export interface Banners {
  referral_id: string;
  link: string;
  items: Banner[];
}

export interface LinkFigures {
  clicks: number;
  clicks_logged: number;
  signups: number;
  self_referral_flags: number;
}

export interface ReferralStats {
  referral_id: string;
  link: string;
  as_of: string;
  all_time: LinkFigures;
  last_30_days: LinkFigures;
}

export interface Person {
  user_id: string;
  agent_role: string;
  email: string;
  display_name: string;
  added_at: string;
}

export interface Certification {
  id: string;
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
  method: string;
  signer_name: string;
  signed_at: string;
  file_id: string | null;
  status: string;
  decided_at: string | null;
  rejection_reason: string | null;
}

export interface PayoutMethod {
  id: string;
  method: string;
  mpesa_number: string | null;
  bank_code: string | null;
  account_number: string | null;
  fingerprint: string;
  created_at: string;
  ended_at: string | null;
}

export interface AgentNotification {
  id: string;
  client_id: string | null;
  kind: string;
  at: string;
  detail: unknown;
  sent: boolean;
}

export interface Items<T> {
  items: T[];
}
