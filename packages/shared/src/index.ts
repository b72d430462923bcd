export * from './errors.js';
export * from './loopback-fetch.js';
export * from './access-token/index.js';
