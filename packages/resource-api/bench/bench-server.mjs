// Plain JavaScript on purpose: forked with plain `node`, so the API under test is the built bundle
// (`dist/server.js`) started as production starts it, with no TypeScript loader in the process.
import process from 'node:process';
import { startServer } from '../dist/server.js';

// The parent passes JWKS_URI and TOKEN_CACHE_MAX; PORT=0 picks a free port, reported back over IPC.
const running = await startServer({ ...process.env, NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', NOTES_DB: ':memory:', LOG_LEVEL: 'silent' });
process.send({ port: running.port });
process.once('message', () => {
  void running.close().then(() => process.disconnect());
});
