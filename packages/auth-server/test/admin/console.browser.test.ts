import type { Browser as Chromium, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium } from '../helpers/chromium.js';
import { ADMIN, startConsoleFixture, type ConsoleFixture } from './console-fixture.js';

/** The console in a real browser: sign-in through the login page, the dashboard, the audit log; no CSP violation. */
const e2e = chromiumAvailable() ? test : test.skip;
let f: ConsoleFixture;
let chrome: Chromium;
let page: Page;
const cspViolations: string[] = [];

beforeAll(async () => {
  if (!chromiumAvailable()) return;
  f = await startConsoleFixture();
  chrome = await launchChromium();
  page = await (await chrome.newContext()).newPage();
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
});
afterAll(async () => {
  await chrome?.close();
  await f?.close();
});

e2e('an admin signs in, reads the dashboard, rotates a key, finds it in the audit log, and signs out', async () => {
  await page.goto(`${f.issuer}/admin`);
  await page.fill('input[name="username"]', ADMIN.username);
  await page.fill('input[name="password"]', ADMIN.password);
  await page.locator('form:has(input[name="password"]) button[type="submit"]').first().click();
  await page.waitForURL(`${f.issuer}/admin`);
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  expect(await page.locator('svg.chart').count()).toBe(4);
  expect(await page.getByRole('img', { name: 'Sign-ins per hour, last 24 hours', exact: true }).count()).toBe(1);
  // The stylesheet applied: the chart bars are coloured by class, not by inline style.
  // Runs in the page: the DOM's getComputedStyle (this package compiles without the DOM lib).
  type Styles = { getComputedStyle(el: unknown): { fill: string } };
  const fill = await page.locator('rect.bar-sign_ins').first().evaluate((el) => (globalThis as unknown as Styles).getComputedStyle(el).fill);
  expect(fill).not.toBe('rgb(0, 0, 0)');

  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Keys' }).click();
  await page.getByRole('link', { name: 'Rotate…' }).click();
  await page.getByRole('heading', { name: 'Rotate the signing key' }).waitFor();
  await page.getByRole('button', { name: 'Rotate', exact: true }).click();
  await page.getByText(/New key .* added\./).waitFor();

  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Audit log' }).click();
  await page.waitForURL(`${f.issuer}/admin/audit`);
  expect(await page.locator('tbody tr').first().locator('td').nth(1).textContent()).toBe('key_rotated');
  expect(await page.locator('tbody tr').first().locator('td.by').textContent()).toBe(`${ADMIN.username} (console)`);
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Audit log' }).click();
  await page.waitForURL(`${f.issuer}/admin/audit`);
  await page.selectOption('select[name="type"]', 'login');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.waitForURL(/\/admin\/audit\?type=login/);
  expect(await page.locator('tbody tr').count()).toBeGreaterThan(0);
  expect(await page.locator('tbody tr td:nth-child(3)').first().textContent()).toBe(ADMIN.username);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Signed out of the console' }).waitFor();
  expect(cspViolations).toEqual([]);
});
