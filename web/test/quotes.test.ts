import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Product } from '../src/app/billing';
import {
  decidable,
  defaultVatBp,
  FREE_LINE_CATEGORIES,
  parseDay,
  parseLineQuantity,
  planQuote,
  quoteParty,
  quoteSecretFromHash,
  quoteTotals,
  sendable,
  withdrawable,
  type LineForm,
  type QuoteForm,
} from '../src/app/quotes';

const SECRET = '67bc7a03faf75ce36b2db8d11f54a3339c0452bc56b1cfaf7b127b636337d4ac';

function product(id: string, price: string | null, setup: string | null, extra: Partial<Product> = {}): Product {
  return { id, name: `Product ${id}`, description: '', category: 'managed_subscription', cycle: 'monthly', vat_bp: 1600, active: true, price, setup_fee: setup, prices: [], created_at: '2026-12-01T00:00:00Z', ...extra };
}

const PBX = product('pbx', '2499.99', '5000.00', { name: 'Hosted PBX, 10 users' });

function form(lines: LineForm[], extra: Partial<QuoteForm> = {}): QuoteForm {
  return {
    recipient: 'prospect',
    clientId: '',
    prospectName: 'Wanjiku Kamau',
    prospectCompany: 'Kamau Traders',
    prospectEmail: 'wanjiku@kamau.example',
    validUntil: '',
    note: '',
    lines,
    ...extra,
  };
}

const catalogue = (productId: string, quantity = '1'): LineForm => ({ key: `k-${productId}-${quantity}`, kind: 'product', productId, quantity });
const free = (unitPrice: string, extra: Partial<Extract<LineForm, { kind: 'free' }>> = {}): LineForm => ({
  key: `free-${unitPrice}`,
  kind: 'free',
  description: 'On-site training, half a day',
  category: 'training_oos',
  unitPrice,
  quantity: '1',
  vat: '',
  ...extra,
});

test('a quote priced as the server does: catalogue price, its setup fee on a line of its own, a free line (as quotes_test.cpp)', () => {
  const plan = planQuote(form([catalogue('pbx'), free('3,000')]), [PBX]);
  assert.deepEqual(plan.problems, []);
  assert.deepEqual(
    plan.lines.map((l) => [l.description, l.setup, l.category, l.quantity, l.net, l.vat, l.gross]),
    [
      ['Hosted PBX, 10 users', false, 'managed_subscription', 1, '2499.99', '400.00', '2899.99'],
      ['Hosted PBX, 10 users', true, 'setup_fee', 1, '5000.00', '800.00', '5800.00'],
      ['On-site training, half a day', false, 'training_oos', 1, '3000.00', '480.00', '3480.00'],
    ],
  );
  assert.equal(plan.net, '10499.99');
  assert.equal(plan.vat, '1680.00');
  assert.equal(plan.total, '12179.99');
  assert.deepEqual(plan.body, {
    prospect: { name: 'Wanjiku Kamau', company: 'Kamau Traders', email: 'wanjiku@kamau.example' },
    lines: [
      { product_id: 'pbx', quantity: 1 },
      { description: 'On-site training, half a day', category: 'training_oos', unit_price: '3000.00', quantity: 1 },
    ],
  });
});

test('two of a product: 2 × 2499.99 and 2 × 5000.00, each line with its VAT (17399.98)', () => {
  const plan = planQuote(form([catalogue('pbx', '2')], { recipient: 'client', clientId: 'CL-DEMO' }), [PBX]);
  assert.equal(plan.total, '17399.98');
  assert.deepEqual(plan.body, { client_id: 'CL-DEMO', lines: [{ product_id: 'pbx', quantity: 2 }] });
});

test('VAT is rounded half up on each line, never on the sum', () => {
  // 4 × 0.25 at 16% is 0.16 (4 × 0.04), as docs/api.md says.
  const quarters = [0, 1, 2, 3].map((i) => ({ ...free('0.25'), key: `q${i}` }));
  const perLine = planQuote(form(quarters), []);
  assert.deepEqual(perLine.lines.map((l) => l.vat), ['0.04', '0.04', '0.04', '0.04']);
  assert.equal(perLine.vat, '0.16');
  const small = [0, 1, 2, 3].map((i) => ({ ...free('0.20'), key: `s${i}` }));
  // 0.20 × 16% = 0.032 → 0.03 each: 0.12, where 0.80 × 16% on the sum would be 0.13.
  assert.equal(planQuote(form(small), []).vat, '0.12');
  // Half a cent rounds up: 12.5% of 0.04 is 0.005 → 0.01.
  const half = planQuote(form([free('0.04', { vat: '12.5' })]), []);
  assert.equal(half.lines[0]?.vat, '0.01');
  assert.equal(half.total, '0.05');
});

test('the VAT of a free line: blank is 16%, or none on a deposit; a typed rate is sent in basis points', () => {
  assert.equal(defaultVatBp('deposit'), 0);
  assert.equal(defaultVatBp('software_equipment'), 1600);
  const deposit = planQuote(form([free('10000', { category: 'deposit', description: 'Handset deposit' })]), []);
  assert.equal(deposit.vat, '0.00');
  assert.equal(deposit.total, '10000.00');
  assert.equal((deposit.body?.lines as Record<string, unknown>[])[0]?.vat_bp, undefined, 'blank: the server decides, as the preview did');
  const typed = planQuote(form([free('100', { vat: '8' })]), []);
  assert.equal(typed.vat, '8.00');
  assert.equal((typed.body?.lines as Record<string, unknown>[])[0]?.vat_bp, 800);
});

