// The public pages through the UI: apply and follow the status page, set a
// password from an invitation, sign up through a referral link, the
// service-manager link for a stranger and for a client, the directory, Swahili.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { checkPage, demo, launchBrowser, openVisit, PHONE, sqlValue, startServer, type Server } from './harness';

let server: Server;
let browser: Browser;
const AGENT_REFERRAL = 'NVS7DEMQ'; // the demo agent's referral id (seed-demo)
const failedRequest = /Failed to load resource: the server responded with a status of (401|404|409|422)/;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// Staff through the API, for what no public page makes (approving an application).
async function asStaff(page: Page): Promise<string> {
  const login = await page.request.post('/api/v1/auth/login', { data: demo.staff });
  assert.equal(login.status(), 200);
  return ((await login.json()) as { csrf_token: string }).csrf_token;
}

async function fillSignup(page: Page, company: string, email: string, phone: string): Promise<void> {
  await page.getByLabel('Company name').fill(company);
  await page.getByLabel('Your name').fill('Test Person');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Phone').fill(phone);
  await page.getByLabel('New password').fill('a quiet harbour at dawn 42');
  await page.getByRole('button', { name: 'Create the account' }).click();
}

test('every public page renders, accessible at phone and desktop widths', async () => {
  const visit = await openVisit(browser, server, PHONE);
  for (const [path, name] of [
    ['/', 'public-landing'],
    ['/apply', 'public-apply'],
    ['/signup', 'public-signup'],
    ['/directory', 'public-directory'],
    [`/service-manager?agent=${AGENT_REFERRAL}`, 'public-service-manager-stranger'],
    ['/invitations/not-a-real-token', 'public-invitation'],
    ['/apply/status/APP-nothing', 'public-application-status-no-token'],
  ] as const) {
    await visit.page.goto(path);
    await checkPage(visit, name);
  }
  await visit.close();
});

test('apply: errors at their fields, then the status page; staff approve; the invitation sets a password and opens the agent panel', async () => {
  const visit = await openVisit(browser, server, PHONE);
  const { page } = visit;
  await page.goto('/apply');
  await page.getByLabel('Company name').fill('Mombasa Cloud Works');
  await page.getByLabel('Contact person').fill('Amina Hassan');
  await page.getByLabel('Email').fill('amina@mombasa-cloud.example');
  await page.getByLabel('Phone').fill('0712 345 678');
  await page.getByLabel('KRA PIN').fill('P12345');
  await page.getByLabel('Company registration number').fill('PVT-MCW2026');
  await page.getByRole('button', { name: 'Send the application' }).click();
  // The 422 names the KRA PIN and the terms: shown at those fields.
  const pinField = page.locator('.field', { has: page.getByLabel('KRA PIN') });
  await pinField.locator('.error').waitFor();
  assert.match(await pinField.locator('.error').innerText(), /KRA PIN/);
  assert.equal(await page.getByLabel('KRA PIN').getAttribute('aria-invalid'), 'true');
  await page.locator('.field.invalid', { hasText: 'I accept the Cloud One agent terms' }).waitFor();
  await page.getByLabel('KRA PIN').fill('P051234567X');
  await page.getByLabel('3CX intermediate').check();
  await page.getByLabel('I accept the Cloud One agent terms').check();
  // A double click sends one application (a second would be a 409 duplicate).
  await page.getByRole('button', { name: 'Send the application' }).dblclick();
  await page.waitForURL(/\/apply\/status\/APP-[0-9a-f]+\?token=/);
  await page.getByText('Waiting for review').waitFor();
  await checkPage(visit, 'public-application-status', [failedRequest]);
  const statusUrl = page.url();
  const id = new URL(statusUrl).pathname.split('/').pop() as string;

  // Staff approve (API); the applicant's bookmarked page now says approved.
  const staff = await openVisit(browser, server);
  const csrf = await asStaff(staff.page);
  const approved = await staff.page.request.post(`/api/v1/agent-applications/${id}/approve`, { data: {}, headers: { 'X-CSRF-Token': csrf } });
  assert.equal(approved.status(), 200, await approved.text());
  await staff.close();
  await page.reload();
  await page.getByText('Approved', { exact: true }).waitFor();

  // The invitation link is only in the outbound mail: read it from the store (either kind).
  const mail = sqlValue(server, "SELECT body FROM outbound_email WHERE recipient = 'amina@mombasa-cloud.example'");
  const token = /\/invitations\/([0-9a-f]+)/.exec(mail)?.[1];
  assert.ok(token, `no invitation link in ${mail}`);
  const invited = await openVisit(browser, server, PHONE);
  await invited.page.goto(`/invitations/${token}`);
  await invited.page.getByText('12 to 256 characters long').waitFor();
  await invited.page.getByLabel('New password').fill('short');
  await invited.page.getByLabel('The password again').fill('short');
  await invited.page.getByRole('button', { name: 'Set the password and sign in' }).click();
  await invited.page.locator('.field .error', { hasText: 'must be at least 12 characters' }).waitFor();
  // The server's own rule (the email's name part) comes back as a 422 at the field.
  await invited.page.getByLabel('New password').fill('amina@mombasa-cloud.example');
  await invited.page.getByLabel('The password again').fill('amina@mombasa-cloud.example');
  await invited.page.getByRole('button', { name: 'Set the password and sign in' }).click();
  await invited.page.locator('.field.invalid', { has: invited.page.getByLabel('New password') }).waitFor();
  await invited.page.getByLabel('New password').fill('tidal generators hum softly');
  await invited.page.getByLabel('The password again').fill('tidal generators hum softly');
  await invited.page.getByRole('button', { name: 'Set the password and sign in' }).click();
  await invited.page.waitForURL((url) => url.pathname === '/agent');
  await invited.close();
  await visit.close();
});

