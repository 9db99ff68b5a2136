// The documents people keep, as the server renders them (PDF, Cairo and
// Pango): each panel's "Download PDF" link is a plain link to the API, which
// the session cookie signs. Every test opens the page, reads the link (its
// accessible name says which document), and fetches its href from the page
// itself: 200, application/pdf, an attachment under the document's name, a
// body that starts "%PDF-". The agent's statement of a month of the demo
// history; the client's invoice (an order the client places in its area),
// also from the agent's and the staff's invoice pages; a withdrawal the agent
// requests and staff approve and pay, whose remittance advice and
// withholding-tax statement only a paid withdrawal has (409 before). Set-up
// through the API: only the product the client orders. Every page is checked
// (axe, console, 360 px and 1280 px).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { card, checkPage, confirm, demo, DESKTOP, launchBrowser, openVisit, PHONE, signIn, startServer, textOf, type Server, type Visit } from './harness';

let server: Server;
let browser: Browser;
const visits: Visit[] = [];

const PBX = 'Hosted PBX, 10 users';

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  for (const visit of visits) await visit.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

async function person(who: { email: string; password: string }, viewport = PHONE): Promise<Visit> {
  const visit = await openVisit(browser, server, viewport);
  visits.push(visit);
  await signIn(visit.page, who);
  return visit;
}

interface Fetched {
  status: number;
  type: string;
  disposition: string;
  head: string;
  tail: string;
  size: number;
}

// The link's href fetched by the page, with its own session (the cookie; a GET needs no CSRF token).
async function fetchFromPage(page: Page, href: string): Promise<Fetched> {
  return page.evaluate(async (url) => {
    const answer = await fetch(url, { credentials: 'same-origin' });
    const bytes = new Uint8Array(await answer.arrayBuffer());
    const text = (part: Uint8Array) => Array.from(part, (b) => String.fromCharCode(b)).join('');
    return {
      status: answer.status,
      type: answer.headers.get('content-type') ?? '',
      disposition: answer.headers.get('content-disposition') ?? '',
      head: text(bytes.slice(0, 8)),
      tail: text(bytes.slice(-32)),
      size: bytes.length,
    };
  }, href);
}

// The link is a download of `href`; what it fetches is a PDF named `filename`.
async function assertPdfLink(page: Page, link: Locator, href: string, filename: string): Promise<void> {
  await link.waitFor();
  assert.equal(await link.getAttribute('href'), href);
  assert.notEqual(await link.getAttribute('download'), null, 'the link is a download');
  const pdf = await fetchFromPage(page, href);
  assert.equal(pdf.status, 200, `GET ${href}`);
  assert.match(pdf.type, /^application\/pdf\b/);
  assert.match(pdf.disposition, /^attachment;/);
  assert.ok(pdf.disposition.includes(`filename="${filename}"`), `${href}: Content-Disposition ${pdf.disposition}, not ${filename}`);
  assert.ok(pdf.head.startsWith('%PDF-'), `${href} starts ${JSON.stringify(pdf.head)}`);
  assert.match(pdf.tail, /%%EOF\s*$/, `${href} ends as a PDF does`);
  assert.ok(pdf.size > 1000, `${href} is ${pdf.size} bytes`);
}

test('the agent downloads the statement of a month as a PDF, beside its CSV', async () => {
  const visit = await person(demo.agent);
  const { page } = visit;
  await page.goto('/agent/statements/2026-11');
  await page.getByRole('heading', { name: 'Balances, November 2026' }).waitFor();
  await page.getByText('INV-DEMO-1101/L1/sale').waitFor();
  const actions = page.locator('.page-actions');
  assert.equal(await actions.getByRole('link', { name: 'Download CSV' }).getAttribute('href'), '/api/v1/agents/AG-DEMO/statements/2026-11?format=csv');
  const pdf = actions.getByRole('link', { name: 'Download PDF of the statement for November 2026', exact: true });
  assert.equal((await pdf.innerText()).trim(), 'Download PDF');
  await assertPdfLink(page, pdf, '/api/v1/agents/AG-DEMO/statements/2026-11?format=pdf', 'statement-AG-DEMO-2026-11.pdf');
  await checkPage(visit, 'documents-agent-statement');

  // Another month: the link follows it.
  await page.getByLabel('Month').selectOption('2026-10');
  await page.waitForURL(/statements\/2026-10/);
  await page.getByRole('heading', { name: 'Balances, October 2026' }).waitFor();
  const october = actions.getByRole('link', { name: 'Download PDF of the statement for October 2026', exact: true });
  await assertPdfLink(page, october, '/api/v1/agents/AG-DEMO/statements/2026-10?format=pdf', 'statement-AG-DEMO-2026-10.pdf');

  // In Swahili the link says so too.
  await page.getByRole('button', { name: 'Kiswahili' }).click();
  const swahili = actions.getByRole('link', { name: 'Pakua PDF ya taarifa ya akaunti ya', exact: false });
  await swahili.waitFor();
  assert.equal((await swahili.innerText()).trim(), 'Pakua PDF');
  await checkPage(visit, 'documents-agent-statement-sw');
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('link', { name: 'Download PDF of the statement for October 2026' }).waitFor();
  await visit.close();
});

