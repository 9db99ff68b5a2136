// Built-in billing through the three panels' UI, on one `wakala serve`: staff
// keep the catalogue; the client orders, sees the preview and the invoice it
// issued (and prints it); staff record the payment and the service starts;
// staff credit one line; a ticket goes back and forth; staff change a
// service's state with a reason; the agent reads its client's services and
// invoices; the agent signed in as the client orders for it, and staff cancel
// that invoice. Every page is checked (axe, console, 360 px and 1280 px).
// Set-up through the API: only the agent's sign-in-as-client session (as in
// client.test.ts), which the agent panel's button starts.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import path from 'node:path';
import { card, checkPage, confirm, demo, DESKTOP, launchBrowser, openVisit, PHONE, repoDir, signIn, startServer, textOf, type Server, type Visit } from './harness';

let server: Server;
let browser: Browser;
const visits: Visit[] = [];

const PBX = 'Hosted PBX, 10 users';
const FAX = 'Fax to email';
// What the client's order came to, and where its invoice and ticket are.
let invoicePath = '';
let invoiceNumber = '';
let ticketPath = '';

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

test('before anything is on sale every billing page renders its empty state', async () => {
  const client = await person(demo.client);
  for (const [path, name, empty] of [
    ['/client/services', 'client-services-empty', 'You have no service yet.'],
    ['/client/orders', 'client-order-empty', 'Nothing is on sale at the moment.'],
    ['/client/invoices', 'client-invoices-empty', 'No invoice has been issued to you.'],
    ['/client/tickets', 'client-tickets-empty', 'You have opened no ticket.'],
  ] as const) {
    await client.page.goto(path);
    await client.page.getByText(empty).waitFor();
    await checkPage(client, name);
  }
  await client.page.goto('/client');
  await client.page.getByText('Nothing to pay: every invoice is settled.').waitFor();
  await client.page.getByText('No open ticket.').waitFor();
  await client.close();
  const staff = await person(demo.staff, DESKTOP);
  for (const [path, name, empty] of [
    ['/staff/products', 'staff-catalogue-empty', 'No product yet.'],
    ['/staff/invoices', 'staff-invoices-empty', 'No invoice matches.'],
    ['/staff/orders', 'staff-orders-empty', 'No orders yet.'],
    ['/staff/tickets', 'staff-tickets-empty', 'No ticket in this state.'],
  ] as const) {
    await staff.page.goto(path);
    await staff.page.getByText(empty).waitFor();
    await checkPage(staff, name);
  }
  await staff.close();
});

