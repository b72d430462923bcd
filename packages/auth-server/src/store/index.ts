export { openDatabase, openStore, type StoreOptions } from './open-store.js';
export * from './types.js';
