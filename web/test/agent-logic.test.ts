import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  commissionSource,
  expiry,
  figure,
  headerFileName,
  isMonth,
  isOwner,
  lastDayOfMonth,
  newIdempotencyKey,
  pageInfo,
  ratePercent,
  recentMonths,
} from '../src/agent/logic';

test('month ranges and pickers', () => {
  assert.equal(lastDayOfMonth('2026-02'), '2026-02-28');
  assert.equal(lastDayOfMonth('2028-02'), '2028-02-29');
  assert.equal(lastDayOfMonth('2026-12'), '2026-12-31');
  assert.deepEqual(recentMonths(new Date('2026-01-15T00:00:00Z'), 3), ['2026-01', '2025-12', '2025-11']);
  // 31 December 22:00 UTC is already January in Nairobi.
  assert.deepEqual(recentMonths(new Date('2026-12-31T22:00:00Z'), 1), ['2027-01']);
  assert.ok(isMonth('2026-11'));
  assert.ok(!isMonth('2026-13'));
  assert.ok(!isMonth('2026-1'));
});

test('requirement figures read as money, yes/no or text', () => {
  assert.deepEqual(figure('true', 'sip_trunk'), { type: 'yes' });
  assert.deepEqual(figure('false', 'agreement_signed'), { type: 'no' });
  assert.deepEqual(figure('58000.00', 'monthly_sales_avg'), { type: 'money', value: '58000.00' });
  assert.deepEqual(figure('2.00', 'monthly_signups_avg'), { type: 'text', value: '2.00' });
  assert.deepEqual(figure(null, 'technical_level'), { type: 'text', value: '' });
});

test('certification expiry on a day', () => {
  assert.equal(expiry('2026-11-30', '2026-12-01'), 'expired');
  assert.equal(expiry('2026-12-01', '2026-12-01'), 'soon');
  assert.equal(expiry('2027-01-29', '2026-12-01'), 'soon');
  assert.equal(expiry('2027-03-01', '2026-12-01'), 'valid');
  assert.equal(expiry('garbage', '2026-12-01'), 'valid');
});

test('sources, rates, keys, file names, paging, owner', () => {
  assert.equal(commissionSource({ id: 'INV-1/L2/sale', invoice: 'INV-1', line: 'L2' }), 'INV-1/L2');
  assert.equal(commissionSource({ id: 'bonus/AG/2026-09', invoice: null, line: null }), 'bonus/AG/2026-09');
  assert.equal(ratePercent(1000), '10');
  assert.equal(ratePercent(250), '2.5');
  assert.equal(ratePercent(505), '5.05');
  assert.equal(ratePercent(500), '5');
  const key = newIdempotencyKey();
  assert.match(key, /^[A-Za-z0-9_-]{8,64}$/);
  assert.notEqual(key, newIdempotencyKey());
  assert.equal(newIdempotencyKey(() => 'a.b'), 'ab000000');
  assert.equal(headerFileName('cheti ya Wanjikũ.pdf'), 'cheti ya Wanjik_.pdf');
  assert.equal(headerFileName('\n'), 'upload');
  assert.deepEqual(pageInfo(0, 10, 10, 13), { first: 1, last: 10, hasPrevious: false, hasNext: true, previousOffset: 0, nextOffset: 10 });
  assert.deepEqual(pageInfo(10, 10, 3, 13), { first: 11, last: 13, hasPrevious: true, hasNext: false, previousOffset: 0, nextOffset: 20 });
  assert.equal(pageInfo(0, 10, 0, 0).first, 0);
  const people = [
    { user_id: 'u1', agent_role: 'owner' },
    { user_id: 'u2', agent_role: 'sales' },
  ];
  assert.equal(isOwner(people, 'u1'), true);
  assert.equal(isOwner(people, 'u2'), false);
  assert.equal(isOwner(null, 'u1'), null);
});
