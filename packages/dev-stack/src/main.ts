/**
 * `pnpm dev`: every service on the default topology in this one process (`node --import tsx`, no
 * tsx parent relaying signals), the demo clients and accounts seeded, then the URLs to open and
 * the accounts to use. Ctrl+C stops everything with status 0.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { devBanner } from './banner.js';
import type { DevStack } from './start-dev-stack.js';
import { DEFAULT_PORTS } from './topology.js';

const env = process.env;
const dataDir = env.DEMO_DATA_DIR ?? fileURLToPath(new URL('../../../data', import.meta.url));
mkdirSync(dataDir, { recursive: true });

// Before the servers' modules load (a few seconds under tsx), so Ctrl+C during start-up also ends
// cleanly (exit 0, no "Command failed"): hence the dynamic import below.
const shutdown = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => shutdown.abort());
const { startDevStack } = await import('./start-dev-stack.js');

let stack: DevStack;
try {
  stack = await startDevStack({
    ports: { ...DEFAULT_PORTS, smtp: Number(env.DEV_SMTP_PORT ?? DEFAULT_PORTS.smtp) },
    dataDir,
    nodeEnv: 'development',
    logLevel: env.LOG_LEVEL ?? 'warn',
    // Mail goes to the local catcher (inbox at mail.localhost:4004) unless SMTP_URL names a real server.
    smtpUrl: env.SMTP_URL,
    clientSecrets: { appA: env.DEMO_APP_A_SECRET ?? 'dev-secret-app-a', appB: env.DEMO_APP_B_SECRET ?? 'dev-secret-app-b' },
    // The embedded default is SQLite; `DATABASE_URL=postgres://… REDIS_URL=redis://… pnpm dev` runs on those.
    authEnv: { DATABASE_URL: env.DATABASE_URL, REDIS_URL: env.REDIS_URL, MAIL_FROM: env.MAIL_FROM, REQUIRE_VERIFIED_EMAIL: env.REQUIRE_VERIFIED_EMAIL },
    signal: shutdown.signal,
  });
} catch (err) {
  if (shutdown.signal.aborted) process.exit(0);
  console.error('could not start the demo:', err instanceof Error ? err.message : err);
  process.exit(1);
}

// An abort signal fires once, though Ctrl+C reaches this process twice (from the terminal, and relayed by the parent).
shutdown.signal.addEventListener('abort', () => void stack.stop().then(() => process.exit(0)));

process.stdout.write(
  devBanner({
    urls: stack.urls,
    databaseUrl: env.DATABASE_URL,
    sqlitePath: stack.authDb,
    redisUrl: env.REDIS_URL,
    notesDb: stack.notesDb,
    realSmtp: Boolean(env.SMTP_URL),
  }),
);
