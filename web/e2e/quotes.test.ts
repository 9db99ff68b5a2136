// Quotes through the three panels' UI and the prospect's /quote page, on two
// `wakala serve`s. On the first (the wall clock; X-Forwarded-For trusted, so
// that the prospect speaks from its own address and is no self-referral):
// staff create a monthly managed subscription in the catalogue; the demo
// agent (bronze) drafts a quote for a prospect and sends it; the prospect
// opens the emailed /quote#<secret> link, accepts with a phone and a
// password, signs in and sees its invoice; staff record the payment; the
// agent's commissions show 5% of the net subscription, and the new client is
// in its list; staff credit a third of the line and the agent sees a third of
// the commission reversed. The agent quotes its client CL-DEMO twice: the
// client declines one and accepts the other, and the agent reads both
// outcomes; a quote the agent withdraws while the client looks at it is
// refused with the server's words. The agent signed in as the client accepts
// a quote, orders and opens a ticket; staff's audit log shows the agent's user
// acting on behalf of client:CL-DEMO for each. On the second (a program clock
// the test moves, the scheduler every second): a renewal invoice issued by the
// scheduler and paid in the staff UI earns the recurring commission; a quote
// past its validity shows expired on the prospect's page, without a button.
// Set-up through the API: the second server's product (the first's is made in
// the staff UI). Every page is checked (axe, console, 360 px and 1280 px).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { card, checkPage, confirm, demo, DESKTOP, launchBrowser, openVisit, PHONE, setProgramTime, signIn, sqlValue, startServer, textOf, type Server, type Visit } from './harness';

let server: Server;
let clocked: Server;
let browser: Browser;
const visits: Visit[] = [];

const PBX = 'Hosted PBX, 10 users';
const PRICE = '2499.99';
const SETUP = '5000.00';
const PROSPECT = { name: 'Wanjiku Kamau', company: 'Kamau Traders', email: 'wanjiku@kamau.example', password: 'kamau-traders-2026!' };
// The prospect's own address, as a proxy in front of the server would say it.
const PROSPECT_ADDRESS = '203.0.113.50';
// What the agent (bronze) earns on a managed subscription and on a setup fee, in basis points.
const BRONZE_SUBSCRIPTION_BP = 500;
const BRONZE_SETUP_BP = 1000;

// Carried from journey to journey on the first server.
let invoiceNumber = '';
let invoiceId = '';
let newClientId = '';

// The second server's program time: a Saturday in the demo's last quarter, after its history.
const CLOCK_START = '2026-12-05T12:00:00+03:00';

before(async () => {
  server = await startServer({ environment: { WAKALA_SERVER_TRUST_FORWARDED_FOR: 'true' } });
  clocked = await startServer({ programTime: CLOCK_START, environment: { WAKALA_ENGINE_SCHEDULER_INTERVAL: '1' } });
  browser = await launchBrowser();
});

after(async () => {
  for (const visit of visits) await visit.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
  await clocked?.stop();
});

async function person(who: { email: string; password: string }, viewport = PHONE, on: Server = server): Promise<Visit> {
  const visit = await openVisit(browser, on, viewport);
  visits.push(visit);
  await signIn(visit.page, who);
  return visit;
}

