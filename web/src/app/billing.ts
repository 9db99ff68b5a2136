// Pure logic of the built-in billing pages (catalogue, orders, invoices,
// credit notes, services, tickets), tested in web/test/billing.test.ts. Money
// is the API's decimal string end to end; every sum and every VAT is worked
// out in integer cents (bigint), with the server's rounding, never in floats.
import { fromCents, isMoney, parseMoneyInput, toCents } from './format';

// ---- the API's shapes (src/http/handlers/billing.cpp) ----

export interface PriceVersion {
  effective_from: string;
  price: string;
  setup_fee: string;
}

export interface Product {
  id: string;
  name: string;
  description: string;
  category: string;
  cycle: string;
  vat_bp: number;
  active: boolean;
  price: string | null; // the price in force now; null when none is yet
  setup_fee: string | null;
  prices: PriceVersion[];
  created_at: string;
}

// A priced line as the server shapes it for invoices and quotes (LineJson).
export interface PricedLine {
  id: string;
  description: string;
  category: string;
  quantity: number;
  unit_price: string;
  vat_bp: number;
  net: string;
  vat: string;
  gross: string;
  product_id: string | null;
  performed_by: string | null;
}

export interface InvoiceLine extends PricedLine {
  credited: string; // net credited back so far
  subscription: string | null;
}

export interface Payment {
  id: string;
  method: string;
  reference: string;
  amount: string;
  paid_at: string;
  recorded_by: string;
}

export interface CreditNote {
  id: string;
  number: string;
  reason: string;
  issued_at: string;
  total: string;
  lines: { line: string; net: string; vat: string }[];
  created_by: string;
}

export interface Invoice {
  id: string;
  number: string;
  client_id: string;
  kind: string;
  status: string;
  issued_at: string;
  due_at: string;
  paid_at: string | null;
  cancelled_at: string | null;
  net: string;
  vat: string;
  total: string;
  credited: string;
  lines: InvoiceLine[];
  payments: Payment[];
  credit_notes: CreditNote[];
  order_id: string | null;
}

export interface InvoicePage {
  items: Invoice[];
  next_cursor: string | null;
}

export interface Service {
  id: string;
  client_id: string;
  order_id: string;
  product_id: string;
  description: string;
  category: string;
  cycle: string;
  quantity: number;
  state: string;
  created_at: string;
  activated_at: string | null;
  next_due: string | null; // a calendar day, "2027-02-05"
  suspended_at: string | null;
  cancelled_at: string | null;
}

export interface PlacedOrder {
  id: string;
  client_id: string;
  placed_at: string;
  services: Service[];
  invoice: Invoice;
}

export interface TicketMessage {
  id: string;
  author: string;
  author_role: string; // client, agent (signed in as the client) or staff
  author_name: string;
  on_behalf_of: string | null;
  body: string; // "" for a message that is only a file
  at: string;
  attachments?: TicketAttachment[]; // every message carries it (possibly empty)
}

// A file on a ticket (POST /api/v1/tickets/{id}/attachments); `url` downloads it.
export interface TicketAttachment {
  id: string;
  name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  url: string;
}

export interface Ticket {
  id: string;
  number: string;
  client_id: string;
  subject: string;
  department: string;
  status: string;
  opened_by: string;
  on_behalf_of: string | null;
  created_at: string;
  updated_at: string;
  messages: TicketMessage[];
}

// ---- the vocabularies the server accepts ----

export const CATEGORIES = ['managed_subscription', 'talk_time', 'setup_fee', 'software_equipment', 'training_oos', 'custom_development', 'addon', 'deposit'] as const;
export const CYCLES = ['one_off', 'monthly', 'quarterly', 'yearly'] as const;
export const DEPARTMENTS = ['support', 'billing', 'sales', 'technical'] as const;
export const TICKET_STATUSES = ['open', 'answered', 'closed'] as const;
// What GET /invoices?status= filters on ("unpaid" also lists overdue ones, "paid" the refunded).
export const INVOICE_FILTERS = ['unpaid', 'overdue', 'paid', 'cancelled'] as const;
export const PAYMENT_METHODS = ['mpesa', 'bank'] as const;
export const MAX_QUANTITY = 10_000;

// ---- VAT and totals, exactly as the server computes them ----

// round_half_up(cents × bp / 10000), as ApplyRate in src/core/money.cpp.
export function applyRate(cents: bigint, bp: number): bigint {
  const rate = BigInt(bp);
  const magnitude = cents < 0n ? -cents : cents;
  const rounded = (magnitude * rate + 5000n) / 10000n;
  return cents < 0n ? -rounded : rounded;
}

