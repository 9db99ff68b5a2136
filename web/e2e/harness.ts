// Browser tests: a real `wakala serve` on loopback (SQLite, or a fresh
// database on the test PostgreSQL), Debian's Chromium driven by
// playwright-core, and the checks every page gets (no console error, no
// serious or critical axe-core violation, a screenshot at phone and desktop width).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

const require = createRequire(import.meta.url);
export const repoDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..');
const screenshotDir = path.join(repoDir, 'build', 'screenshots', process.env.WAKALA_TEST_ENGINE ?? 'sqlite');

export const demo = {
  staff: { email: 'staff@demo.wakala.test', password: 'demo-staff-2026!' },
  agent: { email: 'agent@demo.wakala.test', password: 'demo-agent-2026!' },
  client: { email: 'client@demo.wakala.test', password: 'demo-client-2026!' },
};

export interface Server {
  url: string;
  databaseUrl: string;
  directory: string;
  log: () => string;
  stop: () => Promise<void>;
  // Runs another wakala command on the same store (import, seed-demo, ...).
  wakala: (args: string[]) => string;
}

function wakalaBinary(): string {
  const binary = process.env.WAKALA_BINARY ?? path.join(repoDir, 'build', 'release', 'wakala');
  if (!fs.existsSync(binary)) throw new Error(`no wakala binary at ${binary}: build first (make test does)`);
  return binary;
}

export function engineUnderTest(): 'sqlite' | 'postgresql' {
  return process.env.WAKALA_TEST_ENGINE === 'postgresql' ? 'postgresql' : 'sqlite';
}

function createDatabase(directory: string): string {
  if (engineUnderTest() === 'sqlite') return `sqlite:${path.join(directory, 'wakala.db')}`;
  const admin = process.env.WAKALA_TEST_POSTGRES_URL;
  if (!admin) throw new Error('WAKALA_TEST_POSTGRES_URL is not set: run the suite with `make test`, which starts a PostgreSQL');
  const name = `browser_${process.pid}_${Date.now()}`;
  const created = spawnSync('psql', [admin, '-v', 'ON_ERROR_STOP=1', '-qc', `CREATE DATABASE ${name}`], { encoding: 'utf8' });
  if (created.status !== 0) throw new Error(`CREATE DATABASE failed: ${created.stderr}`);
  return admin.replace(/\/[^/]*$/, `/${name}`);
}