test('staff create a product, add a price from a date, and withdraw another from sale', async () => {
  const visit = await person(demo.staff);
  const { page } = visit;
  await page.goto('/staff');
  await page.getByRole('button', { name: 'Menu' }).click();
  await page.locator('#panel-nav').getByRole('link', { name: 'Catalogue' }).click();
  await page.waitForURL((url) => url.pathname === '/staff/products');

  // A price that is not an amount is refused at its field, without a request.
  await page.getByLabel('Name').fill(PBX);
  await page.getByLabel('Description (optional)').fill('Cloud PBX for ten extensions, with voicemail and IVR.');
  await page.getByLabel('Category').selectOption('managed_subscription');
  await page.getByLabel('Billing cycle').selectOption('monthly');
  await page.getByLabel('Price (KES, net of VAT)').fill('2,499.999');
  await page.getByRole('button', { name: 'Create product' }).click();
  await page.getByText('Enter an amount in shillings, e.g. 2499.99.').first().waitFor();
  await page.getByLabel('Price (KES, net of VAT)').fill('2,499.99');
  await page.getByLabel('Setup fee (KES, net of VAT)').fill('5000');
  await page.getByRole('button', { name: 'Create product' }).click();
  await page.getByText(`Product created: ${PBX}.`).waitFor();
  const row = page.locator('tbody tr', { hasText: PBX });
  await row.waitFor();
  assert.match(await textOf(row), /Managed subscription.*Monthly.*16%.*KES 2,499\.99.*KES 5,000\.00.*On sale/);
  await checkPage(visit, 'staff-catalogue');

  // A second product, withdrawn from sale at once.
  await page.getByLabel('Name').fill(FAX);
  await page.getByLabel('Category').selectOption('addon');
  await page.getByLabel('Billing cycle').selectOption('one_off');
  await page.getByLabel('Price (KES, net of VAT)').fill('500');
  await page.getByRole('button', { name: 'Create product' }).click();
  await page.getByText(`Product created: ${FAX}.`).waitFor();
  await page.getByRole('link', { name: FAX }).click();
  await page.getByRole('heading', { name: FAX, level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Withdraw from sale' }).click();
  await confirm(page, `Withdraw ${FAX} from sale?`, 'Withdraw from sale');
  await page.locator('.badge', { hasText: 'Withdrawn' }).waitFor();
  await page.getByRole('button', { name: 'Put back on sale' }).waitFor();

  // The PBX's price rises from a day to come; today's stays in force.
  await page.locator('#main').getByRole('link', { name: 'Catalogue' }).click();
  await page.getByRole('link', { name: PBX }).click();
  await page.getByRole('heading', { name: PBX, level: 1 }).waitFor();
  const prices = card(page, 'Change the price');
  await prices.getByLabel('Price (KES, net of VAT)').fill('2799');
  await prices.getByLabel('From', { exact: true }).fill('2030-01-01');
  await prices.getByRole('button', { name: 'Add price' }).click();
  await page.getByText('The new price was added.').waitFor();
  const history = card(page, 'Prices');
  assert.match(await textOf(history.locator('tbody tr').first()), /KES 2,799\.00.*From then on/);
  assert.match(await textOf(history.locator('tbody tr').nth(1)), /KES 2,499\.99.*In force/);
  await checkPage(visit, 'staff-product');
  await visit.close();
});

test('the client orders the product, sees VAT line by line, and gets the invoice; it prints without the navigation', async () => {
  const visit = await person(demo.client);
  const { page } = visit;
  await page.goto('/client/orders');
  await page.getByRole('heading', { name: PBX }).waitFor();
  assert.equal(await page.getByRole('heading', { name: FAX }).count(), 0, 'a product withdrawn from sale is not offered');
  await page.getByText('Enter a quantity for at least one product.').waitFor();
  await page.getByLabel(`How many: ${PBX}`).fill('two');
  await page.getByText('Enter a whole number from 0 to 10000.').waitFor();
  await page.getByLabel(`How many: ${PBX}`).fill('2');
  // 2 × 2499.99 = 4999.98 (VAT 800.00), setup 2 × 5000.00 (VAT 1600.00).
  const preview = card(page, 'Your order');
  assert.match(await textOf(preview.locator('tbody tr').first()), /Hosted PBX, 10 users 2 KES 2,499\.99 KES 4,999\.98 KES 800\.00 KES 5,799\.98/);
  assert.match(await textOf(preview.locator('tbody tr').nth(1)), /Setup: Hosted PBX, 10 users 2 KES 5,000\.00 KES 10,000\.00 KES 1,600\.00 KES 11,600\.00/);
  assert.equal(await textOf(page.getByTestId('order-total')), 'KES 17,399.98');
  await checkPage(visit, 'client-order');
  await page.getByRole('button', { name: 'Place order' }).click();
  await confirm(page, /An invoice of KES 17,399\.98 is issued now/, 'Place order');
  await page.waitForURL((url) => url.pathname.startsWith('/client/invoices/'));
  invoicePath = new URL(page.url()).pathname;
  await page.getByText(/Your order was placed and invoice INV-\d{6} issued/).waitFor();
  invoiceNumber = /INV-\d{6}/.exec(await page.locator('h1').innerText())?.[0] ?? '';
  assert.ok(invoiceNumber, 'the invoice number is the page title');
  const document = page.locator('.invoice-doc');
  await document.locator('.badge', { hasText: 'Unpaid' }).waitFor();
  assert.equal(await textOf(page.getByTestId('invoice-total')), 'KES 17,399.98');
  assert.match(await textOf(document.locator('.invoice-totals')), /Net total KES 14,999\.98 VAT KES 2,400\.00 Total \(incl\. VAT\) KES 17,399\.98/);
  await page.getByText('Please pay this invoice by').waitFor();
  await checkPage(visit, 'client-invoice');

  // Print: the browser's print, and a print stylesheet that leaves the invoice alone on the page.
  await page.evaluate(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => {
      (window as unknown as { printed: number }).printed += 1;
    };
  });
  await page.getByRole('button', { name: 'Print' }).click();
  assert.equal(await page.evaluate(() => (window as unknown as { printed: number }).printed), 1);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header.top').isVisible(), false, 'the navigation is not printed');
  assert.equal(await page.getByRole('button', { name: 'Print' }).isVisible(), false);
  assert.equal(await page.locator('footer.bottom').isVisible(), false);
  assert.ok(await document.isVisible());
  assert.ok(await page.getByRole('columnheader', { name: 'Unit price' }).isVisible(), 'the lines print as a table, with their headings');
  // As it prints on A4 (794 CSS pixels wide), whatever the screen.
  await page.setViewportSize({ width: 794, height: 1123 });
  await page.screenshot({ path: path.join(repoDir, 'build', 'screenshots', process.env.WAKALA_TEST_ENGINE ?? 'sqlite', 'client-invoice-print.png'), fullPage: true });
  await page.setViewportSize(PHONE);
  await page.emulateMedia({ media: 'screen' });

  // The service waits for the payment; the invoice is in the list.
  await page.goto('/client/services');
  const service = page.locator('tbody tr', { hasText: PBX });
  await service.waitFor();
  assert.match(await textOf(service), /2 Monthly Pending payment/);
  await checkPage(visit, 'client-services');
  await page.goto('/client/invoices');
  const listed = page.locator('tbody tr', { hasText: invoiceNumber });
  assert.match(await textOf(listed), /Order .* Unpaid KES 17,399\.98/);
  await checkPage(visit, 'client-invoices');

  // In Swahili too.
  await page.goto(invoicePath);
  await page.getByRole('button', { name: 'Kiswahili' }).click();
  await page.getByRole('heading', { name: `Ankara ${invoiceNumber}`, level: 1 }).waitFor();
  await page.locator('.invoice-doc .badge', { hasText: 'Haijalipwa' }).waitFor();
  await checkPage(visit, 'client-invoice-sw');
  await page.getByRole('button', { name: 'English' }).click();
  await visit.close();
});

test('the client opens a ticket; its home shows the unpaid invoice and the open ticket', async () => {
  const visit = await person(demo.client);
  const { page } = visit;
  await page.goto('/client/tickets');
  await page.getByRole('button', { name: 'Open ticket', exact: true }).click();
  await page.getByText('A subject is required.').waitFor();
  await page.getByLabel('Department').selectOption('technical');
  await page.getByLabel('Subject').fill('No dial tone at reception');
  await page.getByLabel('Message').fill('Since 9am the reception phone has no dial tone.\nThe others work.');
  await page.getByRole('button', { name: 'Open ticket', exact: true }).click();
  await page.waitForURL((url) => /^\/client\/tickets\/.+/.test(url.pathname));
  ticketPath = new URL(page.url()).pathname;
  await page.getByRole('heading', { name: /^T-\d{6}: No dial tone at reception$/, level: 1 }).waitFor();
  const thread = card(page, 'Messages');
  assert.match(await textOf(thread), /Technical Status Open .* Since 9am the reception phone has no dial tone\. The others work\./);
  await checkPage(visit, 'client-ticket');

  await page.getByRole('link', { name: 'All tickets' }).click();
  await page.locator('tbody tr', { hasText: 'No dial tone at reception' }).waitFor();
  await checkPage(visit, 'client-tickets');

  await page.goto('/client');
  const unpaid = page.locator('.home-unpaid');
  await unpaid.getByRole('link', { name: invoiceNumber }).waitFor();
  assert.match(await textOf(unpaid), /1 to pay, KES 17,399\.98 in all\./);
  const tickets = page.locator('.home-tickets');
  await tickets.getByRole('cell', { name: 'No dial tone at reception' }).waitFor();
  assert.match(await textOf(tickets), /T-\d{6} No dial tone at reception Open/);
  // The service manager is still there below.
  await page.locator('.sm-name', { hasText: 'Nairobi Voice Solutions' }).waitFor();
  await checkPage(visit, 'client-home-billing');
  await unpaid.getByRole('link', { name: invoiceNumber }).click();
  await page.waitForURL((url) => url.pathname === invoicePath);
  await visit.close();
});

test('staff record the payment: the invoice shows paid and the service becomes active', async () => {
  const visit = await person(demo.staff);
  const { page } = visit;
  // The order is in the staff's order list, with its invoice, unpaid.
  await page.goto('/staff/orders');
  const orderRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: invoiceNumber }) });
  await orderRow.waitFor();
  await orderRow.getByText('Unpaid', { exact: true }).waitFor();
  await orderRow.getByRole('link', { name: 'CL-DEMO' }).waitFor();
  await checkPage(visit, 'staff-orders');
  await page.goto('/staff/invoices');
  await page.getByLabel('Status').selectOption('unpaid');
  await page.waitForURL(/status=unpaid/);
  await page.getByRole('link', { name: invoiceNumber }).waitFor();
  await checkPage(visit, 'staff-invoices');
  await page.getByRole('link', { name: invoiceNumber }).click();
  await page.getByRole('heading', { name: `Invoice ${invoiceNumber}`, level: 1 }).waitFor();
  await checkPage(visit, 'staff-invoice-unpaid');

  const payment = card(page, 'Record the payment');
  await payment.getByLabel('Payment reference').fill('QK71');
  await payment.getByRole('button', { name: 'Record payment' }).click();
  await payment.getByText('An M-Pesa receipt is 10 capital letters and digits.', { exact: true }).waitFor();
  assert.equal(await page.locator('dialog[open]').count(), 0, 'nothing is asked before the reference is one');
  await payment.getByLabel('Payment reference').fill('qk71zp3xyz');
  assert.equal(await payment.getByLabel('Amount received (KES)').inputValue(), '17399.98');
  await payment.getByRole('button', { name: 'Record payment' }).click();
  await confirm(page, `Record the M-Pesa payment QK71ZP3XYZ of KES 17,399.98 on ${invoiceNumber}?`, 'Record payment');
  await page.getByText(`The payment was recorded: ${invoiceNumber} is paid.`).waitFor();
  await page.locator('.invoice-doc .badge', { hasText: 'Paid' }).waitFor();
  const paymentRow = page.locator('.invoice-doc tbody tr', { hasText: 'QK71ZP3XYZ' });
  assert.match(await textOf(paymentRow), /M-Pesa QK71ZP3XYZ KES 17,399\.98/);
  assert.equal(await page.getByRole('heading', { name: 'Record the payment' }).count(), 0);

  // The service started: on the staff client page, and for the client.
  await page.goto('/staff/clients/CL-DEMO');
  const services = card(page, 'Services');
  await services.locator('tbody tr', { hasText: PBX }).getByText('Active').waitFor();
  await card(page, 'Invoices').getByRole('link', { name: invoiceNumber }).waitFor();
  await card(page, 'Tickets').getByText('No dial tone at reception').waitFor();
  await checkPage(visit, 'staff-client-billing');
  await visit.close();

  const client = await person(demo.client);
  await client.page.goto('/client/services');
  const row = client.page.locator('tbody tr', { hasText: PBX });
  await row.getByText('Active').waitFor();
  // Due again a month after the payment day.
  assert.match(await textOf(row), /Active \d{1,2} \w{3} \d{4}/);
  await client.page.goto('/client');
  await client.page.getByText('Nothing to pay: every invoice is settled.').waitFor();
  await client.close();
});