export interface PreviewLine {
  key: string;
  productId: string;
  description: string;
  setup: boolean; // the setup fee's line of its own
  quantity: number;
  unitPrice: string;
  vatBp: number;
  net: string;
  vat: string;
  gross: string;
}

export interface OrderPreview {
  lines: PreviewLine[];
  net: string;
  vat: string;
  total: string;
}

// What an order will be invoiced: per product its price × quantity and, when
// it has one, its setup fee × quantity on a line of its own; each line's VAT
// rounded on its own and the invoice's VAT their sum (as PlanOrder and
// PriceLine do). Products without a price in force, and quantities of 0, are left out.
export function orderPreview(products: readonly Product[], quantities: Readonly<Record<string, number>>): OrderPreview {
  const lines: PreviewLine[] = [];
  let net = 0n;
  let vat = 0n;
  const add = (product: Product, setup: boolean, unit: string, quantity: number) => {
    const lineNet = toCents(unit) * BigInt(quantity);
    const lineVat = applyRate(lineNet, product.vat_bp);
    net += lineNet;
    vat += lineVat;
    lines.push({
      key: `${product.id}${setup ? '-setup' : ''}`,
      productId: product.id,
      description: product.name,
      setup,
      quantity,
      unitPrice: unit,
      vatBp: product.vat_bp,
      net: fromCents(lineNet),
      vat: fromCents(lineVat),
      gross: fromCents(lineNet + lineVat),
    });
  };
  for (const product of products) {
    const quantity = quantities[product.id] ?? 0;
    if (!(quantity > 0) || product.price === null || !isMoney(product.price)) continue;
    add(product, false, product.price, quantity);
    if (product.setup_fee && isMoney(product.setup_fee) && toCents(product.setup_fee) > 0n) add(product, true, product.setup_fee, quantity);
  }
  return { lines, net: fromCents(net), vat: fromCents(vat), total: fromCents(net + vat) };
}

// The order's request body: the products with a quantity above 0, in catalogue order.
export function orderLines(products: readonly Product[], quantities: Readonly<Record<string, number>>): { product_id: string; quantity: number }[] {
  return products.filter((p) => (quantities[p.id] ?? 0) > 0 && p.price !== null).map((p) => ({ product_id: p.id, quantity: quantities[p.id] as number }));
}

