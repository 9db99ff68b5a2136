// Pure logic of the staff back office: sums of selected money, labels of
// states and requirements, what needs attention, idempotency keys. No DOM.
import { fromCents, isMoney, toCents } from '../app/format';

export const TIERS = ['affiliate', 'bronze', 'silver', 'gold', 'platinum', 'titanium'] as const;
// Commissionable categories a manual commission may name (not "deposit").
export const MANUAL_CATEGORIES = ['managed_subscription', 'talk_time', 'setup_fee', 'software_equipment', 'training_oos'] as const;
export const API_KEY_SCOPES = ['billing:write', 'provisioning:write', 'read'] as const;
export const WITHDRAWAL_STATES = ['requested', 'approved', 'paid', 'rejected'] as const;
export const APPLICATION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export const CERTIFICATION_STATUSES = ['submitted', 'verified', 'rejected'] as const;
export const FLAG_STATUSES = ['open', 'dismissed', 'confirmed'] as const;
export const TRANSFER_STATUSES = ['open', 'approved', 'declined'] as const;
export const EMAIL_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const;

// The exact sum of money strings ("1500.00" + "60.25" = "1560.25"); text
// that is not an amount counts as nothing rather than turning the sum into NaN.
export function sumMoney(amounts: readonly string[]): string {
  let cents = 0n;
  for (const amount of amounts) if (isMoney(amount)) cents += toCents(amount);
  return fromCents(cents);
}

// The total left on the selected commissions, and how many are selected.
export function selectedTotal<T extends { id: string; left: string }>(rows: readonly T[], selected: ReadonlySet<string>): { count: number; total: string } {
  const chosen = rows.filter((row) => selected.has(row.id));
  return { count: chosen.length, total: sumMoney(chosen.map((row) => row.left)) };
}

// Toggling one id in a selection gives a new set (signals and state compare by identity).
export function toggle(selected: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(selected);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

// An Idempotency-Key: 8–64 of A-Z a-z 0-9 - _, made when a form opens.
export function idempotencyKey(random: () => number = Math.random): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let key = '';
  for (let i = 0; i < 24; i += 1) key += alphabet[Math.floor(random() * alphabet.length) % alphabet.length];
  return key;
}

export function isIdempotencyKey(key: string): boolean {
  return /^[A-Za-z0-9_-]{8,64}$/.test(key);
}

// "user:usr_123" → { kind: 'user', id: 'usr_123' }; "system" → { kind: 'system', id: '' }.
export function parseSubject(subject: string | null | undefined): { kind: string; id: string } {
  if (!subject) return { kind: '', id: '' };
  const colon = subject.indexOf(':');
  if (colon < 0) return { kind: subject, id: '' };
  return { kind: subject.slice(0, colon), id: subject.slice(colon + 1) };
}

// The panel page a subject of the audit log lives on, if any.
export function subjectHref(subject: string | null | undefined): string | null {
  const { kind, id } = parseSubject(subject);
  if (!id) return null;
  switch (kind) {
    case 'agent':
      return `/staff/agents/${encodeURIComponent(id)}`;
    case 'client':
      return `/staff/clients/${encodeURIComponent(id)}`;
    case 'application':
      return `/staff/applications/${encodeURIComponent(id)}`;
    default:
      return null;
  }
}

// The actor filter accepts what a person types: an id ("usr_1"), or the log's own form ("user:usr_1").
export function normaliseActor(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return '';
  if (trimmed.includes(':') || trimmed === 'system') return trimmed;
  if (trimmed.startsWith('usr_')) return `user:${trimmed}`;
  if (trimmed.startsWith('key_') || /^[0-9a-f]{16}$/.test(trimmed)) return `api_key:${trimmed}`;
  return trimmed;
}

// What staff type in "on behalf of" as the audit log stores it: a bare client
// id ("CL-DEMO") is "client:CL-DEMO"; anything with a kind prefix stays.
export function normaliseOnBehalfOf(text: string): string {
  const trimmed = text.trim();
  if (!trimmed || trimmed.includes(':')) return trimmed;
  return `client:${trimmed}`;
}

