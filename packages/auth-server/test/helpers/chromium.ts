import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { skipNotice } from './skip-notice.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Without Chromium a browser test skips with a notice; CI (REQUIRE_SERVICES=1) insists on it. */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const hint = `Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`;
  if (process.env.REQUIRE_SERVICES === '1') throw new Error(hint);
  skipNotice(`browser tests skipped; ${hint}`);
  return false;
}

/** Headless Chromium; it resolves `*.localhost` to loopback by itself (RFC 6761 §6.3). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--no-proxy-server'],
  });
}
