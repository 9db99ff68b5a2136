// The agent control panel through its UI: every page checked (axe, console,
// 360 px and 1280 px), and the agent's journeys on the demo history.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { checkPage, demo, DESKTOP, launchBrowser, openVisit, PHONE, signIn, startServer, type Server, type Visit } from './harness';

let server: Server;
let browser: Browser;
let visit: Visit;

// Responses a journey provokes on purpose (a refused amount, a wrong password).
const provoked = [/status of 422/];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  visit = await openVisit(browser, server, PHONE);
  await signIn(visit.page, demo.agent);
});

after(async () => {
  await visit?.close();
  await browser?.close();
  await server?.stop();
});

test('the dashboard shows the demo history: targets, balances, twelve months, recent commissions', async () => {
  const { page } = visit;
  await page.goto('/agent');
  await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
  await page.getByRole('progressbar', { name: 'Sales' }).waitFor();
  const balances = page.locator('dl.figures').first();
  assert.match(await balances.innerText(), /Available\s+KES 26,020\.00/);
  assert.match(await balances.innerText(), /Pending\s+KES 8,650\.00/);
  await page.getByText('Average monthly sales').first().waitFor();
  await page.getByText(/days left in the quarter/).waitFor();
  // The chart's text alternative: twelve months, figures exact.
  const rows = page.locator('.agent-chart table tbody tr');
  await rows.first().waitFor({ state: 'attached' });
  assert.equal(await rows.count(), 12);
  const chartText = await page.locator('.agent-chart table').textContent();
  assert.match(chartText ?? '', /November 2026KES 8,650\.00/);
  await page.locator('.agent-chart canvas').waitFor();
  // Recent commissions name their source line.
  await page.getByText('INV-DEMO-1101/L2').first().waitFor();
  await checkPage(visit, 'agent-dashboard');
});

test('commissions: paging by offset, a state filter in the URL, the CSV link', async () => {
  const { page } = visit;
  await page.goto('/agent/commissions');
  await page.getByText('Commissions 1–10 of 13.').waitFor();
  await checkPage(visit, 'agent-commissions');
  await page.getByRole('button', { name: 'Next page' }).click();
  await page.getByText('Commissions 11–13 of 13.').waitFor();
  await page.getByRole('button', { name: 'Previous page' }).click();
  await page.getByText('Commissions 1–10 of 13.').waitFor();
  await page.getByLabel('State').selectOption('pending');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await page.getByText('Commissions 1–2 of 2.').waitFor();
  assert.match(page.url(), /state=pending/);
  assert.match(await page.locator('.lead').innerText(), /KES 8,650\.00/);
  const csv = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
  assert.match(csv ?? '', /commissions\?state=pending&format=csv/);
  const answer = await page.request.get(csv as string);
  assert.equal(answer.status(), 200);
  assert.equal((await answer.text()).trim().split('\n').length, 3);
});

test('withdrawals: the minimum at the amount field, a preview with tax and net, a request with the password', async () => {
  const { page } = visit;
  await page.goto('/agent/withdrawals');
  await page.getByRole('heading', { name: 'Withdrawals', level: 1 }).waitFor();
  await page.getByText('No withdrawals yet.').waitFor();
  await checkPage(visit, 'agent-withdrawals');
  const amount = page.getByLabel('Amount (KES)');
  await amount.fill('abc');
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.getByText('Enter an amount in shillings').waitFor();
  assert.equal(await amount.getAttribute('aria-invalid'), 'true');
  await amount.fill('500');
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.locator('.field.invalid').getByText('below the minimum withdrawal of 10000.00').waitFor();
  await amount.fill('12,000');
  await page.getByRole('button', { name: 'Preview' }).click();
  const preview = page.locator('.agent-preview');
  await preview.waitFor();
  assert.match(await preview.innerText(), /Withholding tax \(5 %\)\s+KES 600\.00/);
  assert.match(await preview.innerText(), /Net to you\s+KES 11,400\.00/);
  await page.getByLabel('Your password').fill('not my password at all');
  await page.getByRole('button', { name: 'Request withdrawal' }).click();
  await page.getByRole('dialog').getByText('Withdraw KES 12,000.00? After withholding tax you receive KES 11,400.00.').waitFor();
  await page.getByRole('button', { name: 'Yes, request it' }).click();
  await page.locator('.field.invalid').getByText('does not match').waitFor();
  await page.getByLabel('Your password').fill(demo.agent.password);
  await page.getByRole('button', { name: 'Request withdrawal' }).click();
  await page.getByRole('button', { name: 'Yes, request it' }).dblclick();
  await page.getByText('Withdrawal of KES 12,000.00 requested').waitFor();
  const history = page.locator('table tbody tr');
  await history.first().getByText('Requested').waitFor();
  assert.equal(await history.count(), 1);
  assert.match(await history.first().innerText(), /KES 11,400\.00/);
  await checkPage(visit, 'agent-withdrawals-requested', provoked);
});