test('quantities multiply in cents, exactly, for the largest amounts', () => {
  const plan = planQuote(form([free('999999999999.99', { quantity: '10000', category: 'custom_development' })]), []);
  assert.equal(plan.net, '9999999999999900.00');
  assert.equal(plan.vat, '1599999999999984.00');
});

test('a managed subscription is not a free line, and the free categories say so', () => {
  assert.ok(!(FREE_LINE_CATEGORIES as readonly string[]).includes('managed_subscription'));
  assert.ok((FREE_LINE_CATEGORIES as readonly string[]).includes('training_oos'));
  const plan = planQuote(form([free('1.00', { category: 'managed_subscription' })]), []);
  assert.deepEqual(plan.problems.map((p) => p.field), ['lines/0/category']);
  assert.equal(plan.body, null);
});

test('problems are named as the server names them; wrong as typed shows at once, missing only on submit', () => {
  const plan = planQuote(
    form([catalogue(''), free('12.345'), free('', { description: '', category: '', quantity: 'two', vat: '101' })], { prospectEmail: 'not an email', prospectName: ' ', validUntil: '2027-02-30' }),
    [PBX],
  );
  const byField = Object.fromEntries(plan.problems.map((p) => [p.field, [p.code, p.typed]]));
  assert.deepEqual(byField, {
    'prospect/name': ['required', false],
    'prospect/email': ['email', true],
    valid_until: ['date', true],
    'lines/0/product_id': ['required', false],
    'lines/1/unit_price': ['money', true],
    'lines/2/quantity': ['quantity', true],
    'lines/2/description': ['required', false],
    'lines/2/category': ['required', false],
    'lines/2/unit_price': ['required', false],
    'lines/2/vat_bp': ['vat', true],
  });
  assert.equal(plan.body, null);
  assert.deepEqual(plan.lines, [], 'no line can be priced as it stands');
  assert.deepEqual(planQuote(form([]), []).problems, [{ field: 'lines', code: 'noLines', typed: false }]);
  assert.deepEqual(planQuote(form([catalogue('pbx')], { recipient: 'client' }), [PBX]).problems, [{ field: 'client_id', code: 'required', typed: false }]);
});

test('a product withdrawn from sale, or without a price in force, cannot be quoted', () => {
  const withdrawn = product('fax', '500.00', null, { active: false });
  const unpriced = product('new', null, null);
  const plan = planQuote(form([catalogue('fax'), catalogue('new')]), [withdrawn, unpriced]);
  assert.deepEqual(plan.problems.map((p) => [p.field, p.code]), [
    ['lines/0/product_id', 'product'],
    ['lines/1/product_id', 'product'],
  ]);
});

test('the validity date and the note go in the body when given', () => {
  const plan = planQuote(form([catalogue('pbx')], { validUntil: '2027-01-05', note: '  As discussed on Monday.  ' }), [PBX]);
  assert.equal(plan.body?.valid_until, '2027-01-05');
  assert.equal(plan.body?.note, 'As discussed on Monday.');
  assert.equal(parseDay('2027-01-05'), '2027-01-05');
  assert.equal(parseDay('2027-02-29'), null);
  assert.equal(parseDay('05/01/2027'), null);
});

test('quantities of a quote line: 1 to 10000, whole', () => {
  assert.equal(parseLineQuantity('1'), 1);
  assert.equal(parseLineQuantity(' 10000 '), 10000);
  for (const wrong of ['0', '', '10001', '1.5', '-1', 'two']) assert.equal(parseLineQuantity(wrong), null, wrong);
});

test('the secret of a prospect link is read from the fragment, 64 hex only', () => {
  assert.equal(quoteSecretFromHash(`#${SECRET}`), SECRET);
  assert.equal(quoteSecretFromHash(SECRET), SECRET);
  assert.equal(quoteSecretFromHash(`#${SECRET.toUpperCase()}`), SECRET, 'as the server stores it: lower case');
  for (const wrong of ['', '#', `#${SECRET.slice(1)}`, `#${SECRET}0`, `#${SECRET.slice(0, 63)}g`, '#../../etc/passwd', `#token=${SECRET}`]) {
    assert.equal(quoteSecretFromHash(wrong), null, wrong);
  }
});

test('what may be done in each status', () => {
  assert.deepEqual(['draft', 'sent', 'accepted', 'declined', 'withdrawn', 'expired'].map((s) => [sendable(s), withdrawable(s), decidable(s)]), [
    [true, true, false],
    [false, true, true],
    [false, false, false],
    [false, false, false],
    [false, false, false],
    [false, false, false],
  ]);
});

test('whom a quote is for, and its totals from its lines', () => {
  assert.equal(quoteParty({ client_id: 'CL-DEMO', prospect: null }, { 'CL-DEMO': 'Kilimani Dental Clinic' }), 'Kilimani Dental Clinic');
  assert.equal(quoteParty({ client_id: 'CL-NEW', prospect: null }), 'CL-NEW');
  assert.equal(quoteParty({ client_id: null, prospect: { name: 'Wanjiku', company: 'Kamau Traders', email: 'w@k.example' } }), 'Kamau Traders (Wanjiku)');
  assert.deepEqual(quoteTotals([{ net: '2499.99', vat: '400.00' }, { net: '5000.00', vat: '800.00' }]), { net: '7499.99', vat: '1200.00', total: '8699.99' });
});
