import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  amountDue,
  applyRate,
  creditable,
  creditLeft,
  creditPlan,
  creditVat,
  dueDay,
  effectiveFrom,
  isPaymentReference,
  lastMessage,
  nextServiceStates,
  normaliseReference,
  openTickets,
  orderLines,
  orderPreview,
  parseQuantity,
  parseVatPercent,
  payable,
  priceAt,
  unpaidInvoices,
  vatPercent,
  type Invoice,
  type InvoiceLine,
  type Product,
  type Ticket,
} from '../src/app/billing';

function product(id: string, price: string | null, setup: string | null, vat = 1600, extra: Partial<Product> = {}): Product {
  return { id, name: `Product ${id}`, description: '', category: 'managed_subscription', cycle: 'monthly', vat_bp: vat, active: true, price, setup_fee: setup, prices: [], created_at: '2026-12-01T00:00:00Z', ...extra };
}

function line(id: string, net: string, credited = '0.00', vat = 1600): InvoiceLine {
  return { id, description: `Line ${id}`, category: 'setup_fee', quantity: 1, unit_price: net, vat_bp: vat, net, vat: '0.00', gross: net, credited, product_id: null, subscription: null, performed_by: null };
}

test('VAT rounds half up on the cent, as the server', () => {
  assert.equal(applyRate(249999n, 1600), 40000n); // 2499.99 × 16% = 399.9984 → 400.00
  assert.equal(applyRate(99n, 1600), 16n); // 0.99 × 16% = 0.1584 → 0.16
  assert.equal(applyRate(25n, 1600), 4n); // 0.25 × 16% = 0.04
  assert.equal(applyRate(3125n, 1600), 500n); // exactly 5.00
  assert.equal(applyRate(1n, 5000), 1n); // 0.005 → 0.01 (half up)
  assert.equal(applyRate(-99n, 1600), -16n);
  assert.equal(applyRate(1000000n, 0), 0n);
  // The largest amount does not lose a cent (no float on the way).
  assert.equal(applyRate(99999999999999n, 1600), 16000000000000n);
});

test('an order preview prices each product and its setup fee on lines of their own, VAT per line', () => {
  const products = [product('pbx', '2499.99', '5000.00'), product('sim', '0.33', '0.00', 1600, { cycle: 'one_off', category: 'software_equipment' }), product('deposit', '10000.00', null, 0)];
  const preview = orderPreview(products, { pbx: 2, sim: 3 });
  assert.deepEqual(
    preview.lines.map((l) => [l.key, l.quantity, l.net, l.vat, l.gross]),
    [
      ['pbx', 2, '4999.98', '800.00', '5799.98'],
      ['pbx-setup', 2, '10000.00', '1600.00', '11600.00'],
      ['sim', 3, '0.99', '0.16', '1.15'],
    ],
  );
  assert.equal(preview.net, '15000.97');
  assert.equal(preview.vat, '2400.16');
  assert.equal(preview.total, '17401.13');
  // The invoice's VAT is the sum of its lines' VAT, each rounded on its own.
  const tiny = orderPreview([product('a', '0.03', null), product('b', '0.03', null)], { a: 1, b: 1 });
  assert.equal(tiny.vat, '0.00'); // 0.0048 rounds to 0.00 on each line; 16% of 0.06 would be 0.01
});

test('an order leaves out what has no quantity or no price, and is exact on large amounts', () => {
  const products = [product('a', '99999999.99', null), product('b', null, null), product('c', '1.00', null)];
  assert.deepEqual(orderLines(products, { a: 10000, b: 2, c: 0 }), [{ product_id: 'a', quantity: 10000 }]);
  const preview = orderPreview(products, { a: 10000, b: 2 });
  assert.equal(preview.lines.length, 1);
  assert.equal(preview.net, '999999999900.00');
  assert.equal(preview.vat, '159999999984.00');
  assert.equal(preview.total, '1159999999884.00');
  assert.deepEqual(orderPreview(products, {}), { lines: [], net: '0.00', vat: '0.00', total: '0.00' });
});

