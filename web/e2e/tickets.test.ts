// Files on tickets through the panels' UI, on one `wakala serve` (and one
// more with a lower upload limit): the client opens a ticket and attaches a
// PDF (a .txt, an oversized file and a file whose content is not its type
// are refused, the first two in the browser before anything is sent, the
// last in the server's words); staff see the file on their ticket page,
// download it as it was, and answer with an image; the agent signed in as
// the client attaches one for it; a closed ticket takes no file; a server
// whose limit is lower answers 413, which the page says too. Every page is
// checked (axe, console, 360 px and 1280 px).
// Set-up through the API: only the agent's sign-in-as-client session (as in
// billing.test.ts), which the agent panel's button starts.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { checkPage, demo, DESKTOP, launchBrowser, openVisit, PHONE, signIn, startServer, textOf, type Server, type Visit } from './harness';

let server: Server;
let browser: Browser;
const visits: Visit[] = [];

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
// A 1×1 PNG and the start of a JPEG: the server judges a file by its first bytes.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2044, 0x20), Buffer.from([0xff, 0xd9])]);
const SUBJECT = 'Scanned invoice does not match';
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

// The uploads a page sent, to show that what the browser refuses is never sent.
function countUploads(page: Page): () => number {
  let sent = 0;
  page.on('request', (request) => {
    if (request.method() === 'POST' && /\/attachments$/.test(new URL(request.url()).pathname)) sent += 1;
  });
  return () => sent;
}

// GET the file through the page's own session, as the link would.
async function fetchInPage(page: Page, href: string) {
  return page.evaluate(async (url) => {
    const answer = await fetch(url, { credentials: 'same-origin' });
    return {
      status: answer.status,
      type: answer.headers.get('Content-Type'),
      disposition: answer.headers.get('Content-Disposition'),
      bytes: Array.from(new Uint8Array(await answer.arrayBuffer())),
    };
  }, href);
}