test('staff issue a credit note on one line; the client sees it on its invoice', async () => {
  const visit = await person(demo.staff);
  const { page } = visit;
  await page.goto(invoicePath.replace('/client/', '/staff/'));
  const credit = card(page, 'Credit note');
  await credit.waitFor();
  // More than the line holds is refused at its field as typed.
  await credit.getByLabel(`Credit on line 1: ${PBX} (KES, net)`).fill('5000');
  await credit.getByText('More than is left to credit on this line (KES 4,999.98).').waitFor();
  await credit.getByLabel(`Credit on line 1: ${PBX} (KES, net)`).fill('');
  await credit.getByLabel(`Credit on line 2: Setup: ${PBX} (KES, net)`).fill('1000');
  // vat(10000.00) − vat(9000.00) = 1600.00 − 1440.00.
  await credit.getByText('Credit note: KES 1,000.00 + VAT KES 160.00 = KES 1,160.00').waitFor();
  await credit.getByRole('button', { name: 'Issue credit note' }).click();
  await credit.getByText('A reason is required.').waitFor();
  await credit.getByLabel('Reason the client will read').fill('One of the two installations was not needed.');
  await credit.getByRole('button', { name: 'Issue credit note' }).click();
  await confirm(page, `Issue a credit note of KES 1,160.00 on ${invoiceNumber}?`, 'Issue credit note');
  await page.getByText(`The credit note was issued on ${invoiceNumber}.`).waitFor();
  const document = page.locator('.invoice-doc');
  await document.locator('.badge', { hasText: 'Partly refunded' }).waitFor();
  const note = document.locator('tbody tr', { hasText: 'One of the two installations was not needed.' });
  assert.match(await textOf(note), /CN-\d{6} .* line 2: KES 1,000\.00 \+ VAT KES 160\.00 KES 1,160\.00/);
  assert.match(await textOf(document.locator('.invoice-totals')), /Credited back KES 1,160\.00/);
  // What is left on the line is what can still be credited.
  await card(page, 'Credit note').getByText('Up to KES 9,000.00; blank for none.').waitFor();
  await checkPage(visit, 'staff-invoice-credited');
  await visit.close();

  const client = await person(demo.client);
  await client.page.goto(invoicePath);
  await client.page.locator('.invoice-doc .badge', { hasText: 'Partly refunded' }).waitFor();
  await client.page.getByText('One of the two installations was not needed.').waitFor();
  assert.equal(await client.page.getByRole('button', { name: 'Issue credit note' }).count(), 0);
  await checkPage(client, 'client-invoice-credited');
  await client.close();
});

