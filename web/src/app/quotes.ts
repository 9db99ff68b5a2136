// Pure logic of the quote pages (the agent's, the client's and the
// prospect's /quote page), tested in web/test/quotes.test.ts: the API's
// shapes, the draft form as the request body the server takes, its live
// preview in integer cents with each line's VAT rounded half up as the
// server does (PlanQuoteLines and PriceLine), and the secret of a prospect's
// link read from the URL's fragment (never sent in a path or a query).
import { applyRate, CATEGORIES, MAX_QUANTITY, parseVatPercent, type Product } from './billing';
import type { PricedLine } from './billing';
import { fromCents, isMoney, parseMoneyInput, toCents } from './format';

// ---- the API's shapes (src/http/handlers/quotes.cpp) ----

export interface QuoteLine extends PricedLine {
  kind: string; // product, setup (the product's setup fee) or free
}

export interface Prospect {
  name: string;
  company: string;
  email: string;
}

// What the prospect's page reads (POST /api/v1/quote-links/lookup) is this
// without the program's ids; the agent and the client read all of it.
export interface Quote {
  id?: string;
  number: string;
  agent_id?: string;
  agent_name: string | null; // set on one quote, null in lists
  client_id?: string | null;
  prospect: Prospect | null; // null for a client's quote
  note: string;
  status: string;
  valid_until: string; // a calendar day, "2027-01-05": valid to the end of it (EAT)
  created_by?: string;
  created_at: string;
  sent_at: string | null;
  decided_at: string | null;
  decided_by?: string | null;
  decline_reason: string | null;
  order_id?: string | null;
  net: string;
  vat: string;
  total: string;
  lines: QuoteLine[];
}

export interface QuoteList {
  items: Quote[];
}

// 201 of an acceptance: the quote, the order and its invoice (and, for a
// prospect, the client account it became).
export interface AcceptedQuote {
  quote: Quote;
  order_id: string;
  invoice_id: string;
  invoice_number: string;
  total: string;
  client_id?: string | null;
  user_id?: string | null;
}

export const QUOTE_STATUSES = ['draft', 'sent', 'accepted', 'declined', 'withdrawn', 'expired'] as const;

// A free line may be any commission category but a managed subscription,
// which only the catalogue sells.
export const FREE_LINE_CATEGORIES = CATEGORIES.filter((c) => c !== 'managed_subscription');

// What may be done to a quote in each status.
export const sendable = (status: string): boolean => status === 'draft';
export const withdrawable = (status: string): boolean => status === 'draft' || status === 'sent';
export const decidable = (status: string): boolean => status === 'sent';

// ---- a prospect's link: <public_url>/quote#<64 hex> ----

// The secret in a URL fragment ("#ab12…", as location.hash gives it), or null
// when the fragment is not one. Hex only, so nothing else can reach the API.
export function quoteSecretFromHash(hash: string): string | null {
  const text = hash.trim().replace(/^#/, '').trim();
  return /^[0-9a-fA-F]{64}$/.test(text) ? text.toLowerCase() : null;
}

// ---- the draft form ----

export interface CatalogueLineForm {
  key: string;
  kind: 'product';
  productId: string;
  quantity: string;
}

export interface FreeLineForm {
  key: string;
  kind: 'free';
  description: string;
  category: string;
  unitPrice: string;
  quantity: string;
  vat: string; // percent as typed; blank: the server's default
}

export type LineForm = CatalogueLineForm | FreeLineForm;

export interface QuoteForm {
  recipient: 'client' | 'prospect';
  clientId: string;
  prospectName: string;
  prospectCompany: string;
  prospectEmail: string;
  validUntil: string; // YYYY-MM-DD or blank (the server's 30 days)
  note: string;
  lines: LineForm[];
}

// Why a field cannot be sent as it is: the page words each code.
export type QuoteFormCode = 'required' | 'quantity' | 'money' | 'vat' | 'email' | 'date' | 'product' | 'noLines' | 'tooLong';

export interface QuoteFormProblem {
  field: string; // as the server names it: "lines/0/unit_price", "prospect/email"
  code: QuoteFormCode;
  // Wrong as typed (shown at once), rather than only missing (shown on submit).
  typed: boolean;
}

export interface QuotePreviewLine {
  key: string;
  description: string;
  setup: boolean; // a product's setup fee, on a line of its own
  category: string;
  quantity: number;
  unitPrice: string;
  vatBp: number;
  net: string;
  vat: string;
  gross: string;
}

export interface QuotePlan {
  lines: QuotePreviewLine[];
  net: string;
  vat: string;
  total: string;
  problems: QuoteFormProblem[];
  body: Record<string, unknown> | null; // null while any problem remains
}

export const MAX_QUOTE_LINES = 50;
const MAX_NOTE = 2000;
const MAX_DESCRIPTION = 200;

// A line's quantity: a whole number from 1 to MAX_QUANTITY; null otherwise.
export function parseLineQuantity(text: string): number | null {
  const trimmed = text.trim();
  if (!/^[0-9]{1,5}$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return value >= 1 && value <= MAX_QUANTITY ? value : null;
}

// A calendar day as typed (a date input gives YYYY-MM-DD), or null.
export function parseDay(text: string): string | null {
  const trimmed = text.trim();
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed);
  if (!match) return null;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === trimmed ? trimmed : null;
}

export function looksLikeEmail(text: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text.trim());
}

// The VAT a free line gets when none is typed (FreeLine in src/billing/quote.cpp):
// none on a refundable deposit, 16% on anything else.
export function defaultVatBp(category: string): number {
  return category === 'deposit' ? 0 : 1600;
}