test('the client attaches a PDF to its ticket; a .txt and a file over the limit are refused in the browser', async () => {
  const visit = await person(demo.client);
  const { page } = visit;
  await page.goto('/client/tickets');
  await page.getByLabel('Department').selectOption('billing');
  await page.getByLabel('Subject').fill(SUBJECT);
  await page.getByLabel('Message').fill('The scan of the paper invoice is attached.');
  await page.getByRole('button', { name: 'Open ticket', exact: true }).click();
  await page.waitForURL((url) => /^\/client\/tickets\/.+/.test(url.pathname));
  ticketPath = new URL(page.url()).pathname;
  const uploads = countUploads(page);

  const input = page.getByLabel('Attach a file');
  await input.waitFor();
  assert.equal(await input.getAttribute('type'), 'file');
  assert.equal(await input.getAttribute('accept'), '.pdf,.png,.jpg,.jpeg');
  await page.getByText('A PDF, PNG or JPEG of up to 5 MB. It is sent as a message of its own.').waitFor();
  await checkPage(visit, 'client-ticket-attach');

  // Sending with nothing chosen says so.
  await page.getByRole('button', { name: 'Send file' }).click();
  await page.getByText('Choose a file first.').waitFor();

  // A .txt is refused as soon as it is chosen, and again if sent anyway.
  await input.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('just some notes\n') });
  const wrongType = 'notes.txt is not a PDF, PNG or JPEG file: only those can be attached.';
  await page.getByText(wrongType).waitFor();
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  const described = (await input.getAttribute('aria-describedby')) ?? '';
  assert.match(await textOf(page.locator(`[id="${described.split(' ').pop()}"]`)), /notes\.txt is not a PDF/);
  await page.getByRole('button', { name: 'Send file' }).click();
  await page.getByText(wrongType).waitFor();
  await checkPage(visit, 'client-ticket-attach-refused');

  // Over the limit: refused before sending, with both sizes.
  await input.setInputFiles({ name: 'big-scan.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([PDF, Buffer.alloc(6 * 1024 * 1024, 0x20)]) });
  await page.getByText('big-scan.pdf is 6 MB: a file can be at most 5 MB.').waitFor();
  await page.getByRole('button', { name: 'Send file' }).click();
  await page.getByText('big-scan.pdf is 6 MB: a file can be at most 5 MB.').waitFor();
  assert.equal(uploads(), 0, 'nothing the browser refuses is sent');

  // The PDF goes: a message of its own, the file and its size, no empty text.
  await input.setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.getByText(wrongType).waitFor({ state: 'detached' });
  assert.equal(await input.getAttribute('aria-invalid'), 'false');
  await page.getByRole('button', { name: 'Send file' }).click();
  await page.getByText('Your file was sent.').waitFor();
  assert.equal(uploads(), 1);
  const messages = page.locator('.ticket-message');
  assert.equal(await messages.count(), 2);
  const withFile = messages.nth(1);
  assert.equal(await withFile.locator('.ticket-body').count(), 0, 'a message with only a file shows no empty text');
  const link = withFile.getByRole('link', { name: 'scan.pdf', exact: true });
  await link.waitFor();
  assert.match(await textOf(withFile.getByRole('list', { name: 'Files' })), /^scan\.pdf \(PDF, 48 bytes\)$/);
  const href = (await link.getAttribute('href')) ?? '';
  assert.match(href, /^\/api\/v1\/ticket-attachments\/.+/);
  assert.equal(await input.inputValue(), '', 'the input is empty again');
  // The client downloads its own file.
  const own = await fetchInPage(page, href);
  assert.equal(own.status, 200);
  assert.deepEqual(Buffer.from(own.bytes), PDF);
  await checkPage(visit, 'client-ticket-file');

  // The same thread in Swahili.
  await page.getByRole('button', { name: 'Kiswahili' }).click();
  await page.getByLabel('Ambatisha faili').waitFor();
  assert.match(await textOf(withFile.getByRole('list', { name: 'Faili' })), /^scan\.pdf \(PDF, baiti 48\)$/);
  await page.getByText('PDF, PNG au JPEG isiyozidi MB 5. Hutumwa kama ujumbe wake peke yake.').waitFor();
  await page.getByLabel('Ambatisha faili').setInputFiles({ name: 'maelezo.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
  await page.getByText('maelezo.txt si faili la PDF, PNG wala JPEG: ni hayo tu yanayoweza kuambatishwa.').waitFor();
  await checkPage(visit, 'client-ticket-file-sw');
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByLabel('Attach a file').waitFor();
  assert.equal(uploads(), 1);
  await visit.close();
});

test('a file whose content is not its type is refused by the server, in its words, at the field', async () => {
  const visit = await person(demo.client);
  const { page } = visit;
  await page.goto(ticketPath);
  const input = page.getByLabel('Attach a file');
  // Named and typed a PNG, a PDF inside: the browser cannot tell, the server can.
  await input.setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: PDF });
  await page.getByRole('button', { name: 'Send file' }).click();
  const error = page.locator('.field.invalid .error');
  await error.waitFor();
  assert.match(await textOf(error), /^The server refused the file: \S.*\.$/, 'in the server\'s words');
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('.ticket-message').count(), 2, 'nothing was added');
  await checkPage(visit, 'client-ticket-file-mismatch', [/status of 422/]);
  await visit.close();
});

test('staff see the client\'s file on their ticket page, download it as it was, and answer with an image', async () => {
  const visit = await person(demo.staff, DESKTOP);
  const { page } = visit;
  await page.goto('/staff/tickets');
  await page.locator('tbody tr', { hasText: SUBJECT }).getByRole('link').first().click();
  await page.getByRole('heading', { name: new RegExp(`${SUBJECT}$`), level: 1 }).waitFor();
  const fromClient = page.locator('.ticket-message.from-client').nth(1);
  const link = fromClient.getByRole('link', { name: 'scan.pdf', exact: true });
  await link.waitFor();
  assert.match(await textOf(fromClient), /\(Client\) .*scan\.pdf \(PDF, 48 bytes\)/);
  await checkPage(visit, 'staff-ticket-file');

  // Through the page's session: 200, the same bytes, always a download.
  const href = (await link.getAttribute('href')) ?? '';
  const answer = await fetchInPage(page, href);
  assert.equal(answer.status, 200);
  assert.deepEqual(Buffer.from(answer.bytes), PDF);
  assert.equal(answer.type, 'application/pdf');
  // The server names the download after the attachment's id…
  assert.match(answer.disposition ?? '', /^attachment; filename="scan\.pdf"; filename\*=UTF-8''scan\.pdf$/);
  // …and the link saves it under the name it was sent with.
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.equal(download.suggestedFilename(), 'scan.pdf');
  assert.deepEqual(fs.readFileSync(await download.path()), PDF);

  await page.getByLabel('Attach a file').setInputFiles({ name: 'router-settings.png', mimeType: 'image/png', buffer: PNG });
  await page.getByRole('button', { name: 'Send file' }).click();
  await page.getByText('Your file was sent.').waitFor();
  const fromStaff = page.locator('.ticket-message.from-staff');
  await fromStaff.getByRole('link', { name: 'router-settings.png' }).waitFor();
  assert.match(await textOf(fromStaff), new RegExp(`router-settings\\.png \\(PNG image, ${PNG.length} bytes\\)`));
  // A file answers the ticket as a reply does.
  await page.locator('.ticket-thread').waitFor();
  await page.locator('.card .badge', { hasText: 'Answered' }).waitFor();
  await checkPage(visit, 'staff-ticket-file-sent');
  await visit.close();
});