test('referrals: the link copied to the clipboard, the service-manager link, banners', async () => {
  const { page } = visit;
  await page.goto('/agent/referrals');
  await page.getByRole('button', { name: 'Copy Referral link' }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  // The link as the server writes it (server.public_url; the test server has none, so its listen address).
  assert.match(copied, /^http:\/\/.+\/r\/NVS7DEMQ$/);
  await page.locator('pre.snippet', { hasText: copied }).first().waitFor();
  await page.getByText(`${server.url}/service-manager?agent=NVS7DEMQ`).waitFor();
  assert.equal(await page.locator('.agent-banner').count(), 4);
  await checkPage(visit, 'agent-referrals', provoked);
});

test('people: the owner invites a colleague and removes them after confirming', async () => {
  const { page } = visit;
  await page.goto('/agent/people');
  await page.getByRole('heading', { name: 'Invite a colleague' }).waitFor();
  await checkPage(visit, 'agent-people', provoked);
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await page.locator('.field.invalid').first().waitFor();
  await page.getByLabel('Email').fill('wanjiku@demo.wakala.test');
  await page.getByLabel('Name').fill('Wanjiku Sales');
  await page.getByLabel('Role').selectOption('sales');
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await page.getByText('Wanjiku Sales (wanjiku@demo.wakala.test) was invited.').waitFor();
  const row = page.locator('tr', { hasText: 'wanjiku@demo.wakala.test' });
  await row.waitFor();
  await row.getByRole('button', { name: 'Remove' }).click();
  await page.getByRole('dialog').getByText('Remove Wanjiku Sales?').waitFor();
  await page.getByRole('button', { name: 'Yes, remove' }).click();
  await row.waitFor({ state: 'detached' });
});

test('certifications: a certificate file uploaded and the certification submitted', async () => {
  const { page } = visit;
  await page.goto('/agent/certifications');
  await page.getByText('No certifications submitted yet.').waitFor();
  await checkPage(visit, 'agent-certifications', provoked);
  await page.getByLabel('Certification', { exact: true }).selectOption('3cx');
  await page.getByLabel('Level').selectOption('intermediate');
  await page.getByLabel('Issued on').fill('2026-06-01');
  await page.getByLabel('Valid until').fill('2028-06-01');
  await page.getByRole('button', { name: 'Submit certification' }).click();
  await page.getByText('Choose the certificate file.').waitFor();
  await page.getByLabel('Certificate file').setInputFiles({ name: '3cx-certificate.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% test certificate\n') });
  await page.getByRole('button', { name: 'Submit certification' }).click();
  await page.getByText('3CX certification submitted').waitFor();
  const row = page.locator('tr', { hasText: '3CX · Intermediate' });
  await row.getByText('Submitted').waitFor();
});

test('the other pages render their figures', async () => {
  const { page } = visit;
  await page.goto('/agent/statements/2026-11');
  await page.getByRole('heading', { name: 'Balances, November 2026' }).waitFor();
  await page.getByText('INV-DEMO-1101/L1/sale').waitFor();
  await checkPage(visit, 'agent-statements', provoked);
  await page.getByLabel('Month').selectOption('2026-10');
  await page.waitForURL(/statements\/2026-10/);
  await page.getByRole('heading', { name: 'Balances, October 2026' }).waitFor();

  await page.goto('/agent/tier');
  await page.getByText('Your tier: Bronze').waitFor();
  await checkPage(visit, 'agent-tier', provoked);
  await page.goto('/agent/evaluations');
  await page.getByRole('heading', { name: 'Evaluation 2026Q3' }).waitFor();
  await page.getByText('Stayed at Bronze.').waitFor();
  await checkPage(visit, 'agent-evaluations', provoked);
  await page.goto('/agent/agreement');
  await page.getByRole('button', { name: 'Sign now' }).waitFor();
  await checkPage(visit, 'agent-agreement', provoked);
  await page.goto('/agent/payout-method');
  await page.getByText('No payout method yet').waitFor();
  await checkPage(visit, 'agent-payout-method', provoked);
  await page.getByLabel('M-Pesa number').fill('0712');
  await page.getByRole('button', { name: 'Save payout method' }).click();
  await page.locator('.field.invalid').waitFor();
  await page.getByLabel('M-Pesa number').fill('+254712345678');
  await page.getByRole('button', { name: 'Save payout method' }).click();
  await page.locator('.lead', { hasText: 'M-Pesa +254712345678' }).waitFor();
  await page.goto('/agent/notifications');
  await page.getByRole('heading', { name: 'Notifications', level: 1 }).waitFor();
  await checkPage(visit, 'agent-notifications', provoked);
});

test('clients: notification choices saved, then signing in as a client lands in the client area', async () => {
  const own = await openVisit(browser, server, DESKTOP);
  const { page } = own;
  await signIn(page, demo.agent);
  await page.goto('/agent/clients');
  await page.getByRole('heading', { name: 'Kilimani Dental Clinic' }).waitFor();
  await checkPage(own, 'agent-clients');
  const card = page.locator('.agent-client', { hasText: 'Kilimani Dental Clinic' });
  await card.getByText('Notification choices').click();
  await card.getByLabel('Invoice overdue').uncheck();
  await card.getByRole('button', { name: 'Save choices' }).click();
  await card.getByText('Saved.').waitFor();
  await page.reload();
  await page.locator('.agent-client', { hasText: 'Kilimani Dental Clinic' }).getByText('Notification choices').click();
  assert.equal(await page.locator('.agent-client', { hasText: 'Kilimani Dental Clinic' }).getByLabel('Invoice overdue').isChecked(), false);
  await page.getByRole('button', { name: 'Sign in as Kilimani Dental Clinic' }).click();
  await page.waitForURL((url) => url.pathname === '/client');
  await page.getByText(/Signed in as Kilimani Dental Clinic/).waitFor();
  await own.close();
});

test('the panel in Swahili', async () => {
  const { page } = visit;
  await page.goto('/agent');
  await page.getByRole('button', { name: 'Kiswahili' }).click();
  await page.getByRole('heading', { name: 'Dashibodi', level: 1 }).waitFor();
  await page.getByText('Mwezi huu').waitFor();
  await checkPage(visit, 'agent-dashboard-sw', provoked);
  await page.getByRole('button', { name: 'English' }).click();
});