test('the client downloads its invoice as a PDF; its agent and staff download the same invoice from their pages', async () => {
  // Set-up: a product on sale, through the API.
  const setup = await openVisit(browser, server, DESKTOP);
  visits.push(setup);
  const login = await setup.page.request.post('/api/v1/auth/login', { data: demo.staff });
  const csrf = ((await login.json()) as { csrf_token: string }).csrf_token;
  const made = await setup.page.request.post('/api/v1/products', {
    data: { name: PBX, category: 'managed_subscription', cycle: 'monthly', price: '2499.99' },
    headers: { 'X-CSRF-Token': csrf },
  });
  assert.equal(made.status(), 201, await made.text());
  await setup.close();

  // The client orders it: the invoice is issued and shown.
  const client = await person(demo.client);
  const c = client.page;
  await c.goto('/client/orders');
  await c.getByLabel(`How many: ${PBX}`).fill('1');
  await c.getByRole('button', { name: 'Place order' }).click();
  await confirm(c, /An invoice of KES 2,899\.99 is issued now/, 'Place order');
  await c.waitForURL((url) => url.pathname.startsWith('/client/invoices/'));
  await c.getByRole('heading', { name: /^Invoice INV-\d{6}$/, level: 1 }).waitFor();
  const number = /INV-\d{6}/.exec(await c.locator('h1').innerText())?.[0] ?? '';
  const id = decodeURIComponent(new URL(c.url()).pathname.split('/').pop() ?? '');
  assert.ok(number && id, 'the invoice has a number and an id');
  const href = `/api/v1/invoices/${encodeURIComponent(id)}?format=pdf`;
  const label = `Download PDF of invoice ${number}`;
  const clientLink = c.getByRole('link', { name: label, exact: true });
  assert.equal((await clientLink.innerText()).trim(), 'Download PDF');
  await assertPdfLink(c, clientLink, href, `${number}.pdf`);
  await checkPage(client, 'documents-client-invoice');
  // Not printed: the printed page is the invoice alone.
  await c.emulateMedia({ media: 'print' });
  assert.equal(await clientLink.isVisible(), false, 'the link is not printed');
  await c.emulateMedia({ media: 'screen' });

  // The client's agent, from the client's invoice in its panel.
  const agent = await person(demo.agent);
  const g = agent.page;
  await g.goto('/agent/clients/CL-DEMO');
  await card(g, 'Invoices').getByRole('link', { name: number }).click();
  await g.getByRole('heading', { name: `Invoice ${number}`, level: 1 }).waitFor();
  assert.equal(new URL(g.url()).pathname, `/agent/clients/CL-DEMO/invoices/${encodeURIComponent(id)}`);
  await assertPdfLink(g, g.getByRole('link', { name: label, exact: true }), href, `${number}.pdf`);
  await checkPage(agent, 'documents-agent-client-invoice');

  // Staff, from the invoice in the back office.
  const staff = await person(demo.staff, DESKTOP);
  const s = staff.page;
  await s.goto('/staff/invoices');
  await s.getByRole('link', { name: number }).click();
  await s.getByRole('heading', { name: `Invoice ${number}`, level: 1 }).waitFor();
  await assertPdfLink(s, s.getByRole('link', { name: label, exact: true }), href, `${number}.pdf`);
  await checkPage(staff, 'documents-staff-invoice');
  await client.close();
  await agent.close();
  await staff.close();
});