// A quantity as typed: a whole number from 0 to MAX_QUANTITY, blank is 0; null otherwise.
export function parseQuantity(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return 0;
  if (!/^[0-9]{1,5}$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return value <= MAX_QUANTITY ? value : null;
}

// "16" or "16.5" (percent) → 1600 or 1650 basis points; null when not 0–100 with at most two decimals.
export function parseVatPercent(text: string): number | null {
  const match = /^([0-9]{1,3})(?:\.([0-9]{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  const bp = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return bp <= 10_000 ? bp : null;
}

// 1600 → "16", 1650 → "16.5", 1625 → "16.25": basis points as a percent, exactly.
export function vatPercent(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const rest = bp % 100;
  if (rest === 0) return String(whole);
  return `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}`;
}

// ---- credit notes ----

// What is left to credit on a line: its net less what was credited before.
export function creditLeft(line: Pick<InvoiceLine, 'net' | 'credited'>): string {
  return fromCents(toCents(line.net) - toCents(line.credited));
}

// The VAT a credit of `amount` (net) on a line carries: the VAT of what was
// left less the VAT of what is left after (as PlanCredit), so that crediting a
// line in parts adds up to its VAT exactly.
export function creditVat(line: Pick<InvoiceLine, 'net' | 'credited' | 'vat_bp'>, amount: string): string {
  const left = toCents(line.net) - toCents(line.credited);
  return fromCents(applyRate(left, line.vat_bp) - applyRate(left - toCents(amount), line.vat_bp));
}

export type CreditProblem = 'invalid' | 'tooMuch';

export interface CreditPlan {
  lines: { line: string; amount: string }[];
  problems: Record<string, CreditProblem>; // by line id
  net: string;
  vat: string;
  total: string;
}

// The credit note a form describes: each line's amount as typed (blank: not
// credited), checked as the server checks it (above 0, at most what is left).
export function creditPlan(invoiceLines: readonly InvoiceLine[], typed: Readonly<Record<string, string>>): CreditPlan {
  const lines: { line: string; amount: string }[] = [];
  const problems: Record<string, CreditProblem> = {};
  let net = 0n;
  let vat = 0n;
  for (const line of invoiceLines) {
    const text = (typed[line.id] ?? '').trim();
    if (text === '') continue;
    const amount = parseMoneyInput(text);
    if (amount === null || toCents(amount) === 0n) {
      problems[line.id] = 'invalid';
      continue;
    }
    if (toCents(amount) > toCents(creditLeft(line))) {
      problems[line.id] = 'tooMuch';
      continue;
    }
    lines.push({ line: line.id, amount });
    net += toCents(amount);
    vat += toCents(creditVat(line, amount));
  }
  return { lines, problems, net: fromCents(net), vat: fromCents(vat), total: fromCents(net + vat) };
}

// Whether staff may still credit an invoice: paid, and something left on a line.
export function creditable(invoice: Pick<Invoice, 'status' | 'lines'>): boolean {
  return (invoice.status === 'paid' || invoice.status === 'partly_refunded') && invoice.lines.some((l) => toCents(creditLeft(l)) > 0n);
}

// Unpaid (or overdue) and not cancelled: a payment may be recorded, or it may be cancelled.
export function payable(invoice: Pick<Invoice, 'status'>): boolean {
  return invoice.status === 'unpaid' || invoice.status === 'overdue';
}

// ---- payments ----

// The references the server takes: an M-Pesa receipt is 10 capital letters
// and digits, a bank reference 1–40 letters, digits, '-', '/' or '.'.
export function isPaymentReference(method: string, reference: string): boolean {
  if (method === 'mpesa') return /^[A-Z0-9]{10}$/.test(reference);
  if (method === 'bank') return /^[A-Za-z0-9./-]{1,40}$/.test(reference);
  return false;
}

// What a person types as a reference, as the server wants it (M-Pesa receipts are capitals).
export function normaliseReference(method: string, text: string): string {
  const trimmed = text.trim();
  return method === 'mpesa' ? trimmed.toUpperCase() : trimmed;
}

// ---- prices from a date ----

// A calendar day ("2027-01-01") as the instant its EAT day starts, for
// effective_from; blank is null (from now). Anything else is undefined.
export function effectiveFrom(day: string): string | null | undefined {
  const trimmed = day.trim();
  if (trimmed === '') return null;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) return undefined;
  const date = new Date(`${trimmed}T00:00:00+03:00`);
  if (Number.isNaN(date.getTime())) return undefined;
  return `${trimmed}T00:00:00+03:00`;
}

// The price version in force at `now`, as the server's PriceAt: the latest that started at or before it.
export function priceAt(prices: readonly PriceVersion[], now: Date): PriceVersion | null {
  let found: PriceVersion | null = null;
  for (const price of prices) {
    if (new Date(price.effective_from).getTime() <= now.getTime()) {
      if (!found || new Date(price.effective_from) >= new Date(found.effective_from)) found = price;
    }
  }
  return found;
}

// ---- services ----

// The states staff may move a service to from `state` (MayMove in src/billing/order.cpp).
export function nextServiceStates(state: string): string[] {
  switch (state) {
    case 'pending':
      return ['active', 'cancelled'];
    case 'active':
      return ['suspended', 'cancelled'];
    case 'suspended':
      return ['active', 'cancelled'];
    default:
      return [];
  }
}

// ---- the client's home: what waits for it ----

// Unpaid and overdue invoices, the oldest due first.
export function unpaidInvoices(invoices: readonly Invoice[]): Invoice[] {
  return invoices.filter(payable).sort((a, b) => (a.due_at < b.due_at ? -1 : a.due_at > b.due_at ? 1 : 0));
}

// What is left to pay on them, exact.
export function amountDue(invoices: readonly Pick<Invoice, 'total'>[]): string {
  let cents = 0n;
  for (const invoice of invoices) if (isMoney(invoice.total)) cents += toCents(invoice.total);
  return fromCents(cents);
}

// Tickets not closed (open, or answered and waiting for the client), the latest change first.
export function openTickets(tickets: readonly Ticket[]): Ticket[] {
  return tickets.filter((t) => t.status !== 'closed').sort((a, b) => (a.updated_at < b.updated_at ? 1 : a.updated_at > b.updated_at ? -1 : 0));
}

// The latest message of a ticket, for lists.
export function lastMessage(ticket: Pick<Ticket, 'messages'>): TicketMessage | null {
  return ticket.messages.length ? (ticket.messages[ticket.messages.length - 1] ?? null) : null;
}

// The EAT calendar day an invoice is due by: its due_at is the end of that
// day (00:00 EAT of the next), so the day is the one just before the instant.
export function dueDay(dueAt: string): string {
  const instant = new Date(dueAt);
  if (Number.isNaN(instant.getTime())) return dueAt;
  const eat = new Date(instant.getTime() - 1000 + 3 * 3_600_000);
  return eat.toISOString().slice(0, 10);
}