// Money strings and the engine's rounding, to work out what the agent earns:
// round_half_up(cents × bp / 10000), as ApplyRate in src/core/money.cpp.
function cents(amount: string): bigint {
  const [whole, fraction] = amount.split('.') as [string, string];
  return BigInt(whole) * 100n + BigInt(fraction);
}
function rate(amountCents: bigint, bp: number): bigint {
  return (amountCents * BigInt(bp) + 5000n) / 10000n;
}
// "KES 12,500.00", as the panels show an amount of cents.
function kes(amountCents: bigint): string {
  const whole = (amountCents / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `KES ${whole}.${(amountCents % 100n).toString().padStart(2, '0')}`;
}

// The secret of the link the last quote email to `email` carries.
function emailedSecret(on: Server, email: string): string {
  const body = sqlValue(on, `SELECT body FROM outbound_email WHERE recipient = '${email}' ORDER BY created_at DESC LIMIT 1`);
  const secret = /\/quote#([0-9a-f]{64})/.exec(body)?.[1];
  assert.ok(secret, `no quote link in the email to ${email}:\n${body}`);
  return secret;
}

// The agent's new-quote form, opened from the list.
async function openNewQuote(page: Page): Promise<void> {
  await page.goto('/agent/quotes');
  await page.getByRole('link', { name: 'New quote' }).click();
  await page.getByRole('heading', { name: 'New quote', level: 1 }).waitFor();
}

// Drafts, then sends, a quote for one of the agent's clients (from the form
// already filled by `lines`); answers its number and its page.
async function draftAndSend(page: Page, fill: () => Promise<void>, question: RegExp): Promise<{ number: string; path: string }> {
  await openNewQuote(page);
  await fill();
  await page.getByRole('button', { name: 'Save as draft' }).click();
  await page.waitForURL((url) => /^\/agent\/quotes\/quo_/.test(url.pathname));
  await page.getByText(/was saved as a draft/).waitFor();
  const number = /QT-\d{6}/.exec(await page.locator('h1').innerText())?.[0] ?? '';
  assert.ok(number, 'the quote number is the page title');
  const path = new URL(page.url()).pathname;
  await page.getByRole('button', { name: 'Send quote' }).click();
  await confirm(page, question, 'Send quote');
  await page.getByText(`Quote ${number} was sent to`).waitFor();
  await page.locator('.quote-doc .badge', { hasText: 'Sent' }).waitFor();
  return { number, path };
}

async function forClient(page: Page, client: string): Promise<void> {
  await page.getByLabel('One of your clients').check();
  await page.getByLabel('Client', { exact: true }).selectOption({ label: client });
}

async function catalogueLine(page: Page, number: number, product: string, quantity = '1'): Promise<void> {
  const line = page.getByRole('group', { name: `Line ${number}: from the catalogue` });
  await line.getByLabel('Product').selectOption({ label: product });
  await line.getByLabel('Quantity').fill(quantity);
}

async function ownLine(page: Page, number: number, line: { description: string; category: string; price: string; quantity?: string; vat?: string }): Promise<void> {
  await page.getByRole('button', { name: 'Add a line of your own' }).click();
  const group = page.getByRole('group', { name: `Line ${number}: your own` });
  await group.getByLabel('Description').fill(line.description);
  await group.getByLabel('Category').selectOption(line.category);
  await group.getByLabel('Unit price (KES, net of VAT)').fill(line.price);
  await group.getByLabel('Quantity').fill(line.quantity ?? '1');
  if (line.vat !== undefined) await group.getByLabel('VAT (%)').fill(line.vat);
}

const PBX_OPTION = `${PBX}, KES 2,499.99 a month`;

test('before any quote: the agent\'s list, the client\'s list, and the /quote page without a link or with a wrong one', async () => {
  const agent = await person(demo.agent);
  await agent.page.goto('/agent');
  await agent.page.getByRole('button', { name: 'Menu' }).click();
  await agent.page.locator('#panel-nav').getByRole('link', { name: 'Quotes' }).click();
  await agent.page.waitForURL((url) => url.pathname === '/agent/quotes');
  await agent.page.getByText('No quote yet: draft one for a client or a prospect.').waitFor();
  await checkPage(agent, 'agent-quotes-empty');
  await agent.close();

  const client = await person(demo.client);
  await client.page.getByRole('button', { name: 'Menu' }).click();
  const nav = client.page.locator('#panel-nav').getByRole('link', { name: 'Quotes' });
  assert.equal(await nav.locator('.badge.coming').count(), 0, 'quotes are no longer "coming"');
  await nav.click();
  await client.page.waitForURL((url) => url.pathname === '/client/quotes');
  await client.page.getByText('You have no quote.').waitFor();
  await checkPage(client, 'client-quotes-empty');
  await client.close();

  const stranger = await openVisit(browser, server, PHONE);
  visits.push(stranger);
  await stranger.page.goto('/quote');
  await stranger.page.getByText('This link is incomplete').waitFor();
  await checkPage(stranger, 'public-quote-no-link');
  await stranger.page.goto(`/quote#${'0'.repeat(64)}`);
  await stranger.page.getByText('No quote at this link').waitFor();
  await checkPage(stranger, 'public-quote-not-found', [/status of 404/]);
  await stranger.close();
});

test('(a) staff put a monthly subscription on sale; the agent drafts a quote for a prospect with it, previews VAT line by line, and sends it', async () => {
  const staff = await person(demo.staff, DESKTOP);
  const s = staff.page;
  await s.goto('/staff/products');
  await s.getByLabel('Name').fill(PBX);
  await s.getByLabel('Category').selectOption('managed_subscription');
  await s.getByLabel('Billing cycle').selectOption('monthly');
  await s.getByLabel('Price (KES, net of VAT)').fill(PRICE);
  await s.getByLabel('Setup fee (KES, net of VAT)').fill(SETUP);
  await s.getByRole('button', { name: 'Create product' }).click();
  await s.getByText(`Product created: ${PBX}.`).waitFor();
  await staff.close();

  const visit = await person(demo.agent);
  const { page } = visit;
  await openNewQuote(page);
  // Nothing filled: refused at each field, without a request.
  await page.getByRole('button', { name: 'Save as draft' }).click();
  await page.getByText('Check the highlighted fields.').waitFor();
  assert.ok((await page.locator('.field.invalid').count()) >= 4, 'name, company, email and the product are asked for');
  await page.getByLabel('Contact name').fill(PROSPECT.name);
  await page.getByLabel('Company', { exact: true }).fill(PROSPECT.company);
  await page.getByLabel('Email').fill('wanjiku@');
  await page.getByText('Enter an email address, like name@company.co.ke.').waitFor();
  await page.getByLabel('Email').fill(PROSPECT.email);
  await catalogueLine(page, 1, PBX_OPTION);
  await ownLine(page, 2, { description: 'On-site training, half a day', category: 'training_oos', price: '3,000' });
  // A price that is not an amount is refused as typed.
  const own = page.getByRole('group', { name: 'Line 2: your own' });
  await own.getByLabel('Unit price (KES, net of VAT)').fill('3000.005');
  await own.getByText('Enter an amount in shillings, e.g. 2499.99.').waitFor();
  await own.getByLabel('Unit price (KES, net of VAT)').fill('3,000');
  await page.getByLabel('Note to the client (optional)').fill('As discussed on Monday: the PBX, its installation and a half-day of training.');
  // 2499.99 (VAT 400.00), its setup 5000.00 (VAT 800.00), training 3000.00 (VAT 480.00).
  const preview = card(page, 'Preview');
  assert.match(await textOf(preview.locator('tbody tr').nth(0)), /Hosted PBX, 10 users 1 KES 2,499\.99 KES 2,499\.99 KES 400\.00 \(16%\) KES 2,899\.99/);
  assert.match(await textOf(preview.locator('tbody tr').nth(1)), /Setup: Hosted PBX, 10 users 1 KES 5,000\.00 KES 5,000\.00 KES 800\.00 \(16%\) KES 5,800\.00/);
  assert.match(await textOf(preview.locator('tbody tr').nth(2)), /On-site training, half a day 1 KES 3,000\.00 KES 3,000\.00 KES 480\.00 \(16%\) KES 3,480\.00/);
  assert.equal(await textOf(page.getByTestId('quote-preview-total')), 'KES 12,179.99');
  await checkPage(visit, 'agent-quote-new');
  // A validity the server refuses is shown at its field, in the server's words.
  await page.getByLabel('Valid until (optional)').fill('2099-01-01');
  await page.getByRole('button', { name: 'Save as draft' }).click();
  await page.locator('.field.invalid', { hasText: 'Valid until' }).getByText(/must be a date from \d{4}-\d{2}-\d{2} to/).waitFor();
  await page.getByLabel('Valid until (optional)').fill('');
  visit.errors.splice(0);

  await page.getByRole('button', { name: 'Save as draft' }).click();
  await page.waitForURL((url) => /^\/agent\/quotes\/quo_/.test(url.pathname));
  await page.getByRole('heading', { name: 'Quote QT-000001', level: 1 }).waitFor();
  await page.getByText('Quote QT-000001 was saved as a draft.').waitFor();
  const document = page.locator('.quote-doc');
  await document.locator('.badge', { hasText: 'Draft' }).waitFor();
  assert.match(await textOf(document.locator('dl.facts')), /For Kamau Traders \(Wanjiku Kamau\) Valid until/);
  assert.equal(await textOf(page.getByTestId('quote-total')), 'KES 12,179.99', 'the server priced it as the preview did');
  await checkPage(visit, 'agent-quote-draft');
  await page.getByRole('button', { name: 'Send quote' }).click();
  await confirm(page, `Send quote QT-000001 of KES 12,179.99 to ${PROSPECT.name} at ${PROSPECT.email}? They get an email with a link to accept or decline it.`, 'Send quote');
  await page.getByText(`Quote QT-000001 was sent to ${PROSPECT.email}.`).waitFor();
  await document.locator('.badge', { hasText: 'Sent' }).waitFor();
  await page.getByText('Sent: waiting for the decision.').waitFor();
  await checkPage(visit, 'agent-quote-sent');
  await page.getByRole('link', { name: 'All quotes' }).click();
  const row = page.locator('tbody tr', { hasText: 'QT-000001' });
  assert.match(await textOf(row), /QT-000001 Kamau Traders \(Wanjiku Kamau\) Sent .* KES 12,179\.99/);
  await checkPage(visit, 'agent-quotes');
  await visit.close();
});

test('(a) the prospect opens the emailed /quote#secret link, accepts with its phone and a password, signs in and sees its invoice', async () => {
  const secret = emailedSecret(server, PROSPECT.email);
  const visit = await openVisit(browser, server, PHONE, PROSPECT_ADDRESS);
  visits.push(visit);
  const { page } = visit;
  // The secret is read from the fragment and POSTed: no request names it in its path or query.
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  await page.goto(`/quote#${secret}`);
  await page.getByRole('heading', { name: 'Quote QT-000001 from Nairobi Voice Solutions', level: 1 }).waitFor();
  const document = page.locator('.quote-doc');
  await document.locator('.badge', { hasText: 'Sent' }).waitFor();
  await document.getByText('As discussed on Monday').waitFor();
  assert.equal(await textOf(page.getByTestId('quote-total')), 'KES 12,179.99');
  assert.equal(await page.getByLabel('Company name').inputValue(), PROSPECT.company, 'prefilled from the quote');
  assert.equal(await page.getByLabel('Your name').inputValue(), PROSPECT.name);
  await page.getByText(PROSPECT.email).first().waitFor();
  await page.getByText('12 to 256 characters; not your email, not a common or dictionary password.').waitFor();
  await checkPage(visit, 'public-quote');

  // A phone and a password the rules allow are asked for before anything is sent.
  await page.getByRole('button', { name: 'Accept and create my account' }).click();
  await page.getByText('A phone number is required.').first().waitFor();
  await page.getByLabel('Phone').fill('0722 555 666');
  await page.getByLabel('New password').fill('short');
  await page.getByRole('button', { name: 'Accept and create my account' }).click();
  await page.getByText('must be at least 12 characters').first().waitFor();
  await page.getByLabel('New password').fill(PROSPECT.password);
  await page.getByRole('button', { name: 'Accept and create my account' }).click();
  await page.getByText('Thank you: the quote is accepted.').waitFor();
  const notice = await textOf(page.locator('.notice.good'));
  invoiceNumber = /INV-\d{6}/.exec(notice)?.[0] ?? '';
  assert.ok(invoiceNumber, notice);
  assert.match(notice, new RegExp(`Your client account was created for ${PROSPECT.email.replace('.', '\\.')}, and invoice ${invoiceNumber} of KES 12,179\\.99 was issued`));
  await document.locator('.badge', { hasText: 'Accepted' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Accept and create my account' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Decline quote' }).count(), 0);
  await checkPage(visit, 'public-quote-accepted');
  for (const url of urls) assert.ok(!url.includes(secret), `the secret reached a URL: ${url}`);

  // Opened again, the link shows the decision and nothing to press.
  await page.reload();
  await page.getByText(/^Accepted on /).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Accept and create my account' }).count(), 0);

  // It signs in with the quote's email and lands on its invoices.
  await page.getByRole('link', { name: 'Sign in to see your invoice' }).first().click();
  await page.waitForURL((url) => url.pathname === '/signin' && url.searchParams.get('next') === '/client/invoices');
  await page.getByLabel('Email').fill(PROSPECT.email);
  await page.getByLabel('Password').fill(PROSPECT.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === '/client/invoices');
  const listed = page.locator('tbody tr', { hasText: invoiceNumber });
  assert.match(await textOf(listed), /Order .* Unpaid KES 12,179\.99/);
  await listed.getByRole('link', { name: invoiceNumber }).click();
  await page.getByRole('heading', { name: `Invoice ${invoiceNumber}`, level: 1 }).waitFor();
  invoiceId = new URL(page.url()).pathname.split('/').pop() ?? '';
  const invoice = page.locator('.invoice-doc');
  assert.match(await textOf(invoice.locator('.invoice-totals')), /Net total KES 10,499\.99 VAT KES 1,680\.00 Total \(incl\. VAT\) KES 12,179\.99/);
  newClientId = /\((CL-[^)]+)\)|(CL-[0-9a-f]+)/.exec(await textOf(invoice.locator('dl.facts')))?.slice(1).find(Boolean) ?? '';
  assert.ok(newClientId, 'the invoice names the new client');
  await checkPage(visit, 'client-invoice-from-quote');
  // Its quote is in its client area too.
  await page.goto('/client/quotes');
  assert.match(await textOf(page.locator('tbody tr', { hasText: 'QT-000001' })), /Accepted .* KES 12,179\.99/);
  await visit.close();
});

