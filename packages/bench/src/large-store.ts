import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { openDatabase, openStore, type Store } from '@sso/auth-server/store';
import { basic, form } from './bench-client.js';
import { BENCH, registerClients } from './fixtures.js';
import type { PurgeReport } from './large-store-server.js';
import { forkScript, stopChild } from './server-process.js';

/**
 * `pnpm --filter @sso/bench run large-store`: housekeeping against a large store, on SQLite and (with
 * BENCH_DATABASE_URL=postgres://…/db, an empty database it may fill) PostgreSQL. Seeds with bulk
 * INSERT … SELECT, then measures a purge pass while requests run, a pass with nothing to delete, and
 * the file size after the same volume is written again. BENCH_LARGE_SCALE (default 1) shrinks it.
 */
const scale = Number(process.env.BENCH_LARGE_SCALE ?? 1);
const n = (count: number) => Math.max(10, Math.round(count * scale));
const DAY = 24 * 3600_000;
const now = Date.now();

type Db = Kysely<unknown>;

/** Named columns, so later migrations adding columns (with defaults) do not break the seed. */
const COLUMNS: Record<string, string> = {
  accounts: 'id, username, email, name, password_hash, roles, failed_logins, locked_until, created_at, updated_at',
  clients: 'client_id, name, secret_hash, redirect_uris, post_logout_redirect_uris, backchannel_logout_uri, grant_types, scopes, first_party, created_at, updated_at',
  sessions: 'id_hash, sid, account_id, auth_time, created_at, last_seen_at, expires_at, user_agent, ip, ended_at',
  session_clients: 'sid, client_id, first_at',
  grants: 'id, client_id, account_id, sid, scope, auth_time, created_at, expires_at, revoked_at, revoked_reason',
  refresh_tokens: 'token_hash, grant_id, client_id, account_id, scope, created_at, expires_at, rotated_at, revoked_at',
  interactions: 'id, client_id, params, created_at, expires_at',
  audit_events: 'id, type, account_id, client_id, ip, detail, created_at',
};

/** INSERT INTO table SELECT …, one row per i in 1..count, from a recursive sequence both engines understand. */
async function fill(db: Db, table: string, count: number, select: string): Promise<void> {
  const columns = COLUMNS[table.split(' ')[0]!];
  const chunk = 50_000;
  for (let from = 1; from <= count; from += chunk) {
    const to = Math.min(count, from + chunk - 1);
    await sql
      .raw(`WITH RECURSIVE seq(i) AS (SELECT ${from} UNION ALL SELECT i + 1 FROM seq WHERE i < ${to}) INSERT INTO ${table} (${columns}) ${select} FROM seq`)
      .execute(db);
  }
}