test('a paid withdrawal has its remittance and tax statement as a PDF, for the agent and for staff', async () => {
  // The agent requests 10,000.00 with its password again.
  const agent = await person(demo.agent);
  const g = agent.page;
  await g.goto('/agent/withdrawals');
  await g.getByLabel('Amount (KES)').fill('10,000');
  await g.getByRole('button', { name: 'Preview' }).click();
  await g.getByText('This withdrawal can be requested now.').waitFor();
  await g.getByLabel('Your password').fill(demo.agent.password);
  await g.getByRole('button', { name: 'Request withdrawal' }).click();
  await confirm(g, 'Withdraw KES 10,000.00? After withholding tax you receive KES 9,500.00.', 'Yes, request it');
  await g.getByText('Withdrawal of KES 10,000.00 requested (KES 9,500.00 after tax). Cloud One will review it.').waitFor();
  const requested = g.locator('tbody tr').first();
  await requested.getByText('Requested', { exact: true }).last().waitFor();
  assert.equal(await g.getByRole('link', { name: /Remittance and tax statement/ }).count(), 0, 'a withdrawal not paid has no remittance');

  // Before it is paid the server has no remittance for it (409); asked outside the page.
  const listed = (await (await g.request.get('/api/v1/agents/AG-DEMO/withdrawals')).json()) as { items: { id: string; state: string }[] };
  const withdrawal = listed.items.find((w) => w.state === 'requested');
  assert.ok(withdrawal, 'the requested withdrawal is listed');
  const href = `/api/v1/withdrawals/${encodeURIComponent(withdrawal.id)}/remittance`;
  assert.equal((await g.request.get(href)).status(), 409);

  // Staff approve it and pay it with the M-Pesa reference.
  const staff = await person(demo.staff, DESKTOP);
  const s = staff.page;
  await s.goto('/staff/withdrawals');
  const queued = s.locator('.staff-withdrawal', { hasText: withdrawal.id });
  await queued.getByRole('button', { name: 'Approve' }).click();
  await confirm(s, 'Approve the withdrawal of AG-DEMO: gross KES 10,000.00, withholding tax KES 500.00, net KES 9,500.00?', 'Approve');
  await s.waitForURL(/state=approved/);
  const approved = s.locator('.staff-withdrawal', { hasText: withdrawal.id });
  assert.equal(await approved.getByRole('link', { name: /Remittance and tax statement/ }).count(), 0, 'an approved withdrawal has no remittance yet');
  await approved.getByLabel('Payout reference').fill('RKT4Q9ZP2M');
  await approved.getByRole('button', { name: 'Mark paid' }).click();
  await confirm(s, 'Mark the withdrawal of AG-DEMO paid with reference RKT4Q9ZP2M: gross KES 10,000.00, withholding tax KES 500.00, net KES 9,500.00?', 'Mark paid');
  await s.waitForURL(/state=paid/);
  const paid = s.locator('.staff-withdrawal', { hasText: 'RKT4Q9ZP2M' });
  await paid.locator('.badge', { hasText: 'Paid' }).waitFor();
  const staffLabel = `Remittance and tax statement (PDF) of withdrawal ${withdrawal.id} to AG-DEMO`;
  const staffLink = paid.getByRole('link', { name: staffLabel, exact: true });
  assert.equal((await staffLink.innerText()).trim(), 'Remittance and tax statement (PDF)');
  await assertPdfLink(s, staffLink, href, `remittance-${withdrawal.id}.pdf`);
  await checkPage(staff, 'documents-staff-withdrawal-paid');

  // The agent's page in the back office lists it with the same link.
  await s.goto('/staff/agents/AG-DEMO');
  const row = card(s, 'Withdrawals').locator('tbody tr', { hasText: 'RKT4Q9ZP2M' });
  await assertPdfLink(s, row.getByRole('link', { name: staffLabel, exact: true }), href, `remittance-${withdrawal.id}.pdf`);

  // The agent sees it paid, with its remittance.
  await g.reload();
  const mine = g.locator('tbody tr', { hasText: 'RKT4Q9ZP2M' });
  await mine.waitFor();
  assert.match(await textOf(mine), /KES 10,000\.00 KES 500\.00 KES 9,500\.00 Paid Reference: RKT4Q9ZP2M Remittance and tax statement \(PDF\)/);
  const agentLink = mine.getByRole('link', { name: 'Remittance and tax statement (PDF) for the withdrawal paid with reference RKT4Q9ZP2M', exact: true });
  assert.equal((await agentLink.innerText()).trim(), 'Remittance and tax statement (PDF)');
  await assertPdfLink(g, agentLink, href, `remittance-${withdrawal.id}.pdf`);
  await checkPage(agent, 'documents-agent-withdrawal-paid');

  // Signed out, the link opens nothing.
  const stranger = await openVisit(browser, server, PHONE);
  visits.push(stranger);
  assert.equal((await stranger.page.request.get(href)).status(), 401);
  await stranger.close();
  await agent.close();
  await staff.close();
});