test('(a) staff record the payment: the agent earns 5% of the net subscription, and the prospect is its client', async () => {
  const staff = await person(demo.staff);
  const s = staff.page;
  await s.goto('/staff/invoices?status=unpaid');
  await s.getByRole('link', { name: invoiceNumber }).click();
  await s.getByRole('heading', { name: `Invoice ${invoiceNumber}`, level: 1 }).waitFor();
  const payment = card(s, 'Record the payment');
  await payment.getByLabel('Payment reference').fill('qt01zp3xyz');
  await payment.getByRole('button', { name: 'Record payment' }).click();
  await confirm(s, `Record the M-Pesa payment QT01ZP3XYZ of KES 12,179.99 on ${invoiceNumber}?`, 'Record payment');
  await s.getByText(`The payment was recorded: ${invoiceNumber} is paid.`).waitFor();
  await staff.close();

  const subscription = rate(cents(PRICE), BRONZE_SUBSCRIPTION_BP); // 2499.99 → 125.00
  const setup = rate(cents(SETUP), BRONZE_SETUP_BP); // 5000.00 → 500.00
  assert.equal(kes(subscription), 'KES 125.00');
  const visit = await person(demo.agent);
  const { page } = visit;
  await page.goto('/agent/commissions');
  await page.getByLabel('Client').selectOption({ label: PROSPECT.company });
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await page.waitForURL(/client=CL-/);
  const line1 = page.locator('tbody tr', { hasText: `${invoiceId}/1` });
  assert.match(await textOf(line1), new RegExp(`Sale · Managed subscription ${kes(cents(PRICE))} 5 % ${kes(subscription)} — Pending`));
  const line2 = page.locator('tbody tr', { hasText: `${invoiceId}/2` });
  assert.match(await textOf(line2), new RegExp(`${kes(cents(SETUP))} 10 % ${kes(setup)}`));
  await checkPage(visit, 'agent-commissions-from-quote');
  await page.goto('/agent');
  await page.getByText(`${invoiceId}/1`).first().waitFor();
  await page.goto('/agent/clients');
  const client = card(page, PROSPECT.company);
  assert.match(await textOf(client), new RegExp(`${newClientId} .* through a quote you sent`));
  await page.goto('/agent/quotes?status=accepted');
  await page.getByRole('link', { name: 'QT-000001' }).click();
  await page.getByText(/^Accepted on /).waitFor();
  await page.locator('.quote-decision code').getByText(/^ord_/).waitFor();
  await page.getByRole('link', { name: `The services and invoices of ${PROSPECT.company}` }).waitFor();
  await checkPage(visit, 'agent-quote-accepted');
  await visit.close();
});