test('staff answer the ticket from the queue; the client reads the reply, replies and closes it', async () => {
  const staff = await person(demo.staff);
  const s = staff.page;
  await s.goto('/staff/tickets');
  const queued = s.locator('tbody tr', { hasText: 'No dial tone at reception' });
  assert.match(await textOf(queued), /CL-DEMO .*Technical Open/);
  await checkPage(staff, 'staff-tickets');
  await queued.getByRole('link').first().click();
  await s.getByRole('heading', { name: /No dial tone at reception$/, level: 1 }).waitFor();
  await checkPage(staff, 'staff-ticket');
  await s.getByRole('button', { name: 'Send reply' }).click();
  await s.getByText('Write a reply first.').first().waitFor();
  await s.getByLabel('Your reply').fill('We restarted your router remotely; please try the reception phone now.');
  await s.getByRole('button', { name: 'Send reply' }).click();
  await s.getByText('Your reply was sent.').waitFor();
  await card(s, 'Messages').locator('.badge', { hasText: 'Answered' }).waitFor();
  await s.getByRole('link', { name: 'Ticket queue' }).click();
  await s.getByText('No ticket in this state.').waitFor();
  await s.getByLabel('Status').selectOption('answered');
  await s.waitForURL(/status=answered/);
  await s.locator('tbody tr', { hasText: 'No dial tone at reception' }).waitFor();
  await staff.close();

  const client = await person(demo.client);
  const c = client.page;
  await c.goto(ticketPath);
  const reply = c.locator('.ticket-message.from-staff');
  assert.match(await textOf(reply), /\(Cloud One staff\) .*We restarted your router remotely; please try the reception phone now\./);
  await c.getByLabel('Your reply').fill('It works again, thank you.');
  await c.getByRole('button', { name: 'Send reply' }).click();
  await c.getByText('Your reply was sent.').waitFor();
  await card(c, 'Messages').locator('.badge', { hasText: 'Open' }).waitFor();
  assert.equal(await c.locator('.ticket-message').count(), 3);
  await c.getByRole('button', { name: 'Close ticket' }).click();
  await confirm(c, /^Close ticket T-\d{6}\?/, 'Close ticket');
  await c.getByText('This ticket is closed: nobody can write on it.').waitFor();
  assert.equal(await c.getByLabel('Your reply').count(), 0);
  await checkPage(client, 'client-ticket-closed');
  await c.goto('/client');
  await c.getByText('No open ticket.').waitFor();
  await client.close();
});

