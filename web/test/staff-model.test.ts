import assert from 'node:assert/strict';
import { test } from 'node:test';
import { afterRetry, appendPage, attentionList, awaitingBatches, emailBadge, checksByTier, isMpesaReceipt, normaliseReceipt, payoutGlyph, payoutTotals, resolveOutcomes, evidenceEntries, evidenceKind, normaliseOnBehalfOf, idempotencyKey, isIdempotencyKey, normaliseActor, selectedTotal, subjectHref, sumMoney, tierMove, toggle, totalAttention } from '../src/staff/model';

test('money sums are exact to the cent and ignore what is not an amount', () => {
  assert.equal(sumMoney([]), '0.00');
  assert.equal(sumMoney(['0.10', '0.20']), '0.30');
  assert.equal(sumMoney(['999999999999.99', '0.01']), '1000000000000.00');
  assert.equal(sumMoney(['1500.00', '-60.25', 'x']), '1439.75');
});

test('the selected total counts only the selected rows', () => {
  const rows = [
    { id: 'a', left: '1500.00' },
    { id: 'b', left: '60.25' },
    { id: 'c', left: '0.05' },
  ];
  assert.deepEqual(selectedTotal(rows, new Set(['a', 'c'])), { count: 2, total: '1500.05' });
  assert.deepEqual(selectedTotal(rows, new Set()), { count: 0, total: '0.00' });
  const once = toggle(new Set(['a']), 'b');
  assert.deepEqual([...once].sort(), ['a', 'b']);
  assert.deepEqual([...toggle(once, 'a')], ['b']);
});

test('idempotency keys fit the API grammar', () => {
  for (let i = 0; i < 50; i += 1) assert.ok(isIdempotencyKey(idempotencyKey()));
  assert.ok(!isIdempotencyKey('short'));
  assert.ok(!isIdempotencyKey('has space in it'));
});

test('audit filters: actor forms, subject links, on-behalf-of as stored', () => {
  assert.equal(normaliseActor(' usr_1 '), 'user:usr_1');
  assert.equal(normaliseActor('user:usr_1'), 'user:usr_1');
  assert.equal(normaliseActor('system'), 'system');
  assert.equal(normaliseActor(''), '');
  assert.equal(subjectHref('agent:AG-DEMO'), '/staff/agents/AG-DEMO');
  assert.equal(subjectHref('client:CL 1'), '/staff/clients/CL%201');
  assert.equal(subjectHref('withdrawal:WD-1'), null);
  assert.equal(normaliseOnBehalfOf(' CL-DEMO '), 'client:CL-DEMO');
  assert.equal(normaliseOnBehalfOf('client:CL-X'), 'client:CL-X');
  assert.equal(normaliseOnBehalfOf(''), '');
});

test('the overview lists the queues in order and totals what waits', () => {
  const items = attentionList({ withdrawals: 2, applications: 1, fraudFlags: 0 });
  assert.deepEqual(items.map((i) => i.key), ['applications', 'withdrawals', 'fraudFlags']);
  assert.equal(items[0]?.href, '/staff/applications');
  assert.equal(totalAttention(items), 3);
  assert.equal(totalAttention(attentionList({ applications: -1, withdrawals: null })), 0);
  // Still counting is not a failed count: the overview shows "…", not "!".
  assert.deepEqual(attentionList({ applications: null, withdrawals: -1 }).map((item) => item.count), [null, -1]);
});

test('evaluation checks group by tier in tier order; moves up and down', () => {
  const groups = checksByTier([
    { tier: 'silver', requirement: 'a' },
    { tier: 'bronze', requirement: 'b' },
    { tier: 'silver', requirement: 'c' },
  ]);
  assert.deepEqual(groups.map((g) => [g.tier, g.checks.length]), [['bronze', 1], ['silver', 2]]);
  assert.equal(tierMove('bronze', 'affiliate'), 'down');
  assert.equal(tierMove('bronze', 'gold'), 'up');
  assert.equal(tierMove('gold', 'gold'), 'same');
});

test('evidence: images inline, PDFs by link; flag evidence as text pairs', () => {
  assert.equal(evidenceKind('image/png'), 'image');
  assert.equal(evidenceKind('image/jpeg; charset=binary'), 'image');
  assert.equal(evidenceKind('application/pdf'), 'pdf');
  assert.equal(evidenceKind(null), 'other');
  assert.deepEqual(evidenceEntries({ matched: ['email', 'phone'], ip: '10.0.0.1', click: null, n: { a: 1 } }), [
    ['matched', 'email, phone'],
    ['ip', '10.0.0.1'],
    ['click', '—'],
    ['n', '{"a":1}'],
  ]);
  assert.deepEqual(evidenceEntries('raw text'), [['evidence', 'raw text']]);
  assert.deepEqual(evidenceEntries(null), []);
});