test('(f) a credit note of a third of the subscription line reverses a third of its commission', async () => {
  const third = cents(PRICE) / 3n; // 833.33 of 2499.99
  const credit = `${third / 100n}.${(third % 100n).toString().padStart(2, '0')}`;
  // commission(2499.99) − commission(2499.99 − 833.33) = 125.00 − 83.33
  const reversed = rate(cents(PRICE), BRONZE_SUBSCRIPTION_BP) - rate(cents(PRICE) - third, BRONZE_SUBSCRIPTION_BP);
  assert.equal(kes(reversed), 'KES 41.67');
  const staff = await person(demo.staff, DESKTOP);
  const s = staff.page;
  await s.goto(`/staff/invoices/${invoiceId}`);
  const form = card(s, 'Credit note');
  await form.getByLabel(`Credit on line 1: ${PBX} (KES, net)`).fill(credit);
  await form.getByLabel('Reason the client will read').fill('One of the three sites was not connected this month.');
  await form.getByRole('button', { name: 'Issue credit note' }).click();
  await confirm(s, new RegExp(`Issue a credit note of KES [\\d,.]+ on ${invoiceNumber}\\?`), 'Issue credit note');
  await s.getByText(`The credit note was issued on ${invoiceNumber}.`).waitFor();
  await staff.close();

  const visit = await person(demo.agent);
  const { page } = visit;
  await page.goto(`/agent/commissions?client=${newClientId}`);
  const line1 = page.locator('tbody tr', { hasText: `${invoiceId}/1` });
  await line1.waitFor();
  const cells = line1.locator('td[data-label="Reversed"]');
  assert.equal(await textOf(cells), kes(reversed));
  assert.match(await textOf(line1), new RegExp(`${kes(rate(cents(PRICE), BRONZE_SUBSCRIPTION_BP))} ${kes(reversed)}`), 'the commission and what was reversed of it');
  assert.equal(await textOf(page.locator('tbody tr', { hasText: `${invoiceId}/2` }).locator('td[data-label="Reversed"]')), '—', 'the setup line was not credited');
  await checkPage(visit, 'agent-commissions-reversed');
  await visit.close();
});

