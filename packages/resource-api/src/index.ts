export { createApp, type AppDeps } from './app.js';
export { loadConfig, type Config, type Env } from './config.js';
export { createLogger, silentLogger } from './logger.js';
export { openNotesDatabase } from './notes/notes-database.js';
export { createNotesStore, type NotesStore } from './notes/notes-store.js';
export { startServer } from './server.js';