export interface Attention {
  key: string;
  count: number | null; // null: still counting; -1: the count failed
  href: string;
}

// The overview's queues in a fixed order, with the busiest ones flagged.
export function attentionList(counts: Record<string, number | null>): Attention[] {
  const order: [string, string][] = [
    ['applications', '/staff/applications'],
    ['certifications', '/staff/certifications'],
    ['withdrawals', '/staff/withdrawals'],
    ['fraudFlags', '/staff/fraud-flags'],
    ['transferRequests', '/staff/transfer-requests'],
    ['unassigned', '/staff/clients?unassigned=true'],
    ['openTickets', '/staff/tickets?status=open'],
    ['overdueInvoices', '/staff/invoices?status=overdue'],
  ];
  return order.filter(([key]) => key in counts).map(([key, href]) => ({ key, href, count: counts[key] ?? null }));
}

export function totalAttention(items: readonly Attention[]): number {
  return items.reduce((sum, item) => sum + Math.max(0, item.count ?? 0), 0);
}

// A requirement's measured value against its threshold, as shown ("58000.00 / 50000.00").
export function checkFigure(check: { measured: string; threshold: string }): string {
  return `${check.measured} / ${check.threshold}`;
}

// The checks of one evaluation grouped by the tier they were measured for, in tier order.
export function checksByTier<T extends { tier: string }>(checks: readonly T[]): { tier: string; checks: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const check of checks) {
    const list = groups.get(check.tier) ?? [];
    list.push(check);
    groups.set(check.tier, list);
  }
  const rank = (tier: string) => {
    const index = (TIERS as readonly string[]).indexOf(tier);
    return index < 0 ? TIERS.length : index;
  };
  return [...groups.entries()].sort((a, b) => rank(a[0]) - rank(b[0])).map(([tier, list]) => ({ tier, checks: list }));
}

// Whether a tier change is a move up, down or none.
export function tierMove(from: string, to: string): 'up' | 'down' | 'same' {
  const a = (TIERS as readonly string[]).indexOf(from);
  const b = (TIERS as readonly string[]).indexOf(to);
  if (a === b) return 'same';
  return b > a ? 'up' : 'down';
}

// What the evidence file is, from its Content-Type: an image shows inline, anything else opens by link.
export function evidenceKind(contentType: string | null | undefined): 'image' | 'pdf' | 'other' {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'image/png' || type === 'image/jpeg') return 'image';
  if (type === 'application/pdf') return 'pdf';
  return 'other';
}

// The fields of a fraud flag's evidence as [key, text] pairs (nested values as JSON).
export function evidenceEntries(evidence: unknown): [string, string][] {
  if (evidence === null || evidence === undefined) return [];
  if (typeof evidence !== 'object' || Array.isArray(evidence)) return [['evidence', typeof evidence === 'string' ? evidence : JSON.stringify(evidence)]];
  return Object.entries(evidence as Record<string, unknown>).map(([key, value]) => [
    key,
    value === null ? '—' : typeof value === 'string' ? value : Array.isArray(value) && value.every((v) => typeof v === 'string') ? value.join(', ') : JSON.stringify(value),
  ]);
}

// The email outbox as the page holds it: the first page, the pages "Load more"
// added (older messages, by next_cursor), and the rows a retry changed.
export interface OutboxView<E extends { id: string; status: string }> {
  items: E[];
  next_cursor: string | null;
  delivery_configured: boolean;
  counts: { queued: number; sending: number; failed: number };
}

// The next page after the ones shown: its rows below (one already shown is not
// shown twice), its cursor, and the counts and configuration as they are now.
export function appendPage<E extends { id: string; status: string }>(view: OutboxView<E>, page: OutboxView<E>): OutboxView<E> {
  const shown = new Set(view.items.map((e) => e.id));
  return { ...page, items: [...view.items, ...page.items.filter((e) => !shown.has(e.id))] };
}

