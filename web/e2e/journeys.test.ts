// The journeys across panels that issue 11 names, each a real person's path
// through the UI only: several browser contexts are several people (a stranger,
// staff, an agent, a client), all on one `wakala serve`. The only thing read
// around the UI is the invitation link, which the server sends by email: the
// test reads it from the outbound mail in the store (sqlValue). Set-up, none:
// every record is made by a person on a page. The server listens on a port
// chosen first (the links it writes must open) and trusts X-Forwarded-For, so
// that each person comes from an address of its own: on shared loopback the
// fraud rules would rightly take the visitor who signs up through the agent's
// link for the agent itself (a self-referral, not attributed).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { checkPage, confirm, demo, DESKTOP, launchBrowser, openVisit, PHONE, signIn, sqlValue, startServer, textOf, type Server, type Visit } from './harness';

let server: Server;
let browser: Browser;
const visits: Visit[] = [];

// Refusals the journeys provoke on purpose and the pages show as states
// (Chromium logs each failed request as a console error).
const refusedSignInAs = /Failed to load resource: the server responded with a status of 404/;

// A one-pixel PNG: the certificate scan the new agent uploads.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

before(async () => {
  server = await startServer({ knownPort: true, environment: { WAKALA_SERVER_TRUST_FORWARDED_FOR: 'true' } });
  browser = await launchBrowser();
});