test('the agent signed in as the client attaches a file for it; once closed, the ticket takes none', async () => {
  const visit = await openVisit(browser, server, PHONE);
  visits.push(visit);
  const { page } = visit;
  const login = await page.request.post('/api/v1/auth/login', { data: demo.agent });
  assert.equal(login.status(), 200);
  const csrf = ((await login.json()) as { csrf_token: string }).csrf_token;
  const started = await page.request.post('/api/v1/clients/CL-DEMO/impersonations', { data: {}, headers: { 'X-CSRF-Token': csrf } });
  assert.equal(started.status(), 201, await started.text());

  await page.goto(ticketPath);
  const banner = page.getByRole('region', { name: 'Signed in as a client' });
  await banner.waitFor();
  // What staff sent is there for the client's side too.
  await page.locator('.ticket-message.from-staff').getByRole('link', { name: 'router-settings.png' }).waitFor();
  await page.getByLabel('Attach a file').setInputFiles({ name: 'Receipt.JPG', mimeType: 'image/jpeg', buffer: JPEG });
  await page.getByRole('button', { name: 'Send file' }).click();
  await page.getByText('Your file was sent.').waitFor();
  const fromAgent = page.locator('.ticket-message.from-agent');
  assert.match(await textOf(fromAgent), /\(Service manager, for the client\) .*Receipt\.JPG \(JPEG image, 2 KB\)/);
  await checkPage(visit, 'client-ticket-file-as-agent');
  await banner.getByRole('button', { name: 'End' }).click();
  await page.waitForURL((url) => url.pathname === '/agent/clients');
  await visit.close();

  const client = await person(demo.client);
  const c = client.page;
  await c.goto(ticketPath);
  await c.getByRole('link', { name: 'Receipt.JPG', exact: true }).waitFor();
  assert.equal(await c.locator('.ticket-files a').count(), 3);
  await c.getByRole('button', { name: 'Close ticket' }).click();
  const dialog = c.locator('dialog[open]');
  await dialog.getByRole('button', { name: 'Close ticket', exact: true }).click();
  await c.getByText('This ticket is closed: nobody can write on it.').waitFor();
  assert.equal(await c.getByLabel('Attach a file').count(), 0, 'no file control on a closed ticket');
  // Its files stay downloadable.
  await c.getByRole('link', { name: 'scan.pdf', exact: true }).waitFor();
  await checkPage(client, 'client-ticket-files-closed');
  await client.close();
});

test('a server whose upload limit is below the page\'s answers 413, which the page says at the field', async () => {
  const small = await startServer({ environment: { WAKALA_SERVER_MAX_UPLOAD_BYTES: '1024' } });
  try {
    const visit = await openVisit(browser, small, PHONE);
    visits.push(visit);
    const { page } = visit;
    await signIn(page, demo.client);
    await page.goto('/client/tickets');
    await page.getByLabel('Subject').fill('A large photo');
    await page.getByLabel('Message').fill('The photo follows.');
    await page.getByRole('button', { name: 'Open ticket', exact: true }).click();
    await page.waitForURL((url) => /^\/client\/tickets\/.+/.test(url.pathname));
    await page.getByLabel('Attach a file').setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: JPEG });
    await page.getByRole('button', { name: 'Send file' }).click();
    await page.getByText('The server refused the file as too large: choose a smaller one.').waitFor();
    assert.equal(await page.locator('.ticket-message').count(), 1);
    await checkPage(visit, 'client-ticket-file-too-large', [/status of 413/]);
    await visit.close();
  } finally {
    await small.stop();
  }
});
