import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, SqliteDialect } from 'kysely';
import Database from 'libsql';

export interface NotesTable {
  id: string;
  owner: string;
  text: string;
  created_at: number;
}

export interface NotesSchema {
  notes: NotesTable;
}

/** SQLite through libsql's better-sqlite3-compatible driver; the file and its folder are created on demand. */
export async function openNotesDatabase(path: string): Promise<Kysely<NotesSchema>> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Kysely<NotesSchema>({ dialect: new SqliteDialect({ database: new Database(path) }) });
  await db.schema
    .createTable('notes')
    .ifNotExists()
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('owner', 'text', (column) => column.notNull())
    .addColumn('text', 'text', (column) => column.notNull())
    .addColumn('created_at', 'integer', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('notes_owner').ifNotExists().on('notes').columns(['owner', 'created_at']).execute();
  return db;
}
