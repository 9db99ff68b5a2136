// The client area through the UI: My Service Manager with its history, an agent
// signed in as the client under the banner (no revoke; End goes back), a
// transfer request and staff's decision, the client revoking. Billing's pages
// are in billing.test.ts, quotes in quotes.test.ts.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { checkPage, demo, launchBrowser, openVisit, PHONE, signIn, startServer, type Server } from './harness';

let server: Server;
let browser: Browser;
const refused = /Failed to load resource: the server responded with a status of (401|403|409)/;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function apiLogin(page: Page, who: { email: string; password: string }): Promise<string> {
  const login = await page.request.post('/api/v1/auth/login', { data: who });
  assert.equal(login.status(), 200);
  return ((await login.json()) as { csrf_token: string }).csrf_token;
}

test('the demo client sees its service manager, with what it may do and an empty history', async () => {
  const visit = await openVisit(browser, server, PHONE);
  await signIn(visit.page, demo.client);
  assert.equal(new URL(visit.page.url()).pathname, '/client');
  await visit.page.locator('.sm-name', { hasText: 'Nairobi Voice Solutions' }).waitFor();
  await visit.page.getByText('sales@nairobivoice.example').waitFor();
  await visit.page.locator('ul.permissions').getByText('Open support tickets').waitFor();
  await visit.page.getByText('Your service manager has never signed in as you.').waitFor();
  await checkPage(visit, 'client-home');
  // Services, orders, invoices and tickets are billing's (billing.test.ts), quotes quotes.test.ts's.
  await visit.page.goto('/client/transfer-requests');
  await visit.page.getByText('You have made no transfer request.').waitFor();
  await checkPage(visit, 'client-transfer-requests');
  await visit.close();
});

test('an agent signed in as the client: the banner on every page, no revoke, End returns to the agent panel', async () => {
  const visit = await openVisit(browser, server, PHONE);
  const { page } = visit;
  // Starting the session is the agent panel's button; here it is set up through the API.
  const csrf = await apiLogin(page, demo.agent);
  const started = await page.request.post('/api/v1/clients/CL-DEMO/impersonations', { data: {}, headers: { 'X-CSRF-Token': csrf } });
  assert.equal(started.status(), 201, await started.text());
  await page.goto('/client');
  const banner = page.getByRole('region', { name: 'Signed in as a client' });
  await banner.waitFor();
  assert.match(await banner.innerText(), /Signed in as .+ for .+/);
  await page.getByText('Only the client can revoke its service manager').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Revoke this service manager' }).count(), 0);
  await checkPage(visit, 'client-home-as-agent');
  await page.getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('link', { name: 'Transfer requests' }).click();
  await banner.waitFor();
  await page.getByText('An agent signed in as the client cannot see').waitFor();
  await checkPage(visit, 'client-transfer-requests-as-agent');
  await banner.getByRole('button', { name: 'End' }).click();
  await page.waitForURL((url) => url.pathname === '/agent/clients');
  assert.equal(await page.getByRole('region', { name: 'Signed in as a client' }).count(), 0);
  await visit.close();
});

test('the client asks to move to another agent, staff decline it, the client reads why; then it revokes its manager', async () => {
  // A second agent (staff approve an application through the API: no client page makes agents).
  const staff = await openVisit(browser, server);
  const csrf = await apiLogin(staff.page, demo.staff);
  const applied = await staff.page.request.post('/api/v1/agent-applications', {
    data: { kind: 'professional', name: 'Coast PBX', contact_name: 'Amina', email: 'amina@coast-pbx.example', phone: '+254711222333', kra_pin: 'A123456789Z', residency: 'resident', accept_terms: true },
  });
  const application = (await applied.json()) as { id: string };
  const approved = await staff.page.request.post(`/api/v1/agent-applications/${application.id}/approve`, { data: {}, headers: { 'X-CSRF-Token': csrf } });
  const referral = ((await approved.json()) as { agent: { referral_id: string } }).agent.referral_id;

  const visit = await openVisit(browser, server);
  const { page } = visit;
  await signIn(page, demo.client);
  // The history now holds the agent's session from the test before, and how it ended.
  await page.getByRole('cell', { name: 'Ended by the agent' }).waitFor();
  await page.goto(`/service-manager?agent=${referral}`);
  await page.getByText('Your service manager today is Nairobi Voice Solutions').waitFor();
  await page.getByLabel('Message to Cloud One staff (optional)').fill('Coast PBX is closer to our Mombasa branch.');
  await checkPage(visit, 'public-service-manager-transfer');
  await page.getByRole('button', { name: 'Ask for the change' }).dblclick();
  await page.getByRole('link', { name: 'See my requests' }).click();
  await page.waitForURL((url) => url.pathname === '/client/transfer-requests');
  await page.getByText('Waiting for staff').waitFor();
  assert.equal(await page.locator('tbody tr').count(), 1, 'a double click made one request');

  const open = (await (await staff.page.request.get('/api/v1/transfer-requests?status=open')).json()) as { items: { id: string }[] };
  const declined = await staff.page.request.post(`/api/v1/transfer-requests/${open.items[0]?.id}/decline`, {
    data: { reason: 'Nairobi Voice covers Mombasa too.' },
    headers: { 'X-CSRF-Token': csrf },
  });
  assert.equal(declined.status(), 200, await declined.text());
  await staff.close();
  await page.reload();
  await page.getByText('Declined').waitFor();
  await page.getByText('Nairobi Voice covers Mombasa too.').waitFor();

  // Revoke, after a confirmation; cancelling first changes nothing.
  await page.goto('/client');
  await page.getByRole('button', { name: 'Revoke this service manager' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  await page.locator('.sm-name', { hasText: 'Nairobi Voice Solutions' }).waitFor();
  await page.getByRole('button', { name: 'Revoke this service manager' }).click();
  const dialog = page.getByRole('dialog');
  assert.match(await dialog.innerText(), /Revoke Nairobi Voice Solutions\?/);
  await dialog.getByRole('button', { name: 'Revoke', exact: true }).click();
  await page.getByText('Your service manager was revoked.').waitFor();
  await page.getByText('You have no service manager.').waitFor();
  await checkPage(visit, 'client-home-no-manager', [refused]);

  // Swahili on the client area.
  await page.getByRole('button', { name: 'Kiswahili' }).click();
  await page.getByRole('heading', { name: 'Akaunti yangu' }).waitFor();
  await page.getByText('Huna msimamizi wa huduma.').waitFor();
  await checkPage(visit, 'client-home-sw', [refused]);
  await page.getByRole('button', { name: 'English' }).click();
  await visit.close();
});
