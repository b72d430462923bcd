import type { Kysely, Selectable } from 'kysely';
import type { Database, OutboxTable } from '../schema.js';
import type { Store } from '../types.js';
import type { OutboxItem, OutboxStatus } from '../../outbox/outbox-item.js';
import { changed } from './query-helpers.js';
import { json, num, parse } from './rows.js';

const toItem = (r: Selectable<OutboxTable>): OutboxItem => ({
  id: r.id,
  kind: r.kind,
  payload: parse<Record<string, unknown>>(r.payload),
  status: r.status as OutboxStatus,
  attempts: Number(r.attempts),
  nextAttemptAt: Number(r.next_attempt_at),
  leaseOwner: r.lease_owner,
  leaseUntil: num(r.lease_until),
  lastError: r.last_error,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

/**
 * The outbox. Claiming is a compare-and-set on (status, lease): the same conditional UPDATE on
 * SQLite (one writer at a time) and PostgreSQL (row lock, the loser re-checks the WHERE after the
 * winner commits and matches nothing), so no engine-specific locking is needed.
 */
export function outboxRepository(db: Kysely<Database>): Store['outbox'] {
  return {
    async add(item, now) {
      await db
        .insertInto('outbox')
        .values({
          id: item.id,
          kind: item.kind,
          payload: json(item.payload),
          status: 'pending',
          attempts: 0,
          next_attempt_at: now,
          lease_owner: null,
          lease_until: null,
          last_error: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
    },
    async listDue(now, limit) {
      const rows = await db
        .selectFrom('outbox')
        .select('id')
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
            eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', now)]),
          ]),
        )
        .orderBy('next_attempt_at')
        .limit(limit)
        .execute();
      return rows.map((r) => r.id);
    },
    async claim(id, owner, now, leaseUntil) {
      const r = await db
        .updateTable('outbox')
        .set((eb) => ({ status: 'sending', lease_owner: owner, lease_until: leaseUntil, attempts: eb('attempts', '+', 1), updated_at: now }))
        .where('id', '=', id)
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
            eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', now)]),
          ]),
        )
        .executeTakeFirst();
      if (changed(r) !== 1) return undefined;
      const row = await db.selectFrom('outbox').selectAll().where('id', '=', id).where('lease_owner', '=', owner).executeTakeFirst();
      return row && toItem(row);
    },
    async finish(id, owner, o, now) {
      const r = await db
        .updateTable('outbox')
        .set({
          status: o.status,
          lease_owner: null,
          lease_until: null,
          ...(o.nextAttemptAt !== undefined && { next_attempt_at: o.nextAttemptAt }),
          ...(o.error !== undefined && { last_error: o.error }),
          ...(o.payload !== undefined && { payload: json(o.payload) }),
          updated_at: now,
        })
        .where('id', '=', id)
        .where('status', '=', 'sending')
        .where('lease_owner', '=', owner)
        .executeTakeFirst();
      return changed(r) === 1;
    },
    async find(id) {
      const r = await db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toItem(r);
    },
    async list(opts = {}) {
      let q = db.selectFrom('outbox').selectAll();
      if (opts.status?.length) q = q.where('status', 'in', opts.status);
      return (await q.orderBy('created_at', 'desc').limit(opts.limit ?? 100).execute()).map(toItem);
    },
  };
}