after(async () => {
  for (const visit of visits) await visit.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

// One person in a browser of its own, on its own network address (TEST-NET-2).
async function person(viewport = PHONE, who?: { email: string; password: string }): Promise<Visit> {
  const visit = await openVisit(browser, server, viewport, `198.51.100.${visits.length + 10}`);
  visits.push(visit);
  if (who) await signIn(visit.page, who);
  return visit;
}

// The dashboard's balances as { label: 'KES …' }.
async function balances(page: Page): Promise<Record<string, string>> {
  const figures = page.locator('dl.figures').first();
  await figures.waitFor();
  const pairs = await figures.locator('div').evaluateAll((divs) => divs.map((d) => [d.querySelector('dt')?.textContent ?? '', d.querySelector('dd')?.textContent ?? '']));
  return Object.fromEntries(pairs.map(([k, v]) => [k?.trim(), v?.replace(/\s+/g, ' ').trim()]));
}

function shillings(figure: string | undefined): number {
  const amount = /KES\s*([\d,]+\.\d\d)/.exec(figure ?? '')?.[1];
  assert.ok(amount, `not an amount in KES: ${figure}`);
  return Number(amount.replace(/,/g, ''));
}

function kes(amount: number): string {
  return `KES ${amount.toLocaleString('en-KE', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

test('journey: a stranger applies, staff approve, the new owner sets a password, uploads a certificate, staff verify it', async () => {
  // The stranger, on a phone.
  const applicant = await person(PHONE);
  const a = applicant.page;
  await a.goto('/apply');
  await a.getByLabel('Company name').fill('Nyeri Hills Telecom');
  await a.getByLabel('Contact person').fill('Wambui Kariuki');
  await a.getByLabel('Email').fill('wambui@nyeri-hills.example');
  await a.getByLabel('Phone').fill('0722 468 135');
  await a.getByLabel('KRA PIN').fill('P051234567X');
  await a.getByLabel('Company registration number').fill('PVT-NHT2026');
  await a.getByLabel('Town').fill('Nyeri');
  await a.getByLabel('Cloud One sales').check();
  await a.getByLabel('I accept the Cloud One agent terms').check();
  await a.getByRole('button', { name: 'Send the application' }).click();
  await a.waitForURL(/\/apply\/status\/APP-[0-9a-f]+\?token=/);
  await a.getByText('Waiting for review').waitFor();
  await a.getByText('Staff have not decided yet.').waitFor();

  // Staff, at a desk, find it in the vetting queue and approve it.
  const staff = await person(DESKTOP, demo.staff);
  const s = staff.page;
  await s.goto('/staff/applications');
  const queued = s.locator('tbody tr', { hasText: 'Nyeri Hills Telecom' });
  assert.match(await textOf(queued), /Wambui Kariuki wambui@nyeri-hills\.example.*Nyeri.*Pending/);
  await queued.getByRole('link', { name: 'Nyeri Hills Telecom' }).click();
  await s.getByRole('heading', { name: 'Nyeri Hills Telecom' }).waitFor();
  await s.getByText('P051234567X').waitFor();
  await s.getByRole('button', { name: 'Approve' }).click();
  await confirm(s, 'Approve Nyeri Hills Telecom as an agent?', 'Approve');
  await s.getByText('Approved', { exact: true }).first().waitFor();
  const agentId = (await s.getByRole('link', { name: /^AG-/ }).innerText()).trim();
  assert.match(agentId, /^AG-/);

  // The applicant's bookmarked status page now says so.
  await a.reload();
  await a.getByText('Approved', { exact: true }).waitFor();
  await a.getByText('Welcome! We emailed an invitation').waitFor();

  // The invitation email's link (no UI shows it: it is in the store's outbound mail).
  const body = sqlValue(server, "SELECT body FROM outbound_email WHERE recipient = 'wambui@nyeri-hills.example' ORDER BY created_at DESC LIMIT 1");
  const invitation = /https?:\/\/\S+\/invitations\/[0-9a-f]+/.exec(body)?.[0];
  assert.ok(invitation, `no invitation link in the mail to the applicant: ${body}`);
  assert.ok(invitation.startsWith(`${server.url}/invitations/`), invitation);
  await a.goto(invitation);
  await a.getByRole('heading', { name: 'Set your password' }).waitFor();
  await a.getByLabel('New password').fill('terraced tea above the mist 7');
  await a.getByLabel('The password again').fill('terraced tea above the mist 7');
  await a.getByRole('button', { name: 'Set the password and sign in' }).click();
  await a.waitForURL((url) => url.pathname === '/agent');
  await a.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
  const fresh = await balances(a);
  assert.equal(fresh.Available, 'KES 0.00');
  await checkPage(applicant, 'journey-agent-dashboard-new');

  // The new owner submits its sales certificate with a scan of it.
  await a.goto('/agent/certifications');
  await a.getByText('No certifications submitted yet.').waitFor();
  await a.getByLabel('Certification', { exact: true }).selectOption('sales');
  await a.getByLabel('Issued on').fill('2026-09-14');
  await a.getByLabel('Valid until').fill('2028-09-14');
  await a.getByLabel('Certificate file').setInputFiles({ name: 'sales-certificate.png', mimeType: 'image/png', buffer: PNG });
  await a.getByRole('button', { name: 'Submit certification' }).click();
  await a.getByText('Sales certification submitted: Cloud One will verify it.').waitFor();
  const row = a.locator('tbody tr', { hasText: 'Sales' });
  assert.match(await textOf(row), /Wambui Kariuki.*Sales.*Submitted/);

  // Staff see it in the certification queue, with the scan inline, and verify it.
  await s.goto('/staff/certifications');
  const item = s.locator('.staff-list > li', { has: s.getByRole('link', { name: agentId }) });
  await item.getByText('2026-09-14 to 2028-09-14').waitFor();
  await item.locator('img').waitFor();
  await checkPage(staff, 'journey-staff-certification-evidence');
  await item.getByRole('button', { name: 'Verify' }).click();
  await confirm(s, `Verify the Sales certification of ${agentId}? It counts from now.`, 'Verify');
  await s.getByText('No certification in this state.').waitFor();
  await s.getByLabel('Status').selectOption('verified');
  await s.locator('.staff-list > li', { has: s.getByRole('link', { name: agentId }) }).getByText('Verified').waitFor();

  // The agent sees it verified.
  await a.reload();
  await a.locator('tbody tr', { hasText: 'Sales' }).getByText('Verified').waitFor();
  assert.equal(await a.locator('tbody tr', { hasText: 'Submitted' }).count(), 0);
  await checkPage(applicant, 'journey-agent-certification-verified');
});

test('journey: the agent copies its referral link, a business signs up through it, the agent signs in as that client and ends', async () => {
  const agent = await person(PHONE, demo.agent);
  const g = agent.page;
  await g.goto('/agent/referrals');
  // The link's figures, all time: { Clicks: n, Signups: n, … }.
  const allTime = async (): Promise<Record<string, number>> => {
    const figures = g.locator('div', { has: g.getByRole('heading', { name: 'All time', exact: true }) }).locator('dl.figures').last();
    await figures.waitFor();
    const pairs = await figures.locator('div').evaluateAll((divs) => divs.map((d) => [d.querySelector('dt')?.textContent ?? '', Number(d.querySelector('dd')?.textContent)] as const));
    return Object.fromEntries(pairs);
  };
  const figuresBefore = await allTime();
  assert.ok(Number.isInteger(figuresBefore.Signups) && Number.isInteger(figuresBefore.Clicks), JSON.stringify(figuresBefore));
  await g.getByRole('button', { name: 'Copy Referral link' }).click();
  await g.getByRole('button', { name: 'Copied' }).first().waitFor();
  const link = await g.evaluate(() => navigator.clipboard.readText());
  assert.equal(link, `${server.url}/r/NVS7DEMQ`);

  // A visitor opens the link the agent sent (its own browser) and signs its business up from the landing page.
  const visitor = await person(PHONE);
  const v = visitor.page;
  await v.goto(link);
  await v.waitForURL((url) => url.pathname === '/');
  await v.getByRole('link', { name: 'Sign up your business' }).click();
  await v.waitForURL((url) => url.pathname === '/signup');
  await v.getByLabel('Company name').fill('Ngong Road Pharmacy');
  await v.getByLabel('Your name').fill('Achieng Odhiambo');
  await v.getByLabel('Email').fill('achieng@ngong-pharmacy.example');
  await v.getByLabel('Phone').fill('0733 246 810');
  await v.getByLabel('New password').fill('blue pestle on the counter 9');
  await v.getByRole('button', { name: 'Create the account' }).click();
  await v.waitForURL((url) => url.pathname === '/client');
  await v.getByText('Welcome, Achieng Odhiambo.').waitFor();
  const manager = v.locator('.service-manager');
  await manager.locator('.sm-name', { hasText: 'Nairobi Voice Solutions' }).waitFor();
  await manager.getByText('You signed up through its referral link').waitFor();
  await v.getByText('Your service manager has never signed in as you.').waitFor();
  await checkPage(visitor, 'journey-client-home-referred');

  // The agent sees the signup in its link's figures, and the new client in its list; it signs in as it.
  await g.reload();
  const figuresAfter = await allTime();
  assert.equal(figuresAfter.Clicks, (figuresBefore.Clicks ?? 0) + 1);
  assert.equal(figuresAfter.Signups, (figuresBefore.Signups ?? 0) + 1);
  assert.equal(figuresAfter['Self-referral flags'], figuresBefore['Self-referral flags']);
  await g.goto('/agent/clients');
  const card = g.locator('.agent-client', { has: g.getByRole('heading', { name: 'Ngong Road Pharmacy' }) });
  await card.waitFor();
  assert.match(await textOf(card), /through your referral link/);
  await card.getByRole('button', { name: 'Sign in as Ngong Road Pharmacy' }).click();
  await g.waitForURL((url) => url.pathname === '/client');
  const banner = g.getByRole('region', { name: 'Signed in as a client' });
  await banner.waitFor();
  assert.equal(await textOf(banner.locator('span')), 'Signed in as Ngong Road Pharmacy for Otieno (Nairobi Voice Solutions)');
  await g.locator('.service-manager .sm-name', { hasText: 'Nairobi Voice Solutions' }).waitFor();
  await g.getByText('Only the client can revoke its service manager').waitFor();
  await banner.getByRole('button', { name: 'End' }).click();
  await g.waitForURL((url) => url.pathname === '/agent/clients');
  await g.getByRole('heading', { name: 'Clients', level: 1 }).waitFor();
  await g.getByRole('heading', { name: 'Ngong Road Pharmacy' }).waitFor();
  assert.equal(await g.getByRole('region', { name: 'Signed in as a client' }).count(), 0);

  // The client reads in its history that its manager signed in as it, and how that ended.
  await v.reload();
  const history = v.locator('tbody tr', { hasText: 'Ended by the agent' });
  await history.waitFor();
  // Named by the agent user who signed in; the demo user's own name already holds its company.
  assert.match(await textOf(history), /^Otieno \(Nairobi Voice Solutions\) .*Ended by the agent See your services, Place orders, See quotes, Accept quotes, See invoices, Open support tickets$/);
  assert.equal(await v.locator('tbody tr').count(), 1);
});

test('journey: the client revokes its service manager, and the agent can no longer sign in as it', async () => {
  // The agent has its clients open already.
  const agent = await person(DESKTOP, demo.agent);
  const g = agent.page;
  await g.goto('/agent/clients');
  const card = g.locator('.agent-client', { has: g.getByRole('heading', { name: 'Kilimani Dental Clinic' }) });
  await card.waitFor();

  // Meanwhile the client revokes it, after confirming.
  const client = await person(PHONE, demo.client);
  const c = client.page;
  assert.equal(new URL(c.url()).pathname, '/client');
  await c.locator('.sm-name', { hasText: 'Nairobi Voice Solutions' }).waitFor();
  await c.getByRole('button', { name: 'Revoke this service manager' }).click();
  await confirm(c, /^Revoke Nairobi Voice Solutions\? It stops managing your account at once/, 'Revoke');
  await c.getByText('Your service manager was revoked.').waitFor();
  await c.getByText('You have no service manager.').waitFor();
  await c.getByRole('link', { name: 'find one in the directory' }).waitFor();

  // The agent's Sign in as client is refused, said plainly, and no client page opens.
  await card.getByRole('button', { name: 'Sign in as Kilimani Dental Clinic' }).click();
  const refusal = card.getByRole('alert');
  await refusal.waitFor();
  assert.match(await textOf(refusal), /^This client is no longer yours Kilimani Dental Clinic is no longer your client: it revoked you as its service manager/);
  assert.equal(new URL(g.url()).pathname, '/agent/clients');
  assert.equal(await g.getByRole('region', { name: 'Signed in as a client' }).count(), 0);
  await checkPage(agent, 'journey-agent-clients-refused', [refusedSignInAs]);

  // Opened afresh, the clients page no longer lists it.
  await g.reload();
  await g.getByRole('heading', { name: 'Clients', level: 1 }).waitFor();
  await g.locator('.agent-client').first().waitFor();
  assert.equal(await g.getByRole('heading', { name: 'Kilimani Dental Clinic' }).count(), 0);
});

test('journey: the agent requests a withdrawal, staff approve and pay it, the agent sees it paid with tax and net', async () => {
  const agent = await person(PHONE, demo.agent);
  const g = agent.page;
  await g.goto('/agent');
  await g.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
  const before = await balances(g);
  const available = shillings(before.Available);
  assert.ok(available >= 10_000, `the demo agent has ${before.Available} available`);

  await g.goto('/agent/withdrawals');
  await g.getByLabel('Amount (KES)').fill('10,000');
  await g.getByRole('button', { name: 'Preview' }).click();
  const preview = g.locator('.agent-preview');
  await preview.waitFor();
  const previewed = await textOf(preview);
  assert.match(previewed, /Gross KES 10,000\.00/);
  assert.match(previewed, /Withholding tax \(5 %\) KES 500\.00/);
  assert.match(previewed, /Net to you KES 9,500\.00/);
  assert.match(previewed, new RegExp(`Available now ${kes(available)}`));
  await g.getByText('This withdrawal can be requested now.').waitFor();
  await g.getByLabel('Your password').fill(demo.agent.password);
  await g.getByRole('button', { name: 'Request withdrawal' }).click();
  await confirm(g, 'Withdraw KES 10,000.00? After withholding tax you receive KES 9,500.00.', 'Yes, request it');
  await g.getByText('Withdrawal of KES 10,000.00 requested (KES 9,500.00 after tax). Cloud One will review it.').waitFor();
  const requested = g.locator('tbody tr').first();
  await requested.getByText('Requested', { exact: true }).last().waitFor();

  // Staff approve it, then pay it with the M-Pesa reference.
  const staff = await person(DESKTOP, demo.staff);
  const s = staff.page;
  await s.goto('/staff/withdrawals');
  const card = s.locator('.staff-withdrawal', { has: s.getByRole('link', { name: 'AG-DEMO' }) });
  assert.match(await textOf(card.locator('dl.figures')), /Gross KES 10,000\.00 Withholding tax KES 500\.00 Net KES 9,500\.00/);
  await card.getByRole('button', { name: 'Approve' }).click();
  await confirm(s, 'Approve the withdrawal of AG-DEMO: gross KES 10,000.00, withholding tax KES 500.00, net KES 9,500.00?', 'Approve');
  await s.waitForURL(/state=approved/);
  const approved = s.locator('.staff-withdrawal', { has: s.getByRole('link', { name: 'AG-DEMO' }) });
  await approved.getByLabel('Payout reference').fill('RKT4Q9ZP2M');
  await approved.getByRole('button', { name: 'Mark paid' }).click();
  await confirm(s, 'Mark the withdrawal of AG-DEMO paid with reference RKT4Q9ZP2M: gross KES 10,000.00, withholding tax KES 500.00, net KES 9,500.00?', 'Mark paid');
  await s.waitForURL(/state=paid/);
  await s.locator('.staff-withdrawal', { hasText: 'RKT4Q9ZP2M' }).locator('.badge', { hasText: 'Paid' }).waitFor();

  // The agent sees it paid, with the tax and the net, and its balances moved.
  await g.reload();
  const paid = g.locator('tbody tr', { hasText: 'RKT4Q9ZP2M' });
  await paid.waitFor();
  assert.match(await textOf(paid), /KES 10,000\.00 KES 500\.00 KES 9,500\.00 Paid Reference: RKT4Q9ZP2M/);
  await checkPage(agent, 'journey-agent-withdrawal-paid');
  await g.goto('/agent');
  await g.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
  const afterwards = await balances(g);
  assert.equal(afterwards.Available, kes(available - 10_000));
  assert.equal(afterwards['Being withdrawn'], before['Being withdrawn']);
  // Paid out counts the gross; the tax withheld is the part of it that went to KRA.
  assert.equal(afterwards['Paid out'], kes(shillings(before['Paid out']) + 10_000));
  assert.equal(afterwards['Tax withheld'], kes(shillings(before['Tax withheld']) + 500));
});
