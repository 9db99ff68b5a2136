import assert from 'node:assert/strict';
import { test } from 'node:test';
import { daysUntil, moneyPercent, percentOf, quarterEnd } from '../src/app/progress';

test('percent of a target is whole, clamped, and exact on money', () => {
  assert.equal(percentOf(0n, 10n), 0);
  assert.equal(percentOf(5n, 10n), 50);
  assert.equal(percentOf(15n, 10n), 100);
  assert.equal(percentOf(-5n, 10n), 0);
  assert.equal(percentOf(3n, 0n), 100);
  assert.equal(moneyPercent('33333.33', '100000.00'), 33);
  assert.equal(moneyPercent('99999.99', '100000.00'), 99);
  assert.equal(moneyPercent('100000.00', '100000.00'), 100);
});

test('days left are rounded up and never negative', () => {
  const now = new Date('2026-12-01T00:00:00Z');
  assert.equal(daysUntil('2026-12-01T00:00:01Z', now), 1);
  assert.equal(daysUntil('2026-12-31T21:00:00Z', now), 31);
  assert.equal(daysUntil('2026-11-30T00:00:00Z', now), 0);
});

test('the quarter ends at EAT midnight of its last day', () => {
  assert.equal(quarterEnd(new Date('2026-12-01T00:00:00Z')).toISOString(), '2026-12-31T21:00:00.000Z');
  // 22:00 UTC on 31 March is already 1 April in Nairobi: the next quarter.
  assert.equal(quarterEnd(new Date('2026-03-31T22:00:00Z')).toISOString(), '2026-06-30T21:00:00.000Z');
  assert.equal(quarterEnd(new Date('2026-01-01T00:00:00Z')).toISOString(), '2026-03-31T21:00:00.000Z');
});
