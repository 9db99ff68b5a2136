import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eatMonth, formatBasisPoints, formatDate, formatDateTime, formatMoney, fromCents, isMoney, parseMoneyInput, toCents } from '../src/app/format';

test('money is formatted as KES, exactly, in both languages', () => {
  assert.equal(formatMoney('12500.00', 'en'), 'KES 12,500.00');
  assert.equal(formatMoney('-250.50', 'en'), '-KES 250.50');
  assert.equal(formatMoney('0.00', 'en'), 'KES 0.00');
  // A float would print ...999.98 or round up: the string is read as a decimal.
  assert.equal(formatMoney('999999999999.99', 'en'), 'KES 999,999,999,999.99');
  assert.match(formatMoney('12500.00', 'sw'), /^(KES|Ksh) ?12,500\.00$/);
  // Not an amount: shown as it came, never as NaN.
  assert.equal(formatMoney('12500', 'en'), '12500');
});

test('the money grammar is the API one', () => {
  for (const good of ['0.00', '1.00', '-1.50', '999999999999.99']) assert.ok(isMoney(good), good);
  for (const bad of ['', '1', '1.5', '01.00', '1.000', '+1.00', '1e3', ' 1.00', '1,000.00', '1000000000000.00', '-0', 'NaN']) {
    assert.ok(!isMoney(bad), bad);
  }
});

test('what a person types becomes the API grammar, or nothing', () => {
  assert.equal(parseMoneyInput('12500'), '12500.00');
  assert.equal(parseMoneyInput(' 12,500.5 '), '12500.50');
  assert.equal(parseMoneyInput('10000.00'), '10000.00');
  assert.equal(parseMoneyInput('0.05'), '0.05');
  for (const bad of ['', 'abc', '-5', '1.234', '012', '1e5', '12.', '.5', '1000000000000']) assert.equal(parseMoneyInput(bad), null, bad);
});

test('cents round-trip without floating point', () => {
  for (const amount of ['0.00', '0.01', '-0.01', '12500.00', '-999999999999.99', '999999999999.99']) {
    assert.equal(fromCents(toCents(amount)), amount);
  }
  assert.equal(toCents('999999999999.99'), 99999999999999n);
  assert.throws(() => toCents('1.5'));
});

test('times are shown in East Africa Time', () => {
  // 21:30 UTC is 00:30 the next day in Nairobi.
  const shown = formatDateTime('2026-11-30T21:30:00Z', 'en');
  assert.match(shown, /1 Dec 2026/);
  assert.match(shown, /00:30|12:30/);
  assert.match(formatDate('2026-11-30', 'en'), /30 Nov 2026/);
  assert.equal(eatMonth(new Date('2026-11-30T21:30:00Z')), '2026-12');
  assert.equal(formatDateTime('not a time', 'en'), 'not a time');
});

test('a rate in basis points reads as a percentage, exact to the basis point', () => {
  assert.equal(formatBasisPoints(500, 'en'), '5%');
  assert.equal(formatBasisPoints(2000, 'en'), '20%');
  assert.equal(formatBasisPoints(1250, 'en'), '12.5%');
  assert.equal(formatBasisPoints(3, 'en'), '0.03%');
  assert.equal(formatBasisPoints(0, 'sw'), '0%');
});