test('staff change a service state only with a reason, and only along its lifecycle', async () => {
  const visit = await person(demo.staff);
  const { page } = visit;
  await page.goto('/staff/clients/CL-DEMO');
  const services = card(page, 'Services');
  await services.locator('tbody tr', { hasText: PBX }).waitFor();
  const targets = await services.getByLabel('New state').locator('option').allInnerTexts();
  assert.deepEqual(targets, ['Suspended', 'Cancelled'], 'an active service can be suspended or cancelled');
  await services.getByLabel('New state').selectOption('suspended');
  await services.getByRole('button', { name: 'Change state' }).click();
  await services.getByText('A reason is required.').waitFor();
  await services.getByLabel('Reason').fill('Suspended at the client\'s request while the clinic is renovated.');
  await services.getByRole('button', { name: 'Change state' }).click();
  await confirm(page, `Move ${PBX} from Active to Suspended?`, 'Change state');
  await page.getByText(`${PBX} is now Suspended.`).waitFor();
  await card(page, 'Services').locator('tbody tr', { hasText: PBX }).getByText('Suspended').waitFor();
  assert.deepEqual(await card(page, 'Services').getByLabel('New state').locator('option').allInnerTexts(), ['Active', 'Cancelled']);
  await checkPage(visit, 'staff-client-service-suspended');
  await visit.close();
});

