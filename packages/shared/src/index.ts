export * from './errors.js';
export * from './loopback-fetch.js';