test('(b) the agent quotes its client twice; the client declines one with a reason and accepts the other; the agent sees both', async () => {
  const agent = await person(demo.agent);
  const a = agent.page;
  const phones = await draftAndSend(
    a,
    async () => {
      await forClient(a, 'Kilimani Dental Clinic (CL-DEMO)');
      await a.getByRole('button', { name: 'Remove line 1' }).click();
      await ownLine(a, 1, { description: 'Desk phones, Yealink T54W', category: 'software_equipment', price: '8500', quantity: '4' });
      assert.equal(await textOf(a.getByTestId('quote-preview-total')), 'KES 39,440.00'); // 34000.00 + 5440.00
    },
    /^Send quote QT-\d{6} of KES 39,440\.00 to Kilimani Dental Clinic\? Its users are emailed/,
  );
  const pbx = await draftAndSend(
    a,
    async () => {
      await forClient(a, 'Kilimani Dental Clinic (CL-DEMO)');
      await catalogueLine(a, 1, PBX_OPTION);
      assert.equal(await textOf(a.getByTestId('quote-preview-total')), 'KES 8,699.99');
    },
    /^Send quote QT-\d{6} of KES 8,699\.99 to Kilimani Dental Clinic\?/,
  );
  await agent.close();

  const client = await person(demo.client);
  const c = client.page;
  await c.goto('/client/quotes');
  assert.match(await textOf(c.locator('tbody tr', { hasText: phones.number })), /Sent .* KES 39,440\.00/);
  assert.match(await textOf(c.locator('tbody tr', { hasText: pbx.number })), /Sent .* KES 8,699\.99/);
  await checkPage(client, 'client-quotes');
  await c.getByRole('link', { name: phones.number }).click();
  await c.getByRole('heading', { name: `Quote ${phones.number}`, level: 1 }).waitFor();
  await c.locator('.quote-doc').getByText('From Nairobi Voice Solutions').waitFor();
  await checkPage(client, 'client-quote');
  await c.getByLabel('Why you decline it (optional)').fill('Too dear for this year.');
  await c.getByRole('button', { name: 'Decline quote' }).click();
  await confirm(c, `Decline quote ${phones.number}? The agent is told, with your reason: Too dear for this year.`, 'Decline quote');
  await c.getByText(`You declined quote ${phones.number}; your service manager is told.`).waitFor();
  await c.locator('.quote-doc .badge', { hasText: 'Declined' }).waitFor();
  assert.equal(await c.getByRole('button', { name: 'Accept quote' }).count(), 0);
  await checkPage(client, 'client-quote-declined');

  await c.goto(`/client${pbx.path.replace('/agent', '')}`);
  await c.getByRole('heading', { name: `Quote ${pbx.number}`, level: 1 }).waitFor();
  await c.getByRole('button', { name: 'Accept quote' }).click();
  await confirm(c, `Accept quote ${pbx.number}? The order is placed at the quoted prices and an invoice of KES 8,699.99 is issued now; the services start once it is paid.`, 'Accept quote');
  await c.getByText(new RegExp(`You accepted quote ${pbx.number}: the order was placed and invoice INV-\\d{6} issued\\.`)).waitFor();
  await checkPage(client, 'client-quote-accepted');
  await c.getByRole('link', { name: /^See invoice INV-\d{6}$/ }).click();
  await c.waitForURL((url) => url.pathname.startsWith('/client/invoices/'));
  assert.equal(await textOf(c.getByTestId('invoice-total')), 'KES 8,699.99');
  await client.close();

  const again = await person(demo.agent);
  const p = again.page;
  await p.goto('/agent/quotes');
  await p.getByLabel('Status').selectOption('declined');
  await p.waitForURL(/status=declined/);
  // The list shown before the filter holds this quote too: wait for the filtered list to replace it.
  await p.waitForFunction(() => !document.querySelector('.state.loading') && document.querySelectorAll('tbody tr').length === 1);
  await p.getByRole('link', { name: phones.number }).waitFor();
  assert.equal(await p.locator('tbody tr').count(), 1);
  await p.getByRole('link', { name: phones.number }).click();
  await p.getByText(/^Declined on /).waitFor();
  await p.locator('.quote-decision').getByText('Too dear for this year.').waitFor();
  assert.equal(await p.getByRole('button', { name: 'Send quote' }).count(), 0);
  assert.equal(await p.getByRole('button', { name: 'Withdraw quote' }).count(), 0);
  await checkPage(again, 'agent-quote-declined');
  await p.goto('/agent/quotes?status=accepted');
  await p.getByRole('link', { name: pbx.number }).click();
  await p.getByText(/^Accepted on /).waitFor();
  await p.getByRole('link', { name: 'The services and invoices of Kilimani Dental Clinic' }).waitFor();
  await p.goto('/agent/notifications');
  await p.getByRole('cell', { name: 'Quote declined' }).first().waitFor();
  await p.getByRole('cell', { name: 'Quote accepted' }).first().waitFor();
  await again.close();
});

