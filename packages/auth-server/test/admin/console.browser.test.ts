import type { Browser as Chromium, BrowserContext, Page } from 'playwright-core';
import { createAccount } from '../../src/accounts/create-account.js';
import { chromiumAvailable, launchChromium } from '../helpers/chromium.js';
import { ADMIN, startConsoleFixture, type ConsoleFixture } from './console-fixture.js';

/** The console in a real browser: sign-in through the login page, the dashboard, the resource pages, the audit log; no CSP violation. */
const e2e = chromiumAvailable() ? test : test.skip;
const BOB = { username: 'bob', password: 'user-password-for-tests-22' };
let f: ConsoleFixture;
let chrome: Chromium;
const contexts: BrowserContext[] = [];
const cspViolations: string[] = [];

/** A fresh browser profile (its own cookies) whose console messages are checked for CSP violations. */
async function newPage(): Promise<Page> {
  const context = await chrome.newContext();
  contexts.push(context);
  const page = await context.newPage();
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  return page;
}

async function fillLogin(page: Page, user: { username: string; password: string }): Promise<void> {
  await page.fill('input[name="username"]', user.username);
  await page.fill('input[name="password"]', user.password);
  await page.locator('form:has(input[name="password"]) button[type="submit"]').first().click();
}

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name }).click();

/** Filters the audit log by type through its form; the newest matching row as the page shows it. */
async function newestAuditRow(page: Page, type: string): Promise<{ type: string; user: string; client: string; by: string }> {
  await nav(page, 'Audit log');
  await page.waitForURL(`${f.issuer}/admin/audit`);
  await page.selectOption('select[name="type"]', type);
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.waitForURL(new RegExp(`/admin/audit\\?type=${type}&`));
  const cells = await page.locator('tbody tr').first().locator('td').allTextContents();
  return { type: cells[1] ?? '', user: cells[2] ?? '', client: cells[3] ?? '', by: cells[4] ?? '' };
}

beforeAll(async () => {
  if (!chromiumAvailable()) return;
  f = await startConsoleFixture();
  await createAccount(f.ctx.store, f.ctx.clock(), { ...BOB, email: 'bob@example.com' });
  chrome = await launchChromium();
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await chrome?.close();
  await f?.close();
});
afterEach(() => expect(cspViolations).toEqual([]));

e2e('an admin signs in, reads the dashboard, rotates a key, finds it in the audit log, and signs out', async () => {
  const page = await newPage();
  await page.goto(`${f.issuer}/admin`);
  await fillLogin(page, ADMIN);
  await page.waitForURL(`${f.issuer}/admin`);
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  expect(await page.locator('svg.chart').count()).toBe(4);
  expect(await page.getByRole('img', { name: 'Sign-ins per hour, last 24 hours', exact: true }).count()).toBe(1);
  // The stylesheet applied: the chart bars are coloured by class, not by inline style.
  // Runs in the page: the DOM's getComputedStyle (this package compiles without the DOM lib).
  type Styles = { getComputedStyle(el: unknown): { fill: string } };
  const fill = await page.locator('rect.bar-sign_ins').first().evaluate((el) => (globalThis as unknown as Styles).getComputedStyle(el).fill);
  expect(fill).not.toBe('rgb(0, 0, 0)');

  await nav(page, 'Keys');
  await page.getByRole('link', { name: 'Rotate…' }).click();
  await page.getByRole('heading', { name: 'Rotate the signing key' }).waitFor();
  await page.getByRole('button', { name: 'Rotate', exact: true }).click();
  await page.getByText(/New key .* published;/).waitFor();

  await nav(page, 'Audit log');
  await page.waitForURL(`${f.issuer}/admin/audit`);
  expect(await page.locator('tbody tr').first().locator('td').nth(1).textContent()).toBe('key_rotated');
  expect(await page.locator('tbody tr').first().locator('td.by').textContent()).toBe(`${ADMIN.username} (console)`);
  const login = await newestAuditRow(page, 'login');
  expect(login.user).toBe(ADMIN.username);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Signed out of the console' }).waitFor();
}, 60_000);

e2e("an admin creates a client, rotates a key, ends a user's session, and the audit log shows each action", async () => {
  // The user signs in first (the account page, through the login page): a live session on the auth server.
  const user = await newPage();
  await user.goto(`${f.issuer}/account`);
  await user.waitForURL(`${f.issuer}/login`);
  await fillLogin(user, BOB);
  await user.waitForURL(`${f.issuer}/account`);
  await user.getByRole('heading', { name: 'Your account' }).waitFor();

  const page = await newPage();
  await page.goto(`${f.issuer}/admin`);
  await fillLogin(page, ADMIN);
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();

  // A client, through the form; its secret is shown once.
  await nav(page, 'Clients');
  await page.getByRole('link', { name: 'New client' }).click();
  await page.fill('input[name="client_id"]', 'e2e-shop');
  await page.fill('input[name="name"]', 'E2E shop');
  await page.fill('textarea[name="redirect_uris"]', 'https://shop.example/cb');
  await page.getByRole('button', { name: 'Create client' }).click();
  await page.getByRole('heading', { name: 'Client e2e-shop created' }).waitFor();
  const secret = (await page.locator('#client-secret').textContent()) ?? '';
  expect(secret).toMatch(/^\S{32,}$/);
  await page.getByRole('link', { name: 'Done' }).click();
  await page.waitForURL(`${f.issuer}/admin/clients/e2e-shop`);
  await page.getByRole('heading', { name: 'E2E shop' }).waitFor();
  expect(await page.content()).not.toContain(secret);

  await nav(page, 'Keys');
  await page.getByRole('link', { name: 'Rotate…' }).click();
  await page.getByRole('button', { name: 'Rotate', exact: true }).click();
  await page.getByText(/New key .* published;/).waitFor();

  // The user's page: their one session, ended after the confirmation step.
  await nav(page, 'Users');
  await page.getByRole('link', { name: BOB.username, exact: true }).click();
  await page.getByRole('heading', { name: BOB.username, exact: true }).waitFor();
  const sessions = page.locator('h2:has-text("Sessions") + table tbody tr');
  expect(await sessions.count()).toBe(1);
  await sessions.getByRole('button', { name: 'End…' }).click();
  await page.getByRole('heading', { name: 'End this session?' }).waitFor();
  await page.getByRole('button', { name: 'End session', exact: true }).click();
  await page.getByText('The session was ended; its apps were told.').waitFor();
  await page.getByText('No active sessions.').waitFor();

  const created = await newestAuditRow(page, 'client_created');
  expect(created).toMatchObject({ client: 'e2e-shop', by: `${ADMIN.username} (console)` });
  const rotated = await newestAuditRow(page, 'key_rotated');
  expect(rotated.by).toBe(`${ADMIN.username} (console)`);
  const ended = await newestAuditRow(page, 'session_ended');
  expect(ended).toMatchObject({ user: BOB.username, by: `${ADMIN.username} (console)` });

  // The session is really gone: the user's next visit to their account asks them to sign in again.
  await user.reload();
  await user.waitForURL(`${f.issuer}/login`);
  await user.locator('input[name="password"]').waitFor();
}, 90_000);
