export { startTestIssuer } from './test-issuer.js';
export type { SignOptions, TestIssuer, TestIssuerOptions } from './test-issuer.js';