test('(b) a quote the agent withdraws while the client reads it is refused with the server\'s words, then shows withdrawn', async () => {
  const agent = await person(demo.agent);
  const a = agent.page;
  const quote = await draftAndSend(
    a,
    async () => {
      await forClient(a, 'Kilimani Dental Clinic (CL-DEMO)');
      await a.getByRole('button', { name: 'Remove line 1' }).click();
      await ownLine(a, 1, { description: 'Call-centre training', category: 'training_oos', price: '12000' });
    },
    /^Send quote QT-\d{6} of KES 13,920\.00 to Kilimani Dental Clinic\?/,
  );
  const client = await person(demo.client);
  const c = client.page;
  await c.goto(`/client${quote.path.replace('/agent', '')}`);
  await c.getByRole('button', { name: 'Accept quote' }).waitFor();

  await a.getByRole('button', { name: 'Withdraw quote' }).click();
  await confirm(a, `Withdraw quote ${quote.number}? It can no longer be accepted.`, 'Withdraw quote');
  await a.getByText(`Quote ${quote.number} was withdrawn.`).waitFor();
  await a.locator('.quote-doc .badge', { hasText: 'Withdrawn' }).waitFor();
  await agent.close();

  await c.getByRole('button', { name: 'Accept quote' }).click();
  await confirm(c, new RegExp(`^Accept quote ${quote.number}\\?`), 'Accept quote');
  await c.locator('.problem', { hasText: `quote ${quote.number} was withdrawn by the agent` }).waitFor();
  await checkPage(client, 'client-quote-withdrawn-refused', [/status of 409/]);
  await c.reload();
  await c.getByText(/^Withdrawn by the agent on /).waitFor();
  assert.equal(await c.getByRole('button', { name: 'Accept quote' }).count(), 0);
  assert.equal(await c.getByRole('button', { name: 'Decline quote' }).count(), 0);
  await client.close();
});

