import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { CLI_ACTOR } from '@sso/auth-server/admin/actor';
import type { ServiceContext } from '@sso/auth-server/admin/service-context';
import { searchUsers, userCursor, type UserSearchInput } from '@sso/auth-server/admin/users';
import { loadConfig } from '@sso/auth-server/config';
import { createKeyStore } from '@sso/auth-server/keys';
import { createLogger } from '@sso/auth-server/logger';
import { openDatabase, openStore } from '@sso/auth-server/store';

/**
 * `pnpm --filter @sso/bench run bench:admin`: the admin user list at 100,000 accounts on SQLite and
 * (with BENCH_DATABASE_URL=postgres://…/db, an empty database it may fill) PostgreSQL. Each search
 * runs through the service layer (admin/services/users.ts, the code under GET /admin/api/users and
 * the console's list) many times with varying input; p50/p95/max in ms. Goal (issue 13): < 50 ms.
 * BENCH_ADMIN_USERS changes the count; the query plans are printed so an index miss shows.
 */
const COUNT = Number(process.env.BENCH_ADMIN_USERS ?? 100_000);
const RUNS = Number(process.env.BENCH_ADMIN_RUNS ?? 200);
const now = Date.now();
type Db = Kysely<unknown>;

/** One INSERT … SELECT from a recursive sequence: 1 in 1000 an admin, 1 in 10 staff, 1 in 500 disabled, 1 in 1000 locked. */
async function seed(db: Db, engine: 'sqlite' | 'postgres'): Promise<void> {
  const padded = engine === 'postgres' ? `lpad(i::text, 6, '0')` : `substr('000000' || i, -6, 6)`;
  const chunk = 50_000;
  for (let from = 1; from <= COUNT; from += chunk) {
    const to = Math.min(COUNT, from + chunk - 1);
    await sql
      .raw(
        `WITH RECURSIVE seq(i) AS (SELECT ${from} UNION ALL SELECT i + 1 FROM seq WHERE i < ${to})
         INSERT INTO accounts (id, username, email, name, password_hash, roles, failed_logins, locked_until, created_at, updated_at, disabled_at)
         SELECT 'acc-' || i, 'user-' || ${padded}, 'u' || i || '@example' || (i % 50) || '.com', 'User ' || i, 'argon2-hash-placeholder',
           CASE WHEN i % 1000 = 0 THEN '["admin"]' WHEN i % 10 = 0 THEN '["staff"]' ELSE '[]' END,
           CASE WHEN i % 1000 = 7 THEN 5 ELSE 0 END, CASE WHEN i % 1000 = 7 THEN ${now + 3_600_000} ELSE NULL END,
           ${now}, ${now}, CASE WHEN i % 500 = 3 THEN ${now} ELSE NULL END
         FROM seq`,
      )
      .execute(db);
  }
  // The role filter's copy (migration 010), as the accounts repository writes it.
  for (const role of ['admin', 'staff']) {
    await sql.raw(`INSERT INTO account_roles (role, username, account_id) SELECT '${role}', username, id FROM accounts WHERE roles = '["${role}"]'`).execute(db);
  }
}

const pick = () => 1 + Math.floor(Math.random() * COUNT);
const pad = (i: number) => String(i).padStart(6, '0');

async function time(svc: ServiceContext, input: () => UserSearchInput): Promise<{ p50: number; p95: number; max: number; rows: number }> {
  const caller = { actor: CLI_ACTOR };
  for (let i = 0; i < 10; i++) await searchUsers(svc, caller, input()); // warm
  const ms: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    rows += (await searchUsers(svc, caller, input())).users.length;
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => Math.round(ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]! * 100) / 100;
  return { p50: at(0.5), p95: at(0.95), max: at(1), rows: Math.round(rows / RUNS) };
}

