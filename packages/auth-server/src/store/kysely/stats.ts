import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Store } from '../types.js';

const HOUR_MS = 3600_000;

/** What the admin dashboard reads (issue 13): each figure one indexed query. */
export function statsRepository(db: Kysely<Database>): Store['stats'] {
  return {
    // One grouped range scan of the (type, created_at) index (migration 004); integer division
    // buckets by hour alike on SQLite (integer column) and PostgreSQL (bigint).
    async auditHourly(type, from, to) {
      // A literal, not a bound parameter: a bound JS number may reach SQLite as a REAL and divide exactly.
      const bucket = sql<number>`created_at / ${sql.lit(HOUR_MS)}`;
      const rows = await db
        .selectFrom('audit_events')
        .select([bucket.as('bucket'), (eb) => eb.fn.countAll<number>().as('n')])
        .where('type', '=', type)
        .where('created_at', '>=', from)
        .where('created_at', '<', to)
        .groupBy(bucket)
        .execute();
      return rows.map((r) => ({ hourStart: Number(r.bucket) * HOUR_MS, count: Number(r.n) }));
    },
    async activityHourly(kind, from, to) {
      const rows = await db
        .selectFrom('activity_counts')
        .select(['hour_start', 'count'])
        .where('kind', '=', kind)
        .where('hour_start', '>=', from)
        .where('hour_start', '<', to)
        .execute();
      return rows.map((r) => ({ hourStart: Number(r.hour_start), count: Number(r.count) }));
    },
    // Additive: every instance adds its own counts; a row is created by whichever comes first.
    async addActivity(rows) {
      if (rows.length === 0) return;
      await db
        .insertInto('activity_counts')
        .values(rows.map((r) => ({ hour_start: r.hourStart, kind: r.kind, count: r.count })))
        .onConflict((oc) => oc.columns(['kind', 'hour_start']).doUpdateSet({ count: sql`activity_counts.count + excluded.count` }))
        .execute();
    },
    async activeSessions(now) {
      const r = await db
        .selectFrom('sessions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('expires_at', '>', now)
        .where('ended_at', 'is', null)
        .executeTakeFirst();
      return Number(r?.n ?? 0);
    },
    async outboxByStatus() {
      const rows = await db.selectFrom('outbox').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    },
  };
}

