import type { Kysely, Selectable } from 'kysely';
import type { ApisTable, ApiScopesTable, Database } from '../schema.js';
import type { Store } from '../types.js';
import type { Api, ApiScope } from '../../apis/api.js';
import { changed, unique } from './query-helpers.js';
import { num } from './rows.js';

const toApi = (r: Selectable<ApisTable>, scopes: Selectable<ApiScopesTable>[]): Api => ({
  identifier: r.identifier,
  name: r.name,
  scopes: scopes
    .filter((s) => s.api_identifier === r.identifier)
    .sort((a, b) => Number(a.position) - Number(b.position))
    .map((s) => ({ name: s.name, description: s.description })),
  accessTokenTtl: num(r.access_token_ttl),
  includeRoles: Number(r.include_roles) === 1,
  secretHash: r.secret_hash,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

/** Runs `work` in a transaction unless `db` already is one (the store's transaction() joins). */
function atomically<T>(db: Kysely<Database>, work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/** The scope rows of one API; the primary key on `name` refuses a scope another API already has. */
async function insertScopes(db: Kysely<Database>, identifier: string, scopes: ApiScope[]): Promise<void> {
  if (scopes.length === 0) return;
  const rows = scopes.map((s, position) => ({ name: s.name, api_identifier: identifier, description: s.description, position }));
  await unique('scope', () => db.insertInto('api_scopes').values(rows).execute());
}

/** Resource servers and their scopes (two tables, written together). */
export function apisRepository(db: Kysely<Database>): Store['apis'] {
  const repo: Store['apis'] = {
    async create(a, now) {
      await atomically(db, async (tx) => {
        const row = {
          identifier: a.identifier,
          name: a.name,
          access_token_ttl: a.accessTokenTtl,
          include_roles: a.includeRoles ? 1 : 0,
          secret_hash: a.secretHash,
          created_at: now,
          updated_at: now,
        };
        await unique('API', () => tx.insertInto('apis').values(row).execute());
        await insertScopes(tx, a.identifier, a.scopes);
      });
      return (await repo.find(a.identifier))!;
    },
    async find(identifier) {
      const r = await db.selectFrom('apis').selectAll().where('identifier', '=', identifier).executeTakeFirst();
      if (!r) return undefined;
      const scopes = await db.selectFrom('api_scopes').selectAll().where('api_identifier', '=', identifier).execute();
      return toApi(r, scopes);
    },
    async list() {
      const [rows, scopes] = await Promise.all([
        db.selectFrom('apis').selectAll().orderBy('identifier').execute(),
        db.selectFrom('api_scopes').selectAll().execute(),
      ]);
      return rows.map((r) => toApi(r, scopes));
    },
    async update(identifier, p, now) {
      await atomically(db, async (tx) => {
        await tx
          .updateTable('apis')
          .set({
            ...(p.name !== undefined && { name: p.name }),
            ...(p.accessTokenTtl !== undefined && { access_token_ttl: p.accessTokenTtl }),
            ...(p.includeRoles !== undefined && { include_roles: p.includeRoles ? 1 : 0 }),
            ...(p.secretHash !== undefined && { secret_hash: p.secretHash }),
            updated_at: now,
          })
          .where('identifier', '=', identifier)
          .execute();
        if (p.scopes) {
          await tx.deleteFrom('api_scopes').where('api_identifier', '=', identifier).execute();
          await insertScopes(tx, identifier, p.scopes);
        }
      });
      return repo.find(identifier);
    },
    async delete(identifier) {
      return atomically(db, async (tx) => {
        await tx.deleteFrom('api_scopes').where('api_identifier', '=', identifier).execute();
        return changed(await tx.deleteFrom('apis').where('identifier', '=', identifier).executeTakeFirst()) > 0;
      });
    },
  };
  return repo;
}
