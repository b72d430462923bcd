// The access-token middleware, OAuth errors and loopbackFetch live in the installable @sso/access-token.
export * from '@sso/access-token';
export { createDeferredExpressServer, createExpressServer, expressMessageClasses, type MessageClasses } from './express-server.js';
