import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { NotesSchema } from './notes-database.js';

export interface Note {
  id: string;
  text: string;
  createdAt: string;
}

/** Every operation is scoped to an owner (the token's `sub`): one user never sees another's notes. */
export interface NotesStore {
  list(owner: string): Promise<Note[]>;
  create(owner: string, text: string): Promise<Note>;
  /** False when no note with this id belongs to the owner. */
  remove(owner: string, id: string): Promise<boolean>;
}

export function createNotesStore(db: Kysely<NotesSchema>, clock: Clock): NotesStore {
  const toNote = (row: { id: string; text: string; created_at: number }): Note => ({
    id: row.id,
    text: row.text,
    createdAt: new Date(row.created_at).toISOString(),
  });
  return {
    async list(owner) {
      const rows = await db
        .selectFrom('notes')
        .select(['id', 'text', 'created_at'])
        .where('owner', '=', owner)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toNote);
    },
    async create(owner, text) {
      const row = { id: randomUUID(), owner, text, created_at: clock() };
      await db.insertInto('notes').values(row).execute();
      return toNote(row);
    },
    async remove(owner, id) {
      const result = await db.deleteFrom('notes').where('id', '=', id).where('owner', '=', owner).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
