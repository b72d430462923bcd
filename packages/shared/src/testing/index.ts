export { startTestIssuer } from '@sso/access-token/testing';
export type { SignOptions, TestIssuer, TestIssuerOptions } from '@sso/access-token/testing';
export * from './fuzz.js';
export { watchPrototypeChanges } from './prototype-changes.js';
export { builtEntryExists, startBuiltServer, type BuiltServer } from './built-server.js';
