// Email through the panels, on one `wakala serve` with no SMTP server (as every
// browser test runs): a stranger applies in Swahili and staff approve, an
// agent invites a colleague; staff read the outbox on the Email page (queued,
// the not-configured notice, the counts), filter it by status and recipient,
// load older messages, and retry a failed one; the language switch of a
// signed-in person sets the language their email is written in, and a
// visitor's switch asks the server nothing. Every page is checked (axe,
// console, 360 px and 1280 px).
// Through the store only what no sender without SMTP can make: a failed
// delivery, and older messages to page through.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { checkPage, confirm, demo, DESKTOP, launchBrowser, openVisit, PHONE, signIn, sqlValue, startServer, textOf, type Server, type Visit } from './harness';

let server: Server;
let browser: Browser;
const visits: Visit[] = [];

const APPLICANT = { company: 'Kisumu Lake Networks', contact: 'Achieng Otieno', email: 'achieng@kisumu-lake.example' };
const COLLEAGUE = { name: 'Baraka Mwangi', email: 'baraka@demo.wakala.test' };
// The status page the applicant lands on reads with its token; a 401/404 there is not ours.
const applicantPages = /Failed to load resource: the server responded with a status of (401|404)/;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  for (const visit of visits) await visit.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

async function person(who: { email: string; password: string } | null, viewport = PHONE): Promise<Visit> {
  const visit = await openVisit(browser, server, viewport);
  visits.push(visit);
  if (who) await signIn(visit.page, who);
  return visit;
}

// The outbox table's rows (the phone layout shows them as cards, still rows).
function outboxRows(page: Page) {
  return page.locator('table tbody tr');
}