export interface ServerOptions {
  // The program clock (RFC 3339) instead of the wall clock, for dated journeys.
  programTime?: string;
  environment?: Record<string, string>;
  // Listen on a free port chosen first instead of port 0: the server then
  // writes links it can answer (with no server.public_url it writes its
  // --listen address into referral and invitation links, and port 0 answers nothing).
  knownPort?: boolean;
}

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export async function startServer(options: ServerOptions = {}): Promise<Server> {
  const binary = wakalaBinary();
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'wakala-browser-'));
  const databaseUrl = createDatabase(directory);
  // wakala refuses WAKALA_* variables it does not know: the harness's own settings stay here.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !['WAKALA_BINARY', 'WAKALA_CHROMIUM', 'WAKALA_TEST_ENGINE', 'WAKALA_TEST_POSTGRES_URL'].includes(name)),
  ) as Record<string, string>;
  const environment: Record<string, string> = {
    ...inherited,
    WAKALA_DATABASE_URL: databaseUrl,
    WAKALA_FILES_DIRECTORY: path.join(directory, 'files'),
    WAKALA_SERVER_WEB_ROOT: path.join(repoDir, 'build', 'web'),
    WAKALA_ENGINE_SCHEDULER_INTERVAL: '0',
    ...options.environment,
  };
  if (options.programTime) {
    const clock = path.join(directory, 'clock');
    fs.writeFileSync(clock, `${options.programTime}\n`);
    environment.WAKALA_ENGINE_CLOCK = `file:${clock}`;
  }
  const wakala = (args: string[]): string => {
    const run = spawnSync(binary, [...args, '--database', databaseUrl], { env: environment, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`wakala ${args.join(' ')} failed:\n${run.stdout}\n${run.stderr}`);
    return run.stdout;
  };
  wakala(['seed-demo']);
  const readyFile = path.join(directory, 'ready');
  const logFile = path.join(directory, 'server.log');
  const log = fs.openSync(logFile, 'w');
  const listen = `127.0.0.1:${options.knownPort ? await freePort() : 0}`;
  const child: ChildProcess = spawn(binary, ['serve', '--listen', listen, '--ready-file', readyFile], {
    env: environment,
    stdio: ['ignore', log, log],
  });
  const readLog = () => fs.readFileSync(logFile, 'utf8');
  for (let i = 0; i < 600 && !fs.existsSync(readyFile); i += 1) {
    if (child.exitCode !== null) throw new Error(`wakala serve exited:\n${readLog()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!fs.existsSync(readyFile)) throw new Error(`wakala serve not ready in 60 s:\n${readLog()}`);
  const address = fs.readFileSync(readyFile, 'utf8').trim();
  return {
    url: `http://${address}`,
    databaseUrl,
    directory,
    log: readLog,
    wakala,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      fs.closeSync(log);
      // The log goes with the store: what the server warned about is kept in
      // the test output, for a failure that shows only in the browser.
      const complaints = readLog()
        .split('\n')
        .filter((line) => /\[(warning|error|critical)\]|AddressSanitizer|runtime error/.test(line));
      if (complaints.length) console.log(`wakala serve (${databaseUrl}) logged:\n  ${complaints.slice(-40).join('\n  ')}`);
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

// Moves the program clock of a server started with `programTime` (forward
// only: the engine refuses to go back). The server reads the clock file on
// every reading of the time, as SetProgramTime does in tests/api.
export function setProgramTime(server: Server, at: string): void {
  const clock = path.join(server.directory, 'clock');
  if (!fs.existsSync(clock)) throw new Error('setProgramTime: the server was not started with a programTime');
  fs.writeFileSync(clock, `${at}\n`);
}

// playwright-core is pinned to the release whose Chromium is Debian's; when
// Debian moves to a new major version, say so (and which pin to look for).
function warnOnChromiumMismatch(executable: string): void {
  const installed = spawnSync(executable, ['--version'], { encoding: 'utf8' }).stdout.match(/(\d+)\.\d+\.\d+\.\d+/)?.[1];
  const browsers = JSON.parse(fs.readFileSync(path.join(path.dirname(require.resolve('playwright-core/package.json')), 'browsers.json'), 'utf8')) as {
    browsers: { name: string; browserVersion?: string }[];
  };
  const expected = browsers.browsers.find((b) => b.name === 'chromium')?.browserVersion?.split('.')[0];
  if (installed && expected && installed !== expected) {
    console.warn(
      `browser tests: ${executable} is Chromium ${installed}, playwright-core expects ${expected}: ` +
        'pin web/package.json to the playwright-core whose browsers.json names Chromium ' + installed,
    );
  }
}

export async function launchBrowser(): Promise<Browser> {
  const executable = process.env.WAKALA_CHROMIUM ?? '/usr/bin/chromium';
  warnOnChromiumMismatch(executable);
  return chromium.launch({
    executablePath: executable,
    headless: true,
    // The flags this closed network needs: no background calls to Google's hosts.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 860 };

// A browser context that records every console error and failed page script.
export interface Visit {
  context: BrowserContext;
  page: Page;
  errors: string[];
  // Every API answer of 400 or more, "GET /api/v1/... → 429 {problem}", for failure messages.
  failedRequests: string[];
  close: () => Promise<void>;
}

// `from`: the address the person connects from, as a proxy in front of the
// server would say it (X-Forwarded-For; the server must trust it): people on
// loopback would otherwise all share 127.0.0.1, which the fraud rules read as one person.
export async function openVisit(browser: Browser, server: Server, viewport = DESKTOP, from?: string): Promise<Visit> {
  const context = await browser.newContext({
    baseURL: server.url,
    viewport,
    locale: 'en-KE',
    timezoneId: 'Africa/Nairobi',
    permissions: ['clipboard-read', 'clipboard-write'],
    ...(from ? { extraHTTPHeaders: { 'X-Forwarded-For': from } } : {}),
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  const failedRequests: string[] = [];
  page.on('response', (response) => {
    if (response.status() < 400 || !response.url().includes('/api/')) return;
    const request = response.request();
    const line = `${request.method()} ${new URL(response.url()).pathname} → ${response.status()}`;
    const index = failedRequests.push(line) - 1;
    void response
      .text()
      .catch(() => '')
      .then((body) => {
        failedRequests[index] = `${line} ${body.slice(0, 300)}`;
      });
  });
  // Requests that got no answer at all (a reset connection, an aborted fetch).
  page.on('requestfailed', (request) => {
    if (request.url().includes('/api/')) failedRequests.push(`${request.method()} ${new URL(request.url()).pathname} failed: ${request.failure()?.errorText ?? 'unknown'}`);
  });
  return { context, page, errors, failedRequests, close: () => context.close() };
}

// Error responses the app shows as states are expected in some journeys (a
// 403 after a revoke, a 422 a test provokes); Chromium logs each as a console
// error, which the journey names so that everything else still fails.
export function unexpectedErrors(errors: string[], allowed: RegExp[] = []): string[] {
  return errors.filter((e) => !allowed.some((pattern) => pattern.test(e)));
}

export async function signIn(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/signin');
}

// axe-core in the page: the serious and critical violations, as readable lines.
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const source = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol: the page's CSP forbids inline script, rightly.
  await page.evaluate(source);
  const results = (await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (context: Document, options: object) => Promise<unknown> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  })) as { violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] };
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`);
}

// The checks every page gets: it rendered its heading, axe finds nothing
// serious, no console error so far, and screenshots at both widths.
export async function checkPage(visit: Visit, name: string, allowedErrors: RegExp[] = []): Promise<void> {
  const { page } = visit;
  await page.locator('h1').first().waitFor();
  await page.waitForLoadState('networkidle');
  await page.locator('.state.loading').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  const violations = await accessibilityViolations(page);
  if (violations.length) throw new Error(`${name}: accessibility violations:\n  ${violations.join('\n  ')}`);
  const errors = unexpectedErrors(visit.errors, allowedErrors);
  if (errors.length) {
    throw new Error(`${name}: console errors:\n  ${errors.join('\n  ')}\nfailed API requests:\n  ${visit.failedRequests.join('\n  ')}`);
  }
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  fs.mkdirSync(screenshotDir, { recursive: true });
  const viewport = page.viewportSize() ?? DESKTOP;
  await page.screenshot({ path: path.join(screenshotDir, `${name}-${viewport.width}.png`), fullPage: true });
  // What the screen shows first, without scrolling (the README's pictures).
  await page.screenshot({ path: path.join(screenshotDir, `${name}-${viewport.width}-screen.png`) });
  if (overflow > 1) throw new Error(`${name}: the page is ${overflow}px wider than a ${viewport.width}px screen`);
  const other = viewport.width === PHONE.width ? DESKTOP : PHONE;
  await page.setViewportSize(other);
  await page.waitForTimeout(50);
  const otherOverflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await page.screenshot({ path: path.join(screenshotDir, `${name}-${other.width}.png`), fullPage: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}-${other.width}-screen.png`) });
  await page.setViewportSize(viewport);
  if (otherOverflow > 1) throw new Error(`${name}: the page is ${otherOverflow}px wider than a ${other.width}px screen`);
}

// One value from the store the server runs on (ask for one column of one row:
// its text as the CLI prints it, '' when no row), through the sqlite3 CLI for
// `sqlite:PATH` or psql for a PostgreSQL URL. For what only the store knows,
// like the invitation link in the outbound mail.
export function sqlValue(server: Server, sql: string): string {
  const sqlite = /^sqlite:(.*)$/.exec(server.databaseUrl);
  const run = sqlite
    ? spawnSync('sqlite3', ['-batch', '-noheader', '-list', sqlite[1] as string, sql], { encoding: 'utf8' })
    : spawnSync('psql', [server.databaseUrl, '-v', 'ON_ERROR_STOP=1', '-Atc', sql], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${sqlite ? 'sqlite3' : 'psql'} failed on ${sql}:\n${run.stderr}`);
  return run.stdout.replace(/\n$/, '');
}

// The confirmation a change asks for: its question, then its button.
export async function confirm(page: Page, question: RegExp | string, button: string): Promise<void> {
  const dialog = page.locator('dialog[open]');
  await dialog.waitFor();
  await dialog.getByText(question).waitFor();
  await dialog.getByRole('button', { name: button, exact: true }).click();
  await dialog.waitFor({ state: 'detached' }).catch(() => undefined);
}

// A locator's text with its white space as one space.
export async function textOf(locator: Locator): Promise<string> {
  return (await locator.innerText()).replace(/\s+/g, ' ');
}

// The card whose heading is `heading`.
export function card(page: Page, heading: string): Locator {
  return page.locator('.card', { has: page.getByRole('heading', { name: heading, exact: true }) });
}