test('quantities and VAT percentages as typed', () => {
  assert.equal(parseQuantity(''), 0);
  assert.equal(parseQuantity(' 3 '), 3);
  assert.equal(parseQuantity('10000'), 10000);
  assert.equal(parseQuantity('10001'), null);
  assert.equal(parseQuantity('1.5'), null);
  assert.equal(parseQuantity('-1'), null);
  assert.equal(parseQuantity('2e3'), null);
  assert.equal(parseVatPercent('16'), 1600);
  assert.equal(parseVatPercent('16.5'), 1650);
  assert.equal(parseVatPercent('0'), 0);
  assert.equal(parseVatPercent('100'), 10000);
  assert.equal(parseVatPercent('100.01'), null);
  assert.equal(parseVatPercent('16%'), null);
  assert.equal(parseVatPercent('0.07'), 7);
  assert.equal(vatPercent(1600), '16');
  assert.equal(vatPercent(1650), '16.5');
  assert.equal(vatPercent(1625), '16.25');
  assert.equal(vatPercent(7), '0.07');
  assert.equal(vatPercent(0), '0');
});

test('a credit note: what is left per line, its VAT as the server splits it, and the checks', () => {
  // 3333.33 at 16%: a third (1111.11) carries vat(3333.33) − vat(2222.22) = 533.33 − 355.56 = 177.77.
  const installation = line('1', '3333.33');
  assert.equal(creditVat(installation, '1111.11'), '177.77');
  const after = { ...installation, credited: '1111.11' };
  assert.equal(creditLeft(after), '2222.22');
  assert.equal(creditVat(after, '2222.22'), '355.56'); // the rest: the two parts add up to the line's 533.33
  const plan = creditPlan([installation, line('2', '100.00')], { '1': '1,111.11', '2': '' });
  assert.deepEqual(plan.lines, [{ line: '1', amount: '1111.11' }]);
  assert.deepEqual(plan.problems, {});
  assert.equal(plan.net, '1111.11');
  assert.equal(plan.vat, '177.77');
  assert.equal(plan.total, '1288.88');
  const wrong = creditPlan([after, line('2', '100.00')], { '1': '2222.23', '2': '0' });
  assert.deepEqual(wrong.problems, { '1': 'tooMuch', '2': 'invalid' });
  assert.deepEqual(wrong.lines, []);
  assert.deepEqual(creditPlan([installation], { '1': 'abc' }).problems, { '1': 'invalid' });
});

function invoice(status: string, extra: Partial<Invoice> = {}): Invoice {
  return { id: `inv-${status}`, number: 'INV-000001', client_id: 'CL-DEMO', kind: 'order', status, issued_at: '2026-12-01T09:00:00Z', due_at: '2026-12-15T21:00:00Z', paid_at: null, cancelled_at: null, net: '100.00', vat: '16.00', total: '116.00', credited: '0.00', lines: [line('1', '100.00')], payments: [], credit_notes: [], order_id: null, ...extra };
}

test('what staff may do to an invoice follows its status', () => {
  assert.ok(payable(invoice('unpaid')));
  assert.ok(payable(invoice('overdue')));
  assert.ok(!payable(invoice('paid')));
  assert.ok(!payable(invoice('cancelled')));
  assert.ok(creditable(invoice('paid')));
  assert.ok(creditable(invoice('partly_refunded', { lines: [line('1', '100.00', '40.00')] })));
  assert.ok(!creditable(invoice('partly_refunded', { lines: [line('1', '100.00', '100.00')] })));
  assert.ok(!creditable(invoice('unpaid')));
  assert.ok(!creditable(invoice('refunded')));
});