async function openEmailPage(page: Page): Promise<void> {
  const nav = page.locator('#panel-nav');
  if (!(await nav.isVisible())) await page.getByRole('button', { name: 'Menu' }).click();
  await nav.getByRole('link', { name: 'Email', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/staff/emails');
  await page.getByRole('heading', { name: 'Email', level: 1 }).waitFor();
}

test('a stranger applies in Swahili; staff approve; the Email page shows the message queued, in Kiswahili, and that no SMTP server is configured', async () => {
  const stranger = await person(null);
  const { page } = stranger;
  await page.goto('/apply');
  await page.getByLabel('Company name').fill(APPLICANT.company);
  await page.getByLabel('Contact person').fill(APPLICANT.contact);
  await page.getByLabel('Email').fill(APPLICANT.email);
  await page.getByLabel('Phone').fill('0722 345 678');
  await page.getByLabel('KRA PIN').fill('P052468135K');
  await page.getByLabel('Company registration number').fill('PVT-KLN2026');
  await page.getByLabel('I accept the Cloud One agent terms').check();
  // The form stays filled through the switch; it is sent in Swahili.
  await page.getByRole('button', { name: 'Kiswahili' }).click();
  await page.getByRole('heading', { name: 'Omba kuwa wakala' }).waitFor();
  const sent = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/agent-applications');
  await page.getByRole('button', { name: 'Tuma ombi' }).click();
  assert.equal(((await sent).postDataJSON() as { language?: string }).language, 'sw', 'the application names the language of the form');
  await page.waitForURL(/\/apply\/status\/APP-[0-9a-f]+\?token=/);
  assert.equal(sqlValue(server, `SELECT language FROM agent_applications WHERE email = '${APPLICANT.email}'`), 'sw');
  assert.equal(stranger.errors.filter((e) => !applicantPages.test(e)).length, 0, stranger.errors.join('\n'));
  await stranger.close();

  const visit = await person(demo.staff, DESKTOP);
  const staff = visit.page;
  // Before the approval nothing waits.
  await staff.goto('/staff/emails');
  await staff.getByText('No message matches.').waitFor();
  await checkPage(visit, 'staff-emails-empty');
  await staff.goto('/staff/applications');
  await staff.getByRole('link', { name: APPLICANT.company }).click();
  await staff.getByRole('heading', { name: APPLICANT.company }).waitFor();
  await staff.getByRole('button', { name: 'Approve' }).click();
  await confirm(staff, `Approve ${APPLICANT.company} as an agent?`, 'Approve');
  await staff.getByText('Approved', { exact: true }).first().waitFor();

  await openEmailPage(staff);
  await staff.getByText('No SMTP server is configured: messages wait in the outbox.').waitFor();
  const row = outboxRows(staff).filter({ hasText: APPLICANT.email });
  await row.first().waitFor();
  const text = await textOf(row.first());
  assert.match(text, /Queued/);
  assert.match(text, /Kiswahili/, 'the applicant is written to in the language it applied in');
  assert.match(text, /Application approved/);
  assert.match(text, /Next try/);
  assert.equal(await textOf(staff.getByTestId('email-count-queued')), String(await outboxRows(staff).count()));
  assert.equal(await textOf(staff.getByTestId('email-count-failed')), '0');
  assert.equal(await staff.getByRole('button', { name: 'Retry' }).count(), 0, 'only a failed message is retried');
  await checkPage(visit, 'staff-emails');
  await visit.close();
});

test('an agent invites a colleague; staff page through older messages, filter by status and recipient, and retry a failed delivery', async () => {
  const agent = await person(demo.agent);
  await agent.page.goto('/agent/people');
  await agent.page.getByLabel('Email').fill(COLLEAGUE.email);
  await agent.page.getByLabel('Name').fill(COLLEAGUE.name);
  await agent.page.getByLabel('Role').selectOption('sales');
  await agent.page.getByRole('button', { name: 'Send invitation' }).click();
  await agent.page.getByText(`${COLLEAGUE.name} (${COLLEAGUE.email}) was invited.`).waitFor();
  await agent.close();

  // What an SMTP server would have made: the invitation refused for good, and
  // 55 messages sent long ago (more than the page of 50 shows at first).
  sqlValue(server, `UPDATE outbound_email SET status = 'failed', attempts = 5, last_error = '550 5.1.1 mailbox unavailable' WHERE recipient = '${COLLEAGUE.email}'`);
  sqlValue(
    server,
    'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 55) ' +
      "INSERT INTO outbound_email (id, recipient, subject, body, created_at, sent_at, template, language, status, attempts, next_attempt_at, message_id) " +
      "SELECT 'mail_old_' || i, 'archive@old.example', 'Invoice INV-' || i, '', 1700000000 + i, 1700000060 + i, 'invoice_issued', 'en', 'sent', 1, 1700000000 + i, '<old-' || i || '@wakala>' FROM n",
  );
  const total = Number(sqlValue(server, 'SELECT COUNT(*) FROM outbound_email'));
  assert.ok(total > 55, `the outbox holds ${total}`);

  const visit = await person(demo.staff, PHONE);
  const { page } = visit;
  await openEmailPage(page);
  await outboxRows(page).first().waitFor();
  assert.equal(await outboxRows(page).count(), 50, 'the first page');
  assert.equal(await textOf(page.getByTestId('email-count-failed')), '1');
  await page.getByRole('button', { name: 'Load more' }).click();
  await page.getByText(`${total} shown.`).waitFor();
  assert.equal(await outboxRows(page).count(), total);
  assert.equal(await page.getByRole('button', { name: 'Load more' }).count(), 0, 'no older message is left');
  assert.match(await textOf(outboxRows(page).last()), /archive@old\.example.*Invoice INV-1 .*Invoice issued.*English.*Sent/);

  // Only the failed ones: the invitation, with why.
  await page.getByLabel('Status').selectOption('failed');
  await page.waitForURL((url) => url.searchParams.get('status') === 'failed');
  // The list shown before the filter holds the invitation too: wait for the filtered one.
  await page.getByText('1 shown.', { exact: true }).waitFor();
  const failed = outboxRows(page).filter({ hasText: COLLEAGUE.email });
  assert.equal(await outboxRows(page).count(), 1);
  assert.equal(await failed.count(), 1);
  assert.match(await textOf(failed), /Invitation.*Failed.*5.*550 5\.1\.1 mailbox unavailable/);
  await checkPage(visit, 'staff-emails-failed');
  await failed.getByRole('button', { name: 'Retry' }).click();
  await confirm(page, new RegExp(`to ${COLLEAGUE.email.replace(/\./g, '\\.')} again\\?`), 'Retry');
  await page.getByText(`The message to ${COLLEAGUE.email} is back in the queue.`).waitFor();
  assert.match(await textOf(failed), /Queued/);
  assert.equal(await failed.getByRole('button', { name: 'Retry' }).count(), 0);
  assert.equal(await textOf(page.getByTestId('email-count-failed')), '0');
  assert.equal(sqlValue(server, `SELECT status FROM outbound_email WHERE recipient = '${COLLEAGUE.email}'`), 'queued');

  // One recipient's messages, whatever their state.
  await page.getByLabel('Status').selectOption('');
  await page.getByLabel('Recipient').fill(APPLICANT.email);
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.waitForURL((url) => url.searchParams.get('recipient') === APPLICANT.email && !url.searchParams.has('status'));
  await page.waitForFunction(
    (email) => {
      const rows = [...document.querySelectorAll('table tbody tr')];
      return !document.querySelector('.state.loading') && rows.length > 0 && rows.every((row) => row.textContent?.includes(email));
    },
    APPLICANT.email,
  );
  assert.ok((await outboxRows(page).count()) >= 1);
  await page.getByRole('button', { name: 'Clear' }).click();
  await page.waitForURL((url) => !url.searchParams.has('recipient'));
  await checkPage(visit, 'staff-emails-recipient');
  await visit.close();
});

test('the language switch of a signed-in person sets their email language; a visitor\'s switch asks the server nothing', async () => {
  const stranger = await person(null);
  const asked: string[] = [];
  stranger.page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/v1/auth/language') asked.push(r.method());
  });
  await stranger.page.goto('/signin');
  await stranger.page.getByRole('button', { name: 'Kiswahili' }).click();
  await stranger.page.getByRole('heading', { name: 'Ingia' }).waitFor();
  await stranger.page.getByRole('button', { name: 'English' }).click();
  await stranger.page.getByRole('heading', { name: 'Sign in' }).waitFor();
  assert.deepEqual(asked, [], 'nobody is signed in: no language is stored');
  await stranger.close();

  const visit = await person(demo.staff, DESKTOP);
  const { page } = visit;
  const languageOf = () => sqlValue(server, `SELECT language FROM users WHERE email = '${demo.staff.email}'`);
  assert.equal(languageOf(), 'en');
  await page.goto('/staff/emails');
  await page.getByRole('heading', { name: 'Email', level: 1 }).waitFor();
  const stored = page.waitForResponse((r) => r.request().method() === 'PUT' && new URL(r.url()).pathname === '/api/v1/auth/language');
  await page.getByRole('button', { name: 'Kiswahili' }).click();
  assert.equal((await stored).status(), 200);
  await page.getByRole('heading', { name: 'Barua pepe', level: 1 }).waitFor();
  assert.equal(languageOf(), 'sw');
  const session = (await (await page.request.get('/api/v1/auth/session')).json()) as { user: { language: string } };
  assert.equal(session.user.language, 'sw');
  await page.getByText('Hakuna seva ya SMTP iliyowekwa').waitFor();
  assert.match(await textOf(page.locator('table tbody')), /Kwenye foleni/i, 'the states in Swahili');
  await checkPage(visit, 'staff-emails-sw');

  // And back: English is stored again.
  const back = page.waitForResponse((r) => r.request().method() === 'PUT' && new URL(r.url()).pathname === '/api/v1/auth/language');
  await page.getByRole('button', { name: 'English' }).click();
  assert.equal((await back).status(), 200);
  await page.getByRole('heading', { name: 'Email', level: 1 }).waitFor();
  assert.equal(languageOf(), 'en');
  await checkPage(visit, 'staff-emails-en-again');
  await visit.close();
});