test('the agent reads its client\'s services and invoices, read-only', async () => {
  const visit = await person(demo.agent);
  const { page } = visit;
  await page.goto('/agent/clients');
  await page.getByRole('link', { name: 'Services and invoices of Kilimani Dental Clinic' }).click();
  await page.getByRole('heading', { name: 'Kilimani Dental Clinic', level: 1 }).waitFor();
  await card(page, 'Services').locator('tbody tr', { hasText: PBX }).getByText('Suspended').waitFor();
  const invoice = card(page, 'Invoices').locator('tbody tr', { hasText: invoiceNumber });
  assert.match(await textOf(invoice), /Partly refunded KES 17,399\.98/);
  await checkPage(visit, 'agent-client-billing');
  await invoice.getByRole('link', { name: invoiceNumber }).click();
  await page.getByRole('heading', { name: `Invoice ${invoiceNumber}`, level: 1 }).waitFor();
  await page.locator('.invoice-doc').getByText('QK71ZP3XYZ').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Record payment' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Issue credit note' }).count(), 0);
  await checkPage(visit, 'agent-client-invoice');
  await page.getByRole('link', { name: 'The client\'s services and invoices' }).click();
  await page.getByRole('heading', { name: 'Kilimani Dental Clinic', level: 1 }).waitFor();
  await visit.close();
});