async function scenario(label: string, env: Record<string, string>) {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
  const store = await openStore({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath });
  const seeder = (await openDatabase({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath, poolSize: 2 })) as unknown as Db;
  try {
    const t = performance.now();
    await seed(seeder, store.engine);
    await sql`ANALYZE`.execute(seeder);
    const seedSeconds = Math.round((performance.now() - t) / 100) / 10;
    const clock = () => now;
    const svc: ServiceContext = { store, clock, config, logger: createLogger('silent'), keys: createKeyStore({ store, clock, config }), fetch };
    const results = {
      firstPage: await time(svc, () => ({})),
      deepPage: await time(svc, () => ({ cursor: userCursor('username', `user-${pad(90_000 + Math.floor(Math.random() * 9_000))}`) })),
      usernamePrefix: await time(svc, () => ({ q: `user-${pad(pick()).slice(0, 4)}` })),
      emailPrefix: await time(svc, () => ({ q: `u${pick()}@` })),
      roleAdmin: await time(svc, () => ({ role: 'admin' })),
      roleStaff: await time(svc, () => ({ role: 'staff' })),
      roleAbsent: await time(svc, () => ({ role: 'nobody' })),
      roleAdminDeep: await time(svc, () => ({ role: 'admin', cursor: userCursor('username', `user-${pad(50_000 + Math.floor(Math.random() * 40_000))}`) })),
      statusDisabled: await time(svc, () => ({ status: 'disabled' })),
      statusLocked: await time(svc, () => ({ status: 'locked' })),
    };
    return { store: label, accounts: COUNT, seedSeconds, runsEach: RUNS, ms: results, plans: await plans(seeder, store.engine) };
  } finally {
    await seeder.destroy();
    await store.close();
  }
}

/** The plans of the searches, as the engine chose them on the seeded data. */
async function plans(db: Db, engine: 'sqlite' | 'postgres'): Promise<Record<string, string>> {
  const c = engine === 'postgres' ? ' collate "C"' : '';
  const queries: Record<string, string> = {
    page: `SELECT * FROM accounts WHERE username${c} > 'user-090000' ORDER BY username${c} LIMIT 51`,
    usernamePrefix: `SELECT * FROM accounts WHERE username${c} >= 'user-0123' AND username${c} < 'user-0124' ORDER BY username${c} LIMIT 51`,
    emailPrefix: `SELECT * FROM accounts WHERE email${c} >= 'u123@' AND email${c} < 'u123A' ORDER BY email${c} LIMIT 51`,
    disabled: `SELECT * FROM accounts WHERE disabled_at IS NOT NULL ORDER BY username${c} LIMIT 51`,
    role: `SELECT a.* FROM account_roles r JOIN accounts a ON a.id = r.account_id WHERE r.role = 'admin' AND r.username${c} > 'user-050000' ORDER BY r.username${c} LIMIT 51`,
    emailAndRole: `SELECT * FROM accounts a WHERE email${c} >= 'u1' AND email${c} < 'u2' AND EXISTS (SELECT 1 FROM account_roles r WHERE r.account_id = a.id AND r.role = 'admin') ORDER BY email${c} LIMIT 51`,
  };
  const out: Record<string, string> = {};
  for (const [name, q] of Object.entries(queries)) {
    const r = await sql.raw<Record<string, unknown>>(`${engine === 'postgres' ? 'EXPLAIN' : 'EXPLAIN QUERY PLAN'} ${q}`).execute(db);
    out[name] = r.rows.map((row) => String(row['QUERY PLAN'] ?? row.detail)).join(' | ');
  }
  return out;
}

const results = [];
const dir = await mkdtemp(join(os.tmpdir(), 'sso-admin-lists-'));
try {
  console.log(`[admin-lists] SQLite: seeding ${COUNT} accounts…`);
  results.push(await scenario('SQLite', { SQLITE_PATH: join(dir, 'auth.db') }));
  if (process.env.BENCH_DATABASE_URL) {
    console.log(`[admin-lists] PostgreSQL: seeding ${COUNT} accounts…`);
    results.push(await scenario('PostgreSQL', { DATABASE_URL: process.env.BENCH_DATABASE_URL }));
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
console.log(JSON.stringify(results, null, 2));
