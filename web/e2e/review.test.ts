// What a front-end review found and fixed, held by the browser: focus after an
// in-app navigation, the phone menu, next= that the browser reads differently
// from its raw text, the reversible commissions' "select all" on a phone.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { demo, launchBrowser, openVisit, PHONE, signIn, startServer, type Server } from './harness';

let server: Server;
let browser: Browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('an in-app navigation moves focus to the new page heading (a screen reader hears the page change)', async () => {
  const visit = await openVisit(browser, server);
  const { page } = visit;
  await signIn(page, demo.agent);
  await page.getByRole('navigation', { name: 'Panel navigation' }).getByRole('link', { name: 'Commissions' }).click();
  await page.getByRole('heading', { level: 1, name: 'Commissions' }).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'page-title');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Commissions');
  // Back is a navigation too.
  await page.goBack();
  await page.waitForFunction(() => document.activeElement?.id === 'page-title' && document.activeElement.textContent?.trim() !== 'Commissions');
  assert.deepEqual(visit.errors, []);
  await visit.close();
});

test('on a phone the menu opens from the keyboard, closes on Esc with focus back on its button, and closes on a page change', async () => {
  const visit = await openVisit(browser, server, PHONE);
  const { page } = visit;
  await signIn(page, demo.agent);
  const toggle = page.getByRole('button', { name: 'Menu' });
  const nav = page.locator('#panel-nav');
  await toggle.focus();
  await page.keyboard.press('Enter');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  await page.keyboard.press('Tab');
  assert.equal(await nav.evaluate((n) => n.contains(document.activeElement)), true, 'Tab from the button goes into the menu');
  await page.keyboard.press('Escape');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await toggle.evaluate((b) => b === document.activeElement), true, 'focus is back on the menu button');
  assert.equal(await nav.isVisible(), false);
  // Open, then Back: the menu does not stay open over the page it left.
  await toggle.click();
  await nav.getByRole('link', { name: 'Withdrawals' }).click();
  await page.getByRole('heading', { level: 1, name: 'Withdrawals' }).waitFor();
  await toggle.click();
  assert.equal(await nav.isVisible(), true);
  await page.goBack();
  await page.waitForURL((url) => url.pathname === '/agent');
  await page.waitForFunction(() => document.querySelector('.menu-toggle')?.getAttribute('aria-expanded') === 'false');
  assert.equal(await nav.isVisible(), false);
  assert.deepEqual(visit.errors, []);
  await visit.close();
});

test('next= that the browser would read as another host is dropped: sign-in lands home, no page error', async () => {
  for (const next of ['/\t/evil.example/agent', '/\n/evil.example', '/\\evil.example', '//evil.example']) {
    const visit = await openVisit(browser, server);
    const { page } = visit;
    await page.goto(`/signin?next=${encodeURIComponent(next)}`);
    await page.getByLabel('Email').fill(demo.agent.email);
    await page.getByLabel('Password').fill(demo.agent.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/agent', { timeout: 10_000 });
    assert.equal(new URL(page.url()).host, new URL(server.url).host);
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.deepEqual(visit.errors, [], `next=${JSON.stringify(next)}`);
    await visit.close();
  }
});

test('reversible commissions on a phone: "select all" is in sight and works from the keyboard', async () => {
  const visit = await openVisit(browser, server, PHONE);
  const { page } = visit;
  await signIn(page, demo.staff);
  await page.goto('/staff/reversible-commissions');
  await page.getByRole('heading', { level: 1, name: 'Reversible commissions' }).waitFor();
  await page.locator('.state.loading').first().waitFor({ state: 'detached' }).catch(() => undefined);
  const all = page.getByRole('checkbox', { name: 'Select all' });
  if ((await all.count()) === 0) {
    // No reversible commission in this store: the empty state says so.
    await page.getByText('No reversible commission.').waitFor();
    await visit.close();
    return;
  }
  assert.equal(await all.isVisible(), true);
  const box = await all.boundingBox();
  assert.ok(box && box.width >= 10 && box.height >= 10, `select all is ${JSON.stringify(box)} on a phone`);
  await all.focus();
  await page.keyboard.press('Space');
  const boxes = page.getByRole('checkbox', { name: /^Select (?!all)/ });
  const count = await boxes.count();
  for (let i = 0; i < count; i += 1) assert.equal(await boxes.nth(i).isChecked(), true);
  await page.getByText(new RegExp(`^${count} selected`)).waitFor();
  assert.deepEqual(visit.errors, []);
  await visit.close();
});

test('a statement month in the URL that is not a month says so, and shows this month', async () => {
  const visit = await openVisit(browser, server);
  const { page } = visit;
  await signIn(page, demo.agent);
  await page.goto('/agent/statements/2026-13');
  await page.getByRole('heading', { level: 1, name: 'Statements' }).waitFor();
  await page.getByRole('alert').filter({ hasText: '“2026-13” is not a month' }).waitFor();
  await page.goto(`/agent/statements/${'x'.repeat(5000)}`);
  await page.getByRole('alert').filter({ hasText: 'is not a month' }).waitFor();
  assert.ok(((await page.getByRole('alert').textContent()) ?? '').length < 200, 'a huge value is cut, not echoed whole');
  await page.goto('/agent/statements/2026-03');
  await page.getByRole('heading', { level: 1, name: 'Statements' }).waitFor();
  await page.locator('.state.loading').first().waitFor({ state: 'detached' }).catch(() => undefined);
  assert.equal(await page.getByText('is not a month').count(), 0);
  assert.deepEqual(visit.errors, []);
  await visit.close();
});