test('the agent signed in as the client orders and opens a ticket for it; staff cancel that unpaid invoice', async () => {
  const visit = await openVisit(browser, server, PHONE);
  visits.push(visit);
  const { page } = visit;
  // Starting the session is the agent panel's button (client.test.ts); here it is set up through the API.
  const login = await page.request.post('/api/v1/auth/login', { data: demo.agent });
  assert.equal(login.status(), 200);
  const csrf = ((await login.json()) as { csrf_token: string }).csrf_token;
  const started = await page.request.post('/api/v1/clients/CL-DEMO/impersonations', { data: {}, headers: { 'X-CSRF-Token': csrf } });
  assert.equal(started.status(), 201, await started.text());

  await page.goto('/client/orders');
  const banner = page.getByRole('region', { name: 'Signed in as a client' });
  await banner.waitFor();
  await page.getByText('You are ordering for the client').waitFor();
  await page.getByLabel(`How many: ${PBX}`).fill('1');
  assert.equal(await textOf(page.getByTestId('order-total')), 'KES 8,699.99');
  await checkPage(visit, 'client-order-as-agent');
  await page.getByRole('button', { name: 'Place order' }).click();
  await confirm(page, /An invoice of KES 8,699\.99 is issued now/, 'Place order');
  await page.waitForURL((url) => url.pathname.startsWith('/client/invoices/'));
  await page.getByRole('heading', { name: /^Invoice INV-\d{6}$/, level: 1 }).waitFor();
  const second = /INV-\d{6}/.exec(await page.locator('h1').innerText())?.[0] ?? '';
  assert.notEqual(second, invoiceNumber);
  await banner.waitFor();
  await checkPage(visit, 'client-invoice-as-agent');

  await page.goto('/client/tickets');
  await page.getByLabel('Department').selectOption('sales');
  await page.getByLabel('Subject').fill('Two more extensions');
  await page.getByLabel('Message').fill('For the new consultation rooms.');
  await page.getByRole('button', { name: 'Open ticket', exact: true }).click();
  await page.waitForURL((url) => /^\/client\/tickets\/.+/.test(url.pathname));
  const first = page.locator('.ticket-message').first();
  assert.match(await textOf(first), /\(Service manager, for the client\)/);
  await checkPage(visit, 'client-ticket-as-agent');
  await banner.getByRole('button', { name: 'End' }).click();
  await page.waitForURL((url) => url.pathname === '/agent/clients');

  // The order was a mistake: staff cancel its invoice, with a reason.
  const staff = await person(demo.staff);
  const s = staff.page;
  await s.goto('/staff/invoices?status=unpaid');
  await s.getByRole('link', { name: second }).click();
  const cancel = card(s, 'Cancel the invoice');
  await cancel.getByLabel('Why it is cancelled').fill('Ordered twice by mistake.');
  await cancel.getByRole('button', { name: 'Cancel invoice' }).click();
  await confirm(s, `Cancel ${second}? It can no longer be paid. Reason: Ordered twice by mistake.`, 'Cancel invoice');
  await s.getByText(`${second} was cancelled.`).waitFor();
  await s.locator('.invoice-doc .badge', { hasText: 'Cancelled' }).waitFor();
  assert.equal(await s.getByRole('heading', { name: 'Record the payment' }).count(), 0);
  await checkPage(staff, 'staff-invoice-cancelled');
  await s.goto('/staff/invoices?status=cancelled');
  await s.getByRole('link', { name: second }).waitFor();
  await s.goto('/staff');
  await s.getByRole('link', { name: /open support tickets/ }).waitFor();
  await staff.close();
});