async function seed(db: Db) {
  const sizes: Record<'accounts' | 'clients' | 'sessions' | 'grants' | 'interactions' | 'audit', number> = { accounts: n(100_000), clients: n(10_000), sessions: n(200_000), grants: n(100_000), interactions: n(50_000), audit: n(500_000) };
  const live = now + 30 * DAY;
  const dead = now - DAY;
  await fill(db, 'accounts', sizes.accounts, `SELECT 'acc-' || i, 'user-' || i, NULL, NULL, 'argon2-hash-placeholder', '[]', 0, NULL, ${now}, ${now}`);
  await fill(
    db,
    'clients',
    sizes.clients,
    `SELECT 'client-' || i, 'Client ' || i, 'sha256:x', '["https://rp.example/cb"]', '[]', NULL, '["authorization_code","refresh_token"]', '["openid"]', 0, ${now}, ${now}`,
  );
  // Half the sessions, grants and refresh tokens expired.
  await fill(
    db,
    'sessions',
    sizes.sessions,
    `SELECT 'hash-' || i, 'sid-' || i, 'acc-' || (1 + i % ${sizes.accounts}), ${now}, ${now}, ${now}, CASE WHEN i % 2 = 0 THEN ${dead} ELSE ${live} END, 'bench', '127.0.0.1', NULL`,
  );
  await fill(db, 'session_clients', sizes.sessions, `SELECT 'sid-' || i, 'client-' || (1 + i % ${sizes.clients}), ${now}`);
  await fill(
    db,
    'grants',
    sizes.grants,
    `SELECT 'grant-' || i, 'client-' || (1 + i % ${sizes.clients}), 'acc-' || (1 + i % ${sizes.accounts}), NULL, 'openid offline_access', ${now}, ${now}, CASE WHEN i % 2 = 0 THEN ${dead} ELSE ${live} END, NULL, NULL`,
  );
  await fill(
    db,
    'refresh_tokens',
    sizes.grants,
    `SELECT 'rt-' || i, 'grant-' || i, 'client-' || (1 + i % ${sizes.clients}), 'acc-' || (1 + i % ${sizes.accounts}), 'openid offline_access', ${now}, CASE WHEN i % 2 = 0 THEN ${dead} ELSE ${live} END, NULL, NULL`,
  );
  await fill(db, 'interactions', sizes.interactions, `SELECT 'ia-' || i, 'client-1', '{"scope":"openid"}', ${dead}, ${dead}`);
  // 400 days of audit events: those older than the 180-day retention go.
  await fill(
    db,
    'audit_events',
    sizes.audit,
    `SELECT 'audit-' || i, 'login', 'acc-' || (1 + i % ${sizes.accounts}), NULL, '127.0.0.1', '{"ua":"bench"}', ${now} - (i % 400) * CAST(${DAY} AS BIGINT)`,
  );
  return sizes;
}

/** Keeps `lanes` clients busy with client_credentials (client lookup + signing) and /readyz (a store query); returns the slowest answer and the 99th percentile. */
function loadWhile(url: string, lanes: number) {
  let running = true;
  let latencies: number[] = [];
  const figures = () => {
    const sorted = [...latencies].sort((a, b) => a - b);
    const at = (i: number) => Math.round((sorted[i] ?? 0) * 10) / 10;
    return { slowestMs: at(sorted.length - 1), p99Ms: at(Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))), requests: sorted.length };
  };
  const requests = [
    () => fetch(`${url}/readyz`),
    () =>
      fetch(`${url}/token`, {
        method: 'POST',
        headers: { authorization: basic(BENCH.service.clientId, BENCH.service.secret), 'content-type': 'application/x-www-form-urlencoded' },
        body: form({ grant_type: 'client_credentials', scope: 'notes:read' }),
      }),
  ];
  const lane = async (i: number) => {
    while (running) {
      const started = performance.now();
      const res = await requests[(latencies.length + i) % requests.length]!();
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${res.url} answered ${res.status}`);
      latencies.push(performance.now() - started);
    }
  };
  const done = Promise.all(Array.from({ length: lanes }, (_, i) => lane(i)));
  return {
    reset: () => void (latencies = []),
    peek: () => Promise.resolve(figures()),
    async stop() {
      running = false;
      await done;
      return figures();
    },
  };
}

async function sizeOf(store: Store, db: Db, sqlitePath?: string): Promise<number> {
  if (store.engine === 'postgres') {
    const r = await sql<{ size: string }>`SELECT pg_database_size(current_database()) AS size`.execute(db);
    return Number(r.rows[0]!.size);
  }
  const files = await Promise.all([sqlitePath!, `${sqlitePath}-wal`].map((p) => stat(p).then((s) => s.size, () => 0)));
  return files[0]! + files[1]!;
}

const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;

/** The server under test in its own process (large-store-server.ts), with this process' loader flags. */
async function startServerChild(env: Record<string, string>): Promise<{ url: string; purge(): Promise<PurgeReport>; stop(): Promise<void> }> {
  const script = forkScript(new URL('./large-store-server.ts', import.meta.url), { DATABASE_URL: '', REDIS_URL: '', ...env });
  const { port } = await script.next<{ port: number }>();
  return {
    url: `http://127.0.0.1:${port}`,
    purge() {
      const reply = script.next<PurgeReport>();
      script.child.send('purge');
      return reply;
    },
    stop: () => stopChild(script.child),
  };
}

