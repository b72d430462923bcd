import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Store } from '../types.js';
import { json, toAudit } from './rows.js';

let auditSeq = 0;
/**
 * Audit ids sort in insertion order within one process (time, then a counter), so events recorded
 * in the same millisecond still list in the order they happened. Lower-case hex only, so every
 * collation orders them alike.
 */
const auditId = (now: number): string =>
  now.toString(16).padStart(12, '0') + (auditSeq++ % 0x1_0000_0000).toString(16).padStart(8, '0') + randomBytes(8).toString('hex');

/** The audit log of security events. */
export function auditRepository(db: Kysely<Database>): Store['audit'] {
  return {
    async record(e, now) {
      await db
        .insertInto('audit_events')
        .values({
          id: auditId(now),
          type: e.type,
          account_id: e.accountId,
          client_id: e.clientId,
          ip: e.ip,
          detail: e.detail ? json(e.detail) : null,
          created_at: now,
        })
        .execute();
    },
    async list(opts = {}) {
      let q = db.selectFrom('audit_events').selectAll();
      if (opts.type) q = q.where('type', '=', opts.type);
      if (opts.accountId) q = q.where('account_id', '=', opts.accountId);
      if (opts.clientId) q = q.where('client_id', '=', opts.clientId);
      if (opts.from !== undefined) q = q.where('created_at', '>=', opts.from);
      if (opts.to !== undefined) q = q.where('created_at', '<', opts.to);
      const before = opts.before;
      if (before) {
        q = q.where((eb) =>
          eb.or([eb('created_at', '<', before.createdAt), eb.and([eb('created_at', '=', before.createdAt), eb('id', '<', before.id)])]),
        );
      }
      const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(opts.limit ?? 100).execute();
      return rows.map(toAudit);
    },
  };
}
