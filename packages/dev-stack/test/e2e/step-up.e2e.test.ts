import { existsSync } from 'node:fs';
import { Secret, TOTP } from 'otpauth';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { startStack } from './stack.js';
import type { Stack } from './stack.js';

/**
 * Step-up in Chromium against the real servers: signed in to App A with a password, the user sets up
 * an authenticator app at the auth server; App A's sensitive page then asks for a second factor
 * with acr_values, and the auth server asks for the code only, never the password.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const e2e = existsSync(CHROMIUM) ? test : test.skip;
const TIMEOUT = 180_000;

let stack: Stack;
let browser: Browser;
let page: Page;

/** RFC 6238 code at `at` (the servers run on the real clock here). */
const code = (secret: string, at: number) => TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30, timestamp: at });

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  stack = await startStack();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  page = await (await browser.newContext()).newPage();
}, TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, TIMEOUT);

e2e('the sensitive page asks for a second factor, and gets it without a password', async () => {
  await page.goto(`${stack.urls.appA}/notes`);
  await page.waitForURL((u) => u.href.startsWith(stack.urls.auth));
  await page.click('#signup-link');
  const username = `stepup-${Date.now().toString(36)}`;
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="email"]').fill(`${username}@example.com`);
  await page.locator('input[name="password"]').fill('Tangerine-Harbor-Quilt-2026');
  await page.locator('input[name="confirm_password"]').fill('Tangerine-Harbor-Quilt-2026');
  await page.click('button[type="submit"]');
  await page.waitForURL(`${stack.urls.appA}/notes`);

  await page.goto(`${stack.urls.appA}/sensitive`);
  await page.locator('#step-up').waitFor();

  await page.goto(`${stack.urls.auth}/account/security`);
  await page.click('#totp-start');
  const secret = (await page.textContent('#totp-secret'))!.trim();
  await page.fill('#code', code(secret, Date.now()));
  await page.click('form[action="/account/security/totp/confirm"] button[type=submit]');
  await page.locator('#recovery-codes').waitFor();

  await page.goto(`${stack.urls.appA}/sensitive`);
  await page.click('#step-up-link');
  await page.waitForURL((u) => u.href.startsWith(`${stack.urls.auth}/login/verify`));
  expect(await page.locator('input[name="password"]').count()).toBe(0);
  // The next step's code: the set-up used this one, and the server accepts one step of drift.
  await page.fill('#code', code(secret, Date.now() + 30_000));
  await page.click('form[action="/login/verify/totp"] button[type=submit]');
  await page.waitForURL(`${stack.urls.appA}/sensitive`);
  await page.locator('#sensitive-content').waitFor();

  await page.goto(`${stack.urls.appA}/how-it-works`);
  expect(await page.textContent('#acr')).toBe('urn:sso:acr:mfa');
  expect(await page.textContent('#amr')).toMatch(/pwd.*otp.*mfa/);
}, TIMEOUT);