test('payment references as the server takes them', () => {
  assert.ok(isPaymentReference('mpesa', 'QK71ZP3XYZ'));
  assert.ok(!isPaymentReference('mpesa', 'qk71zp3xyz'));
  assert.ok(!isPaymentReference('mpesa', 'QK71ZP3XY'));
  assert.equal(normaliseReference('mpesa', ' qk71zp3xyz '), 'QK71ZP3XYZ');
  assert.equal(normaliseReference('bank', ' eq-2026/771 '), 'eq-2026/771');
  assert.ok(isPaymentReference('bank', 'EQ-2026/771.1'));
  assert.ok(!isPaymentReference('bank', 'EQ 2026'));
  assert.ok(!isPaymentReference('bank', ''));
  assert.ok(!isPaymentReference('bank', 'x'.repeat(41)));
  assert.ok(!isPaymentReference('cash', 'X'));
});

test('a price from a date starts at 00:00 EAT; the one in force is the latest started', () => {
  assert.equal(effectiveFrom(''), null);
  assert.equal(effectiveFrom('2027-01-01'), '2027-01-01T00:00:00+03:00');
  assert.equal(effectiveFrom('01/01/2027'), undefined);
  assert.equal(effectiveFrom('2027-13-40'), undefined);
  const prices = [
    { effective_from: '2026-12-01T00:00:00Z', price: '1.00', setup_fee: '0.00' },
    { effective_from: '2027-01-01T00:00:00+03:00', price: '2.00', setup_fee: '0.00' },
  ];
  assert.equal(priceAt(prices, new Date('2026-12-31T20:59:59Z'))?.price, '1.00');
  assert.equal(priceAt(prices, new Date('2026-12-31T21:00:00Z'))?.price, '2.00');
  assert.equal(priceAt(prices, new Date('2026-11-01T00:00:00Z')), null);
});

test('an invoice is due by the EAT day before its due instant', () => {
  assert.equal(dueDay('2027-02-04T21:00:00Z'), '2027-02-04');
  assert.equal(dueDay('2026-12-20T21:00:00Z'), '2026-12-20');
  assert.equal(dueDay('not a time'), 'not a time');
});

test('a service moves only along its lifecycle', () => {
  assert.deepEqual(nextServiceStates('pending'), ['active', 'cancelled']);
  assert.deepEqual(nextServiceStates('active'), ['suspended', 'cancelled']);
  assert.deepEqual(nextServiceStates('suspended'), ['active', 'cancelled']);
  assert.deepEqual(nextServiceStates('cancelled'), []);
});

function ticket(id: string, status: string, updated: string): Ticket {
  return { id, number: `T-${id}`, client_id: 'CL-DEMO', subject: 's', department: 'support', status, opened_by: 'user:u', on_behalf_of: null, created_at: updated, updated_at: updated, messages: [{ id: 'm', author: 'user:u', author_role: 'client', author_name: 'A', on_behalf_of: null, body: `last of ${id}`, at: updated }] };
}

test('the client home: unpaid invoices oldest due first with the sum due, tickets not closed newest first', () => {
  const later = invoice('overdue', { id: 'b', due_at: '2026-12-10T21:00:00Z', total: '0.10' });
  const first = invoice('unpaid', { id: 'a', due_at: '2026-12-20T21:00:00Z', total: '0.20' });
  const waiting = unpaidInvoices([first, invoice('paid', { id: 'c' }), later, invoice('cancelled', { id: 'd' })]);
  assert.deepEqual(waiting.map((i) => i.id), ['b', 'a']);
  assert.equal(amountDue(waiting), '0.30');
  assert.equal(amountDue([]), '0.00');
  const open = openTickets([ticket('1', 'open', '2026-12-01T10:00:00Z'), ticket('2', 'closed', '2026-12-03T10:00:00Z'), ticket('3', 'answered', '2026-12-02T10:00:00Z')]);
  assert.deepEqual(open.map((k) => k.id), ['3', '1']);
  assert.equal(lastMessage(open[0] as Ticket)?.body, 'last of 3');
  assert.equal(lastMessage({ messages: [] }), null);
});