// A failed message put back in the queue: its row as the server answered, and
// the counts moved from failed to queued (no reload: the pages loaded stay).
export function afterRetry<E extends { id: string; status: string }>(view: OutboxView<E>, email: E): OutboxView<E> {
  const before = view.items.find((e) => e.id === email.id);
  const moved = before?.status === 'failed' && email.status === 'queued';
  return {
    ...view,
    items: view.items.map((e) => (e.id === email.id ? email : e)),
    counts: moved ? { ...view.counts, failed: Math.max(0, view.counts.failed - 1), queued: view.counts.queued + 1 } : view.counts,
  };
}

// The badge colour of a message's status (the shared status-* classes).
export function emailBadge(status: string): string {
  switch (status) {
    case 'sent':
      return 'succeeded';
    case 'failed':
      return 'failed';
    case 'sending':
      return 'requested';
    default:
      return 'pending';
  }
}

// The payouts desk: a withdrawal's status in the reconciliation, the ones that
// want a person first.
export const PAYOUT_STATUSES = ['needs_attention', 'in_flight', 'requested', 'paid', 'failed', 'rejected', 'refused'] as const;

// The totals per status in PAYOUT_STATUSES order (any status the page does not
// know yet last), only the statuses that hold something.
export function payoutTotals<T>(totals: Readonly<Record<string, T | undefined>>): { status: string; total: T }[] {
  const known = PAYOUT_STATUSES as readonly string[];
  const rank = (status: string) => (known.includes(status) ? known.indexOf(status) : known.length);
  return Object.entries(totals)
    .filter((entry): entry is [string, T] => entry[1] !== undefined)
    .sort((a, b) => rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0]))
    .map(([status, total]) => ({ status, total }));
}

// A sign beside each status's word, so that the statuses differ by shape as
// well as colour (the badge's text says it; the sign is not read out).
export function payoutGlyph(status: string): string {
  switch (status) {
    case 'paid':
      return '✓';
    case 'failed':
    case 'rejected':
      return '✕';
    case 'refused':
      return '⊘';
    case 'needs_attention':
      return '!';
    case 'in_flight':
    case 'sent':
    case 'pending':
    case 'exported':
      return '→';
    case 'unknown':
      return '?';
    default:
      return '•';
  }
}

// The outcomes staff may record for one M-Pesa part: one sent whose result is
// not in (sent, unknown, pending) is paid or failed; a failed part of a
// withdrawal that needs attention is paid when the rest was paid another way.
export function resolveOutcomes(paymentState: string, withdrawalStatus: string): ('paid' | 'failed')[] {
  // Failed only once M-Pesa was asked and the outcome is still unknown: a
  // payment just sent may yet be paid.
  if (paymentState === 'unknown') return ['paid', 'failed'];
  if (paymentState === 'sent' || paymentState === 'pending') return ['paid'];
  if (paymentState === 'failed' && withdrawalStatus === 'needs_attention') return ['paid'];
  return [];
}

// An M-Pesa receipt as typed ("skr 123 4567") in its grammar, 8–20 capital letters and digits.
export function normaliseReceipt(text: string): string {
  return text.replace(/\s+/g, '').toUpperCase();
}

export function isMpesaReceipt(text: string): boolean {
  return /^[A-Z0-9]{8,20}$/.test(text);
}

// The bank transfer files still awaiting the bank's confirmation among the
// rows shown: each with how many transfers and their total, first seen first.
export function awaitingBatches(bank: readonly ({ batch_id: string; state: string; amount: string } | null)[]): { id: string; count: number; total: string }[] {
  const batches = new Map<string, string[]>();
  for (const payout of bank) {
    if (!payout || payout.state !== 'exported') continue;
    const amounts = batches.get(payout.batch_id) ?? [];
    amounts.push(payout.amount);
    batches.set(payout.batch_id, amounts);
  }
  return [...batches.entries()].map(([id, amounts]) => ({ id, count: amounts.length, total: sumMoney(amounts) }));
}