test('(d) the agent signed in as the client accepts a quote, orders and opens a ticket; the audit log shows the agent acting for client:CL-DEMO', async () => {
  const visit = await person(demo.agent);
  const { page } = visit;
  const me = await page.evaluate(async () => (await (await fetch('/api/v1/auth/session')).json()).user.id as string);
  const quote = await draftAndSend(
    page,
    async () => {
      await forClient(page, 'Kilimani Dental Clinic (CL-DEMO)');
      await page.getByRole('button', { name: 'Remove line 1' }).click();
      await ownLine(page, 1, { description: 'Router replacement', category: 'software_equipment', price: '6500' });
    },
    /^Send quote QT-\d{6} of KES 7,540\.00 to Kilimani Dental Clinic\?/,
  );

  // The agent panel's button starts the session as the client.
  await page.goto('/agent/clients');
  await page.getByRole('button', { name: 'Sign in as Kilimani Dental Clinic' }).click();
  await page.waitForURL((url) => url.pathname === '/client');
  const banner = page.getByRole('region', { name: 'Signed in as a client' });
  await banner.waitFor();
  await page.goto('/client/quotes');
  await page.getByRole('link', { name: quote.number }).click();
  await page.getByText('You are signed in as the client: accepting places the order for it').waitFor();
  await checkPage(visit, 'client-quote-as-agent');
  await page.getByRole('button', { name: 'Accept quote' }).click();
  await confirm(page, new RegExp(`^Accept quote ${quote.number}\\? The order is placed at the quoted prices and an invoice of KES 7,540\\.00`), 'Accept quote');
  await page.getByText(new RegExp(`You accepted quote ${quote.number}`)).waitFor();
  await banner.waitFor();

  await page.goto('/client/orders');
  await page.getByLabel(`How many: ${PBX}`).fill('1');
  await page.getByRole('button', { name: 'Place order' }).click();
  await confirm(page, /An invoice of KES 8,699\.99 is issued now/, 'Place order');
  await page.waitForURL((url) => url.pathname.startsWith('/client/invoices/'));
  await page.goto('/client/tickets');
  await page.getByLabel('Department').selectOption('sales');
  await page.getByLabel('Subject').fill('Quote for the Westlands branch');
  await page.getByLabel('Message').fill('The client asks for the same set-up at its second branch.');
  await page.getByRole('button', { name: 'Open ticket', exact: true }).click();
  await page.waitForURL((url) => /^\/client\/tickets\/.+/.test(url.pathname));
  await banner.getByRole('button', { name: 'End' }).click();
  await page.waitForURL((url) => url.pathname === '/agent/clients');
  await visit.close();

  const staff = await person(demo.staff, DESKTOP);
  const s = staff.page;
  await s.goto('/staff/audit');
  await s.getByLabel('On behalf of').fill('CL-DEMO');
  await s.getByRole('button', { name: 'Filter' }).click();
  await s.waitForURL(/on_behalf_of=client%3ACL-DEMO/);
  for (const action of ['quote_accepted', 'order_placed', 'ticket_opened']) {
    const row = s.locator('tbody tr', { has: s.getByRole('cell', { name: action, exact: true }) }).first();
    await row.waitFor();
    assert.equal((await row.locator('td[data-label="Actor"]').innerText()).trim(), `user:${me}`, `${action}: the agent's own user`);
    assert.equal((await row.locator('td[data-label="On behalf of"]').innerText()).trim(), 'client:CL-DEMO', `${action}: for the client`);
  }
  await checkPage(staff, 'staff-audit-on-behalf-of');
  await staff.close();
});