test('the outbox: "Load more" appends older rows once; a retry moves one row from failed to queued', () => {
  const row = (id: string, status: string) => ({ id, status });
  const first = { items: [row('e3', 'queued'), row('e2', 'failed')], next_cursor: 'c2', delivery_configured: false, counts: { queued: 1, sending: 0, failed: 1 } };
  const more = appendPage(first, { items: [row('e2', 'failed'), row('e1', 'sent')], next_cursor: null, delivery_configured: false, counts: { queued: 2, sending: 0, failed: 1 } });
  assert.deepEqual(more.items.map((e) => e.id), ['e3', 'e2', 'e1']);
  assert.equal(more.next_cursor, null);
  assert.equal(more.counts.queued, 2, 'the counts are the latest answer\'s');
  const retried = afterRetry(more, row('e2', 'queued'));
  assert.deepEqual(retried.items.map((e) => e.status), ['queued', 'queued', 'sent']);
  assert.deepEqual(retried.counts, { queued: 3, sending: 0, failed: 0 });
  // An answer that changes nothing (the row was not failed) leaves the counts.
  assert.deepEqual(afterRetry(retried, row('e2', 'queued')).counts, retried.counts);
  assert.equal(emailBadge('sent'), 'succeeded');
  assert.equal(emailBadge('failed'), 'failed');
  assert.equal(emailBadge('queued'), 'pending');
});

test('payout totals come in the desk\'s order, attention first, unknown statuses last', () => {
  const total = (count: number) => ({ count, gross: `${count}0000.00`, net: `${count}9500.00` });
  const order = payoutTotals({ paid: total(2), later: total(1), needs_attention: total(1), requested: total(3), in_flight: undefined }).map((t) => t.status);
  assert.deepEqual(order, ['needs_attention', 'requested', 'paid', 'later']);
  assert.deepEqual(payoutTotals({}), []);
});

test('each payout status has its own sign, so that colour is not the only cue', () => {
  const signs = ['requested', 'in_flight', 'needs_attention', 'paid', 'failed', 'refused'].map(payoutGlyph);
  assert.equal(new Set(signs).size, signs.length);
  assert.equal(payoutGlyph('paid'), '✓');
  assert.equal(payoutGlyph('needs_attention'), '!');
});

test('an M-Pesa part is resolved only while its outcome is open, or paid when the rest went another way', () => {
  assert.deepEqual(resolveOutcomes('unknown', 'in_flight'), ['paid', 'failed']);
  for (const state of ['sent', 'pending']) assert.deepEqual(resolveOutcomes(state, 'in_flight'), ['paid']);
  assert.deepEqual(resolveOutcomes('failed', 'needs_attention'), ['paid']);
  assert.deepEqual(resolveOutcomes('failed', 'failed'), []);
  assert.deepEqual(resolveOutcomes('paid', 'needs_attention'), []);
  assert.deepEqual(resolveOutcomes('waiting', 'in_flight'), []);
});

test('an M-Pesa receipt as typed becomes the API\'s grammar', () => {
  assert.equal(normaliseReceipt(' skr 123 4567 '), 'SKR1234567');
  assert.ok(isMpesaReceipt('SKR1234567'));
  assert.ok(isMpesaReceipt('A1B2C3D4'));
  assert.ok(!isMpesaReceipt('SKR123'));
  assert.ok(!isMpesaReceipt('SKR-1234567'));
  assert.ok(!isMpesaReceipt('skr1234567'));
  assert.ok(!isMpesaReceipt('A'.repeat(21)));
});

test('the transfer files awaiting the bank are counted and totalled from the rows shown', () => {
  const payout = (batch_id: string, state: string, amount: string) => ({ batch_id, state, amount });
  assert.deepEqual(
    awaitingBatches([payout('B1', 'exported', '9500.00'), null, payout('B2', 'paid', '100.00'), payout('B1', 'exported', '0.50'), payout('B3', 'exported', '1.00')]),
    [
      { id: 'B1', count: 2, total: '9500.50' },
      { id: 'B3', count: 1, total: '1.00' },
    ],
  );
  assert.deepEqual(awaitingBatches([]), []);
});