const round1 = (value: number) => Math.round(value * 10) / 10;

async function scenario(label: string, env: Record<string, string>, sqlitePath?: string) {
  // A connection of this process for seeding and sizes; the server's own store is the one purging.
  const store = await openStore({ databaseUrl: env.DATABASE_URL, sqlitePath: env.SQLITE_PATH });
  const seeder = (await openDatabase({ databaseUrl: env.DATABASE_URL, sqlitePath: env.SQLITE_PATH, poolSize: 2 })) as unknown as Db;
  const t = performance.now();
  const sizes = await seed(seeder);
  // A live database has planner statistics; a freshly bulk-loaded one has none until ANALYZE.
  await sql`ANALYZE`.execute(seeder);
  await registerClients(store, now);
  const seedSeconds = Math.round((performance.now() - t) / 100) / 10;
  const server = await startServerChild(env);
  try {
    const sizeSeeded = await sizeOf(store, seeder, sqlitePath);
    const load = loadWhile(server.url, 4);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // warm: keys, caches, JIT
    load.reset();
    // The same load without a purge, for 3 s: what the machine alone does to the slowest request.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const quiet = { ...(await load.peek()) };
    load.reset();
    const purge = await server.purge();
    const during = await load.stop();
    // Nothing left to delete: the best of three passes, wall clock and the server process' CPU time.
    const empties = [await server.purge(), await server.purge(), await server.purge()];
    const sizePurged = await sizeOf(store, seeder, sqlitePath);
    // A day's worth of the same churn again, then its purge: the file should not grow.
    await sql.raw(`DELETE FROM audit_events WHERE id LIKE 'audit-%' AND created_at < ${now - 180 * DAY}`).execute(seeder);
    await fill(seeder, 'interactions', sizes.interactions, `SELECT 'ia2-' || i, 'client-1', '{"scope":"openid"}', ${now - DAY}, ${now - DAY}`);
    await fill(seeder, 'audit_events', Math.round(sizes.audit / 4), `SELECT 'audit2-' || i, 'login', NULL, NULL, '127.0.0.1', '{"ua":"bench"}', ${now - 200 * DAY}`);
    await server.purge();
    const sizeAgain = await sizeOf(store, seeder, sqlitePath);
    const { result } = purge;
    return {
      store: label,
      rows: sizes,
      seedSeconds,
      purge: { ms: Math.round(purge.ms), deleted: result.total, byTable: result.deleted, slowestBatchMs: result.slowestBatchMs, checkpointMs: result.checkpointMs },
      withoutPurge: { seconds: 3, requests: quiet.requests, slowestRequestMs: quiet.slowestMs, p99RequestMs: quiet.p99Ms },
      duringPurge: { requests: during.requests, slowestRequestMs: during.slowestMs, p99RequestMs: during.p99Ms, maxEventLoopDelayMs: round1(purge.maxEventLoopDelayMs) },
      emptyPassMs: round1(Math.min(...empties.map((e) => e.ms))),
      emptyPassCpuMs: round1(Math.min(...empties.map((e) => e.cpuMs))),
      emptyPassDeleted: Math.max(...empties.map((e) => e.result.total)),
      sizeMb: { seeded: mb(sizeSeeded), afterPurge: mb(sizePurged), afterSameChurnAgain: mb(sizeAgain) },
    };
  } finally {
    await server.stop();
    await seeder.destroy();
    await store.close();
  }
}

const results = [];
const dir = await mkdtemp(join(os.tmpdir(), 'sso-large-'));
try {
  const sqlitePath = join(dir, 'auth.db');
  console.log('[large-store] SQLite: seeding…');
  results.push(await scenario('SQLite', { SQLITE_PATH: sqlitePath }, sqlitePath));
  if (process.env.BENCH_DATABASE_URL) {
    console.log('[large-store] PostgreSQL: seeding…');
    results.push(await scenario('PostgreSQL', { DATABASE_URL: process.env.BENCH_DATABASE_URL }));
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
console.log(JSON.stringify(results, null, 2));