test('a client signs up through a referral link and lands in its area with that agent as manager', async () => {
  const visit = await openVisit(browser, server, PHONE);
  const { page } = visit;
  await page.goto(`/r/${AGENT_REFERRAL}?to=/signup`);
  await page.waitForURL((url) => url.pathname === '/signup');
  await fillSignup(page, 'Karen Bakery Ltd', 'owner@karen-bakery.example', '0722 111 222');
  await page.waitForURL((url) => url.pathname === '/client');
  await page.locator('.service-manager .sm-name', { hasText: 'Nairobi Voice Solutions' }).waitFor();
  await page.getByText('You signed up through its referral link').waitFor();
  await visit.close();
});

test('the service-manager link: a stranger signs up from it, comes back, and confirms with chosen permissions', async () => {
  const visit = await openVisit(browser, server);
  const { page } = visit;
  await page.goto(`/service-manager?agent=${AGENT_REFERRAL}`);
  await page.getByRole('link', { name: 'Sign up your business' }).last().click();
  await page.waitForURL(/\/signup\?next=/);
  await fillSignup(page, 'Westlands Optics', 'desk@westlands-optics.example', '+254733444555');
  await page.waitForURL((url) => url.pathname === '/service-manager');
  await page.getByText('sales@nairobivoice.example').waitFor();
  await checkPage(visit, 'public-service-manager-confirm');
  await page.getByLabel('Place orders').uncheck();
  await page.getByRole('button', { name: 'Confirm Nairobi Voice Solutions' }).click();
  await page.getByText('Nairobi Voice Solutions is now your service manager.').waitFor();
  await page.getByRole('link', { name: 'Open my account' }).click();
  await page.waitForURL((url) => url.pathname === '/client');
  const permissions = page.locator('ul.permissions');
  await permissions.getByText('See your services').waitFor();
  assert.equal(await permissions.getByText('Place orders').count(), 0);
  await page.getByText('You confirmed it through its service-manager link').waitFor();
  // The same link now says it is the manager already.
  await page.goto(`/service-manager?agent=${AGENT_REFERRAL}`);
  await page.getByText('Nairobi Voice Solutions is already your service manager.').waitFor();
  await visit.close();
});

test('the directory lists the demo agent and filters; the apply page speaks Swahili', async () => {
  const visit = await openVisit(browser, server);
  const { page } = visit;
  await page.goto('/directory');
  await page.getByRole('heading', { name: 'Nairobi Voice Solutions' }).waitFor();
  await page.getByText('+254700100200').waitFor();
  await page.getByLabel('Search by name, town or certification').fill('mombasa');
  await page.getByText('No agent matches this search.').waitFor();
  await page.getByLabel('Search by name, town or certification').fill('yealink nairobi');
  await page.getByRole('heading', { name: 'Nairobi Voice Solutions' }).waitFor();
  await page.goto('/apply');
  await page.getByRole('button', { name: 'Kiswahili' }).click();
  await page.getByRole('heading', { name: 'Omba kuwa wakala' }).waitFor();
  await page.getByLabel('Jina la kampuni').waitFor();
  await checkPage(visit, 'public-apply-sw');
  await page.getByRole('button', { name: 'English' }).click();
  await visit.close();
});
