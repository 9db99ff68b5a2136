// The finance desk through the staff UI, on one `wakala serve` with no M-Pesa
// configured (as every browser test runs): staff find an approved bank
// withdrawal on Payouts, make the bank transfer file and download it, import
// the bank's confirmation — one with bad lines is refused whole, each line
// named, nothing changed; a good one pays the withdrawal — and read the
// month's withholding tax with its CSV and PDF; an M-Pesa withdrawal's parts
// whose outcome never came are recorded by hand, with their callback log; the
// pages in Swahili. Every page is checked (axe, console, 360 px and 1280 px).
// Set-up through the API: what an agent does (its payout method, its
// withdrawal request) and the approval; through the store only what no server
// without M-Pesa can make: the M-Pesa parts and the callbacks they got.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { checkPage, confirm, demo, DESKTOP, launchBrowser, openVisit, PHONE, signIn, sqlValue, startServer, textOf, type Server, type Visit } from './harness';

let server: Server;
let browser: Browser;
const visits: Visit[] = [];

const BANK = 'WD-AG-DEMO-payouts-bank-01';
const MPESA = 'WD-AG-DEMO-payouts-mpesa-01';
// The month the withdrawals were requested and paid in, as the page picks it (EAT).
const MONTH = new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Nairobi', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
const MONTH_NAME = new Intl.DateTimeFormat('en-KE', { timeZone: 'Africa/Nairobi', month: 'long', year: 'numeric' }).format(new Date());
// The 422 a refused confirmation answers is logged by Chromium as a console error.
const refusedImport = /Failed to load resource: the server responded with a status of 422/;

// A signed-in API session for set-up only (cookie and CSRF token).
async function apiSession(who: { email: string; password: string }) {
  const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(who) });
  assert.equal(login.status, 200);
  const cookie = (login.headers.getSetCookie?.() ?? [login.headers.get('set-cookie') ?? '']).map((c) => c.split(';')[0]).join('; ');
  const { csrf_token: csrf } = (await login.json()) as { csrf_token: string };
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, data: text ? JSON.parse(text) : null };
  };
}

// The agent is paid to `method`, asks for 10,000.00 (key: the withdrawal id's
// tail), and staff approve it.
async function approvedWithdrawal(method: Record<string, string>, key: string): Promise<void> {
  const agent = await apiSession(demo.agent);
  const staff = await apiSession(demo.staff);
  const set = await agent('PUT', '/api/v1/agents/AG-DEMO/payout-method', method);
  assert.equal(set.status, 200, JSON.stringify(set.data));
  const asked = await agent('POST', '/api/v1/agents/AG-DEMO/withdrawals', { amount: '10000.00', password: demo.agent.password }, { 'Idempotency-Key': key });
  assert.equal(asked.status, 201, JSON.stringify(asked.data));
  const approved = await staff('POST', `/api/v1/withdrawals/${asked.data.id}/approve`, {});
  assert.equal(approved.status, 200, JSON.stringify(approved.data));
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  await approvedWithdrawal({ method: 'bank', bank_code: '01100', account_number: '1234567890' }, 'payouts-bank-01');
});