test('(e) the scheduler issues a renewal invoice; paid in the staff UI, it earns the agent its recurring commission', async () => {
  // Set-up: the product, through the API.
  const setup = await openVisit(browser, clocked, DESKTOP);
  visits.push(setup);
  const login = await setup.page.request.post('/api/v1/auth/login', { data: demo.staff });
  const csrf = ((await login.json()) as { csrf_token: string }).csrf_token;
  const made = await setup.page.request.post('/api/v1/products', {
    data: { name: PBX, category: 'managed_subscription', cycle: 'monthly', price: PRICE },
    headers: { 'X-CSRF-Token': csrf },
  });
  assert.equal(made.status(), 201, await made.text());
  await setup.close();

  // The client orders it, staff record the payment: the service runs until 5 January.
  const client = await person(demo.client, PHONE, clocked);
  await client.page.goto('/client/orders');
  await client.page.getByLabel(`How many: ${PBX}`).fill('1');
  await client.page.getByRole('button', { name: 'Place order' }).click();
  await confirm(client.page, /An invoice of KES 2,899\.99 is issued now/, 'Place order');
  await client.page.waitForURL((url) => url.pathname.startsWith('/client/invoices/'));
  await client.page.getByRole('heading', { name: /^Invoice INV-\d{6}$/, level: 1 }).waitFor();
  const first = /INV-\d{6}/.exec(await client.page.locator('h1').innerText())?.[0] ?? '';
  await client.close();

  const staff = await person(demo.staff, DESKTOP, clocked);
  const s = staff.page;
  const pay = async (number: string, reference: string) => {
    await s.goto('/staff/invoices?status=unpaid');
    await s.getByRole('link', { name: number }).click();
    await s.getByRole('heading', { name: `Invoice ${number}`, level: 1 }).waitFor();
    const payment = card(s, 'Record the payment');
    await payment.getByLabel('Payment reference').fill(reference);
    await payment.getByRole('button', { name: 'Record payment' }).click();
    await confirm(s, `Record the M-Pesa payment ${reference} of KES 2,899.99 on ${number}?`, 'Record payment');
    await s.getByText(`The payment was recorded: ${number} is paid.`).waitFor();
    return new URL(s.url()).pathname.split('/').pop() ?? '';
  };
  await pay(first, 'QK00000001');
  await s.goto('/staff/clients/CL-DEMO');
  assert.match(await textOf(card(s, 'Services').locator('tbody tr', { hasText: PBX })), /Active 5 Jan 2027/);

  // A week before the next period the scheduler issues its renewal, once.
  setProgramTime(clocked, '2026-12-30T12:00:00+03:00');
  const renewal = s.locator('tbody tr', { hasText: 'Renewal' });
  for (let i = 0; i < 40 && (await renewal.count()) === 0; i += 1) {
    await s.waitForTimeout(500);
    await s.goto('/staff/invoices?status=unpaid');
    await s.locator('h1').waitFor();
    await s.waitForLoadState('networkidle');
  }
  assert.equal(await renewal.count(), 1, 'one renewal invoice');
  assert.match(await textOf(renewal), /CL-DEMO Renewal .* Unpaid KES 2,899\.99/);
  await checkPage(staff, 'staff-invoices-renewal');
  const renewalNumber = /INV-\d{6}/.exec(await renewal.innerText())?.[0] ?? '';
  const renewalId = await pay(renewalNumber, 'QK00000002');
  await s.goto('/staff/clients/CL-DEMO');
  assert.match(await textOf(card(s, 'Services').locator('tbody tr', { hasText: PBX })), /Active 5 Feb 2027/, 'the next period is due next');
  await staff.close();

  const recurring = rate(cents(PRICE), BRONZE_SUBSCRIPTION_BP);
  const agent = await person(demo.agent, PHONE, clocked);
  await agent.page.goto('/agent/commissions?client=CL-DEMO');
  const row = agent.page.locator('tbody tr', { hasText: `${renewalId}/1` });
  assert.match(await textOf(row), new RegExp(`Sale · Managed subscription ${kes(cents(PRICE))} 5 % ${kes(recurring)} — Pending`));
  await checkPage(agent, 'agent-commissions-renewal');
  await agent.close();
});

test('(c) a quote past its validity day shows expired on the prospect\'s page, with nothing to accept', async () => {
  // The program day is 30 December: the quote is valid to its end.
  const agent = await person(demo.agent, PHONE, clocked);
  const a = agent.page;
  await openNewQuote(a);
  await a.getByLabel('Contact name').fill('Baraka Otieno');
  await a.getByLabel('Company', { exact: true }).fill('Lakeview Hotel');
  await a.getByLabel('Email').fill('baraka@lakeview.example');
  await a.getByRole('button', { name: 'Remove line 1' }).click();
  await ownLine(a, 1, { description: 'Wi-Fi survey', category: 'training_oos', price: '4500' });
  await a.getByLabel('Valid until (optional)').fill('2026-12-30');
  await a.getByRole('button', { name: 'Save as draft' }).click();
  await a.waitForURL((url) => /^\/agent\/quotes\/quo_/.test(url.pathname));
  await a.getByRole('button', { name: 'Send quote' }).click();
  await confirm(a, /^Send quote QT-\d{6} of KES 5,220\.00 to Baraka Otieno/, 'Send quote');
  await a.getByText(/was sent to baraka@lakeview\.example/).waitFor();

  const secret = emailedSecret(clocked, 'baraka@lakeview.example');
  const prospect = await openVisit(browser, clocked, PHONE);
  visits.push(prospect);
  const p = prospect.page;
  await p.goto(`/quote#${secret}`);
  await p.getByRole('button', { name: 'Accept and create my account' }).waitFor();

  // The next morning it has expired.
  setProgramTime(clocked, '2026-12-31T09:00:00+03:00');
  await p.reload();
  await p.locator('.quote-doc .badge', { hasText: 'Expired' }).waitFor();
  await p.getByText(/^Expired: it was valid until the end of 30 Dec 2026/).waitFor();
  await p.getByText('Ask Nairobi Voice Solutions for a new quote.').waitFor();
  assert.equal(await p.getByRole('button', { name: 'Accept and create my account' }).count(), 0);
  assert.equal(await p.getByRole('button', { name: 'Decline quote' }).count(), 0);
  await checkPage(prospect, 'public-quote-expired');
  // In Swahili too.
  await p.getByRole('button', { name: 'Kiswahili' }).click();
  await p.locator('.quote-doc .badge', { hasText: 'Imepitwa na muda' }).waitFor();
  await checkPage(prospect, 'public-quote-expired-sw');
  await p.getByRole('button', { name: 'English' }).click();

  // The agent's list files it under expired.
  await a.goto('/agent/quotes?status=expired');
  await a.locator('tbody tr', { hasText: 'Lakeview Hotel' }).getByText('Expired').waitFor();
  await agent.close();
});
