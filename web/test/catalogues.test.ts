import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogues, translate } from '../src/app/i18n';

test('English and Swahili hold the same keys and placeholders', () => {
  const english = Object.keys(catalogues.en).sort();
  assert.deepEqual(Object.keys(catalogues.sw).sort(), english);
  const holes = (m: string) => [...m.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();
  for (const key of english) assert.deepEqual(holes(catalogues.sw[key] ?? ''), holes(catalogues.en[key] ?? ''), key);
});

test('messages are filled in the chosen language', () => {
  assert.equal(translate('en', 'common.retryAfter', { seconds: 4 }), 'Try again in 4 s.');
  assert.equal(translate('sw', 'common.retryAfter', { seconds: 4 }), 'Jaribu tena baada ya sekunde 4.');
  assert.equal(translate('sw', 'common.impersonation.end'), 'Maliza');
  assert.equal(translate('en', 'no.such.key'), 'no.such.key');
});
