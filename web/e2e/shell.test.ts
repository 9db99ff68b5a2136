// The frame every panel shares: public pages, sign-in into each panel, the
// language switch, the way a panel sends a stranger to sign in.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { checkPage, demo, launchBrowser, openVisit, PHONE, signIn, startServer, type Server } from './harness';

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

test('the landing page and sign-in are public, accessible and phone-sized', async () => {
  const visit = await openVisit(browser, server, PHONE);
  await visit.page.goto('/');
  await checkPage(visit, 'public-landing');
  await visit.page.goto('/signin');
  await checkPage(visit, 'public-sign-in');
  await visit.close();
});

test('a panel sends a stranger to sign in, and back to the page asked for', async () => {
  const visit = await openVisit(browser, server);
  await visit.page.goto('/staff');
  await visit.page.waitForURL(/\/signin\?next=%2Fstaff/);
  await visit.page.getByLabel('Email').fill(demo.staff.email);
  await visit.page.getByLabel('Password').fill(demo.staff.password);
  await visit.page.getByRole('button', { name: 'Sign in' }).click();
  await visit.page.waitForURL((url) => url.pathname === '/staff');
  await visit.close();
});

test('a wrong password is shown, and nobody is signed in', async () => {
  const visit = await openVisit(browser, server);
  await visit.page.goto('/signin');
  await visit.page.getByLabel('Email').fill(demo.agent.email);
  await visit.page.getByLabel('Password').fill('not the password at all');
  await visit.page.getByRole('button', { name: 'Sign in' }).click();
  await visit.page.getByRole('alert').waitFor();
  assert.equal(new URL(visit.page.url()).pathname, '/signin');
  await visit.close();
});

test('each role lands in its own panel, and the others send it home', async () => {
  for (const [role, who] of Object.entries(demo)) {
    const visit = await openVisit(browser, server);
    await signIn(visit.page, who);
    assert.equal(new URL(visit.page.url()).pathname, `/${role}`);
    for (const other of ['agent', 'client', 'staff'].filter((r) => r !== role)) {
      await visit.page.goto(`/${other}`);
      await visit.page.waitForURL((url) => url.pathname === `/${role}`);
    }
    await visit.close();
  }
});

test('the language switch turns the panel into Swahili and remembers it', async () => {
  const visit = await openVisit(browser, server);
  await visit.page.goto('/signin');
  await visit.page.getByRole('button', { name: 'Kiswahili' }).click();
  await visit.page.getByRole('heading', { name: 'Ingia' }).waitFor();
  assert.equal(await visit.page.getAttribute('html', 'lang'), 'sw');
  await visit.page.reload();
  await visit.page.getByRole('heading', { name: 'Ingia' }).waitFor();
  await visit.close();
});

test('a session that ends under the user sends it to sign in, says why, and comes back after', async () => {
  const visit = await openVisit(browser, server);
  await signIn(visit.page, demo.agent);
  await visit.page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  // Every read of the dashboard answered first (its cards rendered, none loading):
  // the 401 must come from the click below.
  await visit.page.getByText(/days left in the quarter/).waitFor();
  await visit.page.getByRole('heading', { name: 'Recent commissions' }).waitFor();
  await visit.page.waitForFunction(() => document.querySelectorAll('.state.loading').length === 0);
  // The server forgets the session (as after the idle timeout): the next read is a 401.
  await visit.context.clearCookies();
  await visit.page.getByRole('navigation', { name: 'Panel navigation' }).getByRole('link', { name: 'Commissions' }).click();
  await visit.page.waitForURL(/\/signin\?next=%2Fagent%2Fcommissions/);
  await visit.page.getByText('Your session ended').waitFor();
  await visit.page.getByLabel('Email').fill(demo.agent.email);
  await visit.page.getByLabel('Password').fill(demo.agent.password);
  await visit.page.getByRole('button', { name: 'Sign in' }).click();
  await visit.page.waitForURL((url) => url.pathname === '/agent/commissions');
  await visit.close();
});