// The form as the server would price it now, and the request body once
// nothing is wrong. Catalogue lines take the product's price in force and,
// when it has one, its setup fee on a line of its own; each line's VAT is
// round_half_up(net × bp / 10000) and the totals are the lines' sums.
export function planQuote(form: QuoteForm, products: readonly Product[]): QuotePlan {
  const problems: QuoteFormProblem[] = [];
  const problem = (field: string, code: QuoteFormCode, typed: boolean) => problems.push({ field, code, typed });
  const lines: QuotePreviewLine[] = [];
  const requests: Record<string, unknown>[] = [];
  let net = 0n;
  let vat = 0n;
  const add = (key: string, description: string, setup: boolean, category: string, unit: string, quantity: number, bp: number) => {
    const lineNet = toCents(unit) * BigInt(quantity);
    const lineVat = applyRate(lineNet, bp);
    net += lineNet;
    vat += lineVat;
    lines.push({ key, description, setup, category, quantity, unitPrice: unit, vatBp: bp, net: fromCents(lineNet), vat: fromCents(lineVat), gross: fromCents(lineNet + lineVat) });
  };

  if (form.recipient === 'client') {
    if (!form.clientId.trim()) problem('client_id', 'required', false);
  } else {
    if (!form.prospectName.trim()) problem('prospect/name', 'required', false);
    if (!form.prospectCompany.trim()) problem('prospect/company', 'required', false);
    if (!form.prospectEmail.trim()) problem('prospect/email', 'required', false);
    else if (!looksLikeEmail(form.prospectEmail)) problem('prospect/email', 'email', true);
  }
  const validUntil = form.validUntil.trim() ? parseDay(form.validUntil) : null;
  if (form.validUntil.trim() && validUntil === null) problem('valid_until', 'date', true);
  if (form.note.length > MAX_NOTE) problem('note', 'tooLong', true);
  if (form.lines.length === 0) problem('lines', 'noLines', false);
  if (form.lines.length > MAX_QUOTE_LINES) problem('lines', 'tooLong', true);

  form.lines.forEach((line, i) => {
    const where = `lines/${i}`;
    const quantity = parseLineQuantity(line.quantity);
    if (quantity === null) problem(`${where}/quantity`, line.quantity.trim() ? 'quantity' : 'required', line.quantity.trim() !== '');
    if (line.kind === 'product') {
      const product = products.find((p) => p.id === line.productId && p.active && p.price !== null && isMoney(p.price));
      if (!product) {
        problem(`${where}/product_id`, line.productId ? 'product' : 'required', false);
        return;
      }
      requests.push({ product_id: product.id, quantity: quantity ?? 1 });
      if (quantity === null) return;
      add(`${line.key}`, product.name, false, product.category, product.price as string, quantity, product.vat_bp);
      if (product.setup_fee && isMoney(product.setup_fee) && toCents(product.setup_fee) > 0n) {
        add(`${line.key}-setup`, product.name, true, 'setup_fee', product.setup_fee, quantity, product.vat_bp);
      }
      return;
    }
    const description = line.description.trim();
    if (!description) problem(`${where}/description`, 'required', false);
    else if ([...description].length > MAX_DESCRIPTION) problem(`${where}/description`, 'tooLong', true);
    const category = (FREE_LINE_CATEGORIES as readonly string[]).includes(line.category) ? line.category : null;
    if (!category) problem(`${where}/category`, 'required', false);
    const unit = line.unitPrice.trim() ? parseMoneyInput(line.unitPrice) : null;
    if (unit === null) problem(`${where}/unit_price`, line.unitPrice.trim() ? 'money' : 'required', line.unitPrice.trim() !== '');
    const typedVat = line.vat.trim() ? parseVatPercent(line.vat) : null;
    if (line.vat.trim() && typedVat === null) problem(`${where}/vat_bp`, 'vat', true);
    const request: Record<string, unknown> = { description, category, unit_price: unit, quantity: quantity ?? 1 };
    if (typedVat !== null) request.vat_bp = typedVat;
    requests.push(request);
    if (category && unit !== null && quantity !== null && !(line.vat.trim() && typedVat === null)) {
      add(line.key, description, false, category, unit, quantity, typedVat ?? defaultVatBp(category));
    }
  });

  let body: Record<string, unknown> | null = null;
  if (problems.length === 0) {
    body =
      form.recipient === 'client'
        ? { client_id: form.clientId.trim() }
        : { prospect: { name: form.prospectName.trim(), company: form.prospectCompany.trim(), email: form.prospectEmail.trim() } };
    if (validUntil) body.valid_until = validUntil;
    if (form.note.trim()) body.note = form.note.trim();
    body.lines = requests;
  }
  return { lines, net: fromCents(net), vat: fromCents(vat), total: fromCents(net + vat), problems, body };
}

// ---- reading quotes ----

// Whom a quote is for, in words: the client's name (from the agent's client
// list) or id, else the prospect's company and contact.
export function quoteParty(quote: Pick<Quote, 'client_id' | 'prospect'>, clientNames: Readonly<Record<string, string | null>> = {}): string {
  if (quote.client_id) return clientNames[quote.client_id] ?? quote.client_id;
  if (quote.prospect) return quote.prospect.company && quote.prospect.name ? `${quote.prospect.company} (${quote.prospect.name})` : quote.prospect.company || quote.prospect.name || quote.prospect.email;
  return '—';
}

// The quote's totals worked out again from its lines (what the server says
// must equal these; the unit tests hold the pages to it).
export function quoteTotals(lines: readonly Pick<QuoteLine, 'net' | 'vat'>[]): { net: string; vat: string; total: string } {
  let net = 0n;
  let vat = 0n;
  for (const line of lines) {
    net += toCents(line.net);
    vat += toCents(line.vat);
  }
  return { net: fromCents(net), vat: fromCents(vat), total: fromCents(net + vat) };
}