after(async () => {
  for (const visit of visits) await visit.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

async function staff(viewport = DESKTOP): Promise<Visit> {
  const visit = await openVisit(browser, server, viewport);
  visits.push(visit);
  await signIn(visit.page, demo.staff);
  return visit;
}

async function openPayouts(page: Page): Promise<void> {
  const nav = page.locator('#panel-nav');
  if (!(await nav.isVisible())) await page.getByRole('button', { name: 'Menu' }).click();
  await nav.getByRole('link', { name: 'Payouts', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/staff/payouts');
  await page.getByRole('heading', { name: 'Payouts', level: 1 }).waitFor();
}

function row(page: Page, withdrawal: string) {
  return page.locator(`tr[data-withdrawal="${withdrawal}"]`);
}

// A confirmation file the bank might send, written where the browser can pick it.
function confirmationFile(name: string, lines: string[]): string {
  const file = path.join(server.directory, name);
  fs.writeFileSync(file, `reference,status,amount,bank_reference,reason\r\n${lines.join('\r\n')}\r\n`);
  return file;
}

async function importConfirmation(page: Page, file: string): Promise<void> {
  await page.getByLabel("The bank's confirmation (CSV)").setInputFiles(file);
  await page.locator('.payout-import').getByRole('button', { name: 'Import', exact: true }).click();
  await confirm(page, `Import the bank's confirmation ${path.basename(file)}?`, 'Import');
}

test('staff see the approved bank withdrawal on Payouts, make the transfer file and download it', async () => {
  const visit = await staff(DESKTOP);
  const { page } = visit;
  await openPayouts(page);
  await page.getByText('M-Pesa payouts are not configured on this server').waitFor();
  assert.equal(await page.getByLabel('Month').inputValue(), MONTH, 'this month is shown first');
  const bank = row(page, BANK);
  await bank.waitFor();
  assert.match(await textOf(bank), /KES 10,000\.00 KES 500\.00 KES 9,500\.00/);
  assert.match(await textOf(bank), /In flight.*to be put in the next bank transfer file/);
  assert.match(await textOf(page.getByTestId('payout-total-in_flight')), /In flight Withdrawals: 1 gross KES 10,000\.00, net KES 9,500\.00/);
  await checkPage(visit, 'staff-payouts');

  // The open payouts: the same withdrawal, whatever its month.
  await page.getByLabel('Open payouts only').check();
  await page.waitForURL((url) => url.searchParams.get('open') === 'true');
  await page.getByRole('heading', { name: 'Open payouts: approved, not yet paid or failed' }).waitFor();
  assert.equal(await page.getByLabel('Month').isDisabled(), true, 'the month does not apply to the open payouts');
  await row(page, BANK).waitFor();

  await page.getByRole('button', { name: 'Make transfer file' }).click();
  await confirm(page, 'Put every approved withdrawal waiting for a bank transfer in a new transfer file?', 'Make transfer file');
  const made = page.locator('.payout-bank .notice.good');
  await made.waitFor();
  const batch = /Transfer file (BANK-[\w-]+) made — transfers: 1, total KES 9,500\.00\./.exec(await textOf(made))?.[1];
  assert.ok(batch, await textOf(made));
  const link = made.getByRole('link', { name: `Download transfer file ${batch} (CSV)` });
  assert.equal(await link.getAttribute('href'), `/api/v1/payouts/bank-batches/${batch}?format=csv`);
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const transfers = fs.readFileSync(await download.path(), 'utf8');
  assert.match(transfers, /^reference,payee,bank_code,account_number,amount,currency,narrative/);
  assert.match(transfers, new RegExp(`${BANK},[^\\n]*,01100,1234567890,9500\\.00,KES`));
  // The row says where its money is now, and the file waits for the bank.
  await page.waitForFunction((id) => document.querySelector(`tr[data-withdrawal="${id}"]`)?.textContent?.includes('in bank transfer file'), BANK);
  assert.match(await textOf(row(page, BANK)), /Bank transfer/);
  await page.locator('.payout-batches').getByRole('link', { name: `Download transfer file ${batch} (CSV)` }).waitFor();
  await checkPage(visit, 'staff-payouts-batch');

  // Nothing else waits: a second file is not made.
  await page.getByRole('button', { name: 'Make transfer file' }).click();
  await confirm(page, 'Put every approved withdrawal waiting for a bank transfer in a new transfer file?', 'Make transfer file');
  await page.getByText('Nothing is waiting for a bank transfer: no file was made.').waitFor();
  assert.equal(sqlValue(server, `SELECT state FROM bank_payouts WHERE withdrawal_id = '${BANK}'`), 'exported');
  await visit.close();
});

test('a confirmation with bad lines is refused whole with each line named; a good one pays the withdrawal', async () => {
  const visit = await staff(PHONE);
  const { page } = visit;
  await openPayouts(page);
  await row(page, BANK).waitFor();
  await page.getByRole('heading', { name: "Import the bank's confirmation" }).waitFor();
  await page.getByText('reference,status,amount,bank_reference,reason').waitFor();

  // Choosing nothing asks for a file, without a request.
  await page.locator('.payout-import').getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByText("Choose the bank's CSV file first.").waitFor();

  const bad = confirmationFile('bad.csv', [`${BANK},paid,9400.00,FT26338XYZ,`, 'WD-NOBODY,paid,100.00,FT26338ABC,']);
  await importConfirmation(page, bad);
  const refusal = page.locator('.payout-line-errors');
  await refusal.waitFor();
  assert.match(await textOf(refusal), /Nothing was imported\. Problems in the file: 2\./);
  const lines = await refusal.locator('li').allInnerTexts();
  assert.equal(lines.length, 2, lines.join('\n'));
  assert.match(lines[0] ?? '', /^line 2: amount: /);
  assert.match(lines[1] ?? '', /^line 3: reference: /);
  assert.equal(sqlValue(server, `SELECT state FROM bank_payouts WHERE withdrawal_id = '${BANK}'`), 'exported', 'nothing was imported');
  assert.match(await textOf(row(page, BANK)), /In flight/);
  await checkPage(visit, 'staff-payouts-refused', [refusedImport]);

  const good = confirmationFile('good.csv', [`${BANK},paid,9500.00,FT26338XYZ,`]);
  await importConfirmation(page, good);
  await page.getByText('good.csv imported: paid 1, failed 0, unchanged 0.').waitFor();
  assert.equal(await refusal.count(), 0, 'the refusal is gone');
  await page.waitForFunction((id) => document.querySelector(`tr[data-withdrawal="${id}"]`)?.textContent?.includes('Bank FT26338XYZ'), BANK);
  assert.match(await textOf(row(page, BANK)), /Paid/);
  assert.match(await textOf(page.getByTestId('payout-total-paid')), /Paid Withdrawals: 1/);
  assert.equal(sqlValue(server, `SELECT state FROM bank_payouts WHERE withdrawal_id = '${BANK}'`), 'paid');

  // Its details: the bank's answer and the remittance advice.
  await row(page, BANK).getByRole('button', { name: `Details ${BANK}` }).click();
  const detail = page.locator('tr.payout-detail');
  await detail.getByRole('heading', { name: /Bank transfer/ }).waitFor();
  assert.match(await textOf(detail), /Bank reference FT26338XYZ/);
  assert.equal(await detail.getByRole('link', { name: 'Remittance and tax statement (PDF)' }).getAttribute('href'), `/api/v1/withdrawals/${BANK}/remittance`);
  assert.equal(await row(page, BANK).getByRole('button', { name: `Hide details ${BANK}` }).getAttribute('aria-expanded'), 'true');
  await checkPage(visit, 'staff-payouts-paid', [refusedImport]);
  await visit.close();
});

test('the Withholding tax page shows the month\'s deduction, its totals and its CSV and PDF', async () => {
  const visit = await staff(DESKTOP);
  const { page } = visit;
  await openPayouts(page);
  await page.getByRole('navigation', { name: 'Money pages' }).getByRole('link', { name: 'Withholding tax' }).click();
  await page.waitForURL((url) => url.pathname === '/staff/payouts/withholding-tax');
  await page.getByRole('heading', { name: 'Withholding tax', level: 1 }).waitFor();
  await page.getByRole('heading', { name: `${MONTH_NAME} in total` }).waitFor();
  const line = page.locator('table tbody tr').filter({ hasText: BANK });
  await line.waitFor();
  assert.match(await textOf(line), /Nairobi Voice Solutions.*Resident KES 10,000\.00 5% KES 500\.00 KES 9,500\.00 Bank FT26338XYZ/);
  assert.equal(await textOf(page.getByTestId('tax-count')), '1');
  assert.equal(await textOf(page.getByTestId('tax-gross')), 'KES 10,000.00');
  assert.equal(await textOf(page.getByTestId('tax-tax')), 'KES 500.00');
  assert.equal(await textOf(page.getByTestId('tax-net')), 'KES 9,500.00');

  const actions = page.locator('.page-actions');
  const csv = actions.getByRole('link', { name: `Download CSV: withholding tax of ${MONTH_NAME}` });
  const pdf = actions.getByRole('link', { name: `Download PDF: withholding tax of ${MONTH_NAME}` });
  assert.equal(await csv.getAttribute('href'), `/api/v1/reports/withholding-tax/${MONTH}?format=csv`);
  assert.equal(await pdf.getAttribute('href'), `/api/v1/reports/withholding-tax/${MONTH}?format=pdf`);
  const table = await page.request.get(`/api/v1/reports/withholding-tax/${MONTH}?format=csv`);
  assert.equal(table.status(), 200);
  assert.match(table.headers()['content-type'] ?? '', /^text\/csv/);
  assert.match(await table.text(), new RegExp(`${BANK},AG-DEMO,.*,10000\\.00,500,500\\.00,9500\\.00,Bank FT26338XYZ`));
  const report = await page.request.get(`/api/v1/reports/withholding-tax/${MONTH}?format=pdf`);
  assert.equal(report.status(), 200);
  assert.match(report.headers()['content-type'] ?? '', /^application\/pdf/);
  assert.equal((await report.body()).subarray(0, 5).toString('latin1'), '%PDF-');
  await checkPage(visit, 'staff-withholding-tax');

  // A month with nothing paid says so.
  const previous = (await page.getByLabel('Month').locator('option').nth(1).getAttribute('value')) ?? '';
  await page.getByLabel('Month').selectOption(previous);
  await page.waitForURL((url) => url.searchParams.get('month') === previous);
  await page.getByText(/^No withdrawal was paid in /).waitFor();
  assert.equal(await textOf(page.getByTestId('tax-tax')), 'KES 0.00');
  await checkPage(visit, 'staff-withholding-tax-empty');
  await visit.close();
});

test('an M-Pesa withdrawal whose parts got no result is recorded by hand, part by part, beside its callback log', async () => {
  await approvedWithdrawal({ method: 'mpesa', mpesa_number: '+254712345678' }, 'payouts-mpesa-01');
  // What Daraja would have made of it: part 1 sent, its result never came;
  // part 2 refused, with the callbacks that said so (the second a repeat).
  const at = Math.floor(Date.now() / 1000);
  sqlValue(
    server,
    'INSERT INTO mpesa_payments (id, withdrawal_id, agent_id, part, parts, phone, amount_cents, paid_gross_cents, state, conversation_id, result_code, result_desc, send_attempts, status_queries, created_at, updated_at) VALUES ' +
      `('mpp_e2e_1', '${MPESA}', 'AG-DEMO', 1, 2, '+254712345678', 475000, 1000000, 'unknown', 'AG_20261204_e2e1', NULL, 'The request timed out', 2, 3, ${at}, ${at}), ` +
      `('mpp_e2e_2', '${MPESA}', 'AG-DEMO', 2, 2, '+254712345678', 475000, 1000000, 'failed', 'AG_20261204_e2e2', '2001', 'The initiator information is invalid.', 1, 0, ${at}, ${at})`,
  );
  sqlValue(
    server,
    'INSERT INTO payout_callbacks (id, received_at, kind, payment_id, outcome, reason, ip, body) VALUES ' +
      `('pcb_e2e_1', ${at}, 'result', 'mpp_e2e_2', 'applied', '', '196.201.214.200', '{"Result":{"ResultCode":2001}}'), ` +
      `('pcb_e2e_2', ${at + 1}, 'result', 'mpp_e2e_2', 'duplicate', 'already applied', '196.201.214.200', '{"Result":{"ResultCode":2001}}')`,
  );

  const visit = await staff(PHONE);
  const { page } = visit;
  await page.goto('/staff/payouts?open=true');
  const mpesa = row(page, MPESA);
  await mpesa.waitFor();
  assert.match(await textOf(mpesa), /M-Pesa.*In flight.*part 1: outcome unknown/);
  await mpesa.getByRole('button', { name: `Details ${MPESA}` }).click();
  const detail = page.locator('tr.payout-detail');
  const first = detail.locator('.payout-part').nth(0);
  const second = detail.locator('.payout-part').nth(1);
  await first.getByRole('heading', { name: /Part 1 of 2 · KES 4,750\.00 · Outcome unknown/ }).waitFor();
  assert.match(await textOf(first), /The request timed out.*sends: 2, status queries: 3/);
  // Part 2 failed while part 1 is unknown: nothing to record for it yet.
  await second.getByRole('heading', { name: /Part 2 of 2 .* Failed/ }).waitFor();
  assert.equal(await second.locator('fieldset').count(), 0);

  // The callback log, opened on demand.
  await second.getByText('Callbacks from M-Pesa for part 2 of 2').click();
  const callbacks = second.locator('.payout-callbacks tbody tr');
  await callbacks.nth(1).waitFor();
  assert.match(await textOf(callbacks.nth(0)), /Result.*Applied.*196\.201\.214\.200/);
  assert.match(await textOf(callbacks.nth(1)), /Duplicate.*already applied/);
  await checkPage(visit, 'staff-payouts-mpesa');

  // A receipt that is not one is refused at its field, without a request.
  const resolve = first.locator('fieldset', { hasText: 'Record the outcome of part 1 of 2' });
  await resolve.getByLabel('M-Pesa receipt', { exact: true }).fill('12-34');
  await resolve.getByRole('button', { name: 'Record paid' }).click();
  await resolve.getByText('An M-Pesa receipt is 8 to 20 capital letters and digits.').waitFor();
  await resolve.getByLabel('M-Pesa receipt', { exact: true }).fill('skr 123 4567');
  await resolve.getByRole('button', { name: 'Record paid' }).click();
  await confirm(page, `Record part 1 of 2 of ${MPESA} (KES 4,750.00 to +254712345678) as paid with receipt SKR1234567?`, 'Record paid');
  const notice = page.locator('.payouts .notice.good');
  await notice.getByText(`Part 1 of 2 of ${MPESA} recorded: Paid.`).waitFor();
  assert.match(await textOf(first), /Paid.*SKR1234567/);
  assert.equal(await first.locator('fieldset').count(), 0, 'a paid part is settled');

  // Now the withdrawal needs a person: the rest is paid another way, and part 2 recorded paid.
  await page.waitForFunction((id) => document.querySelector(`tr[data-withdrawal="${id}"]`)?.textContent?.includes('Needs attention'), MPESA);
  const rest = second.locator('fieldset', { hasText: 'Record the outcome of part 2 of 2' });
  await rest.getByText('This part failed after other parts were paid').waitFor();
  assert.equal(await rest.getByRole('radio').count(), 0, 'only paid is offered');
  await rest.getByLabel('M-Pesa receipt', { exact: true }).fill('SKR7654321');
  await rest.getByRole('button', { name: 'Record paid' }).click();
  await confirm(page, /as paid with receipt SKR7654321\?/, 'Record paid');
  // Paid, it leaves the open payouts; the month shows it with both receipts.
  await notice.getByText(`Part 2 of 2 of ${MPESA} recorded: Paid. ${MPESA} is settled: it has left the open payouts.`).waitFor();
  assert.equal(await row(page, MPESA).count(), 0);
  assert.equal(sqlValue(server, `SELECT state FROM mpesa_payments WHERE id = 'mpp_e2e_2'`), 'paid');
  await page.getByLabel('Open payouts only').uncheck();
  await page.waitForURL((url) => !url.searchParams.has('open'));
  await page.waitForFunction((id) => document.querySelector(`tr[data-withdrawal="${id}"]`)?.textContent?.includes('M-Pesa SKR1234567, SKR7654321'), MPESA);
  assert.match(await textOf(row(page, MPESA)), /Paid/);
  await checkPage(visit, 'staff-payouts-mpesa-resolved');
  await visit.close();
});

test('the payouts and withholding-tax pages in Swahili', async () => {
  const visit = await staff(PHONE);
  const { page } = visit;
  await page.goto(`/staff/payouts?month=${MONTH}`);
  await page.getByRole('heading', { name: 'Payouts', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Kiswahili' }).click();
  await page.getByRole('heading', { name: 'Malipo ya mawakala', level: 1 }).waitFor();
  await page.getByRole('heading', { name: 'Jumla kwa hali', level: 2 }).waitFor();
  await page.getByRole('heading', { name: 'Uhamisho wa benki', level: 2 }).waitFor();
  assert.match(await textOf(row(page, BANK)), /Limelipwa/);
  await page.getByText('Malipo ya M-Pesa hayajawekwa kwenye seva hii').waitFor();
  await checkPage(visit, 'staff-payouts-sw');

  await page.getByRole('navigation', { name: 'Kurasa za pesa' }).getByRole('link', { name: 'Kodi ya zuio' }).click();
  await page.getByRole('heading', { name: 'Kodi ya zuio', level: 1 }).waitFor();
  await page.getByRole('heading', { name: 'Makato', level: 2 }).waitFor();
  assert.match(await textOf(page.locator('table tbody tr').filter({ hasText: BANK })), /Mkaazi/);
  await checkPage(visit, 'staff-withholding-tax-sw');
  // Back to English for whoever signs in as staff next.
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { name: 'Withholding tax', level: 1 }).waitFor();
  await visit.close();
});
