// Plain JavaScript on purpose: forked with plain `node`, so the servers run from their built
// `dist/` exactly as `node dist/server.js` runs in production (no TypeScript loader in memory).
import { once } from 'node:events';
import { createServer } from 'node:http';
import process from 'node:process';

/** The floor every server stands on: node:http alone, for the RSS table. */
async function startBareHttp(env) {
  const server = createServer((_req, res) => res.end('ok')).listen(Number(env.PORT ?? 0), '127.0.0.1');
  await once(server, 'listening');
  return { close: () => new Promise((resolve) => server.close(() => resolve())) };
}

// Imported on demand: a process must hold only its own server's modules, or its RSS is not its own.
const START = {
  'auth-server': async (env) => (await import('@sso/auth-server/server')).startServer(env),
  'resource-api': async (env) => (await import('@sso/resource-api/server')).startServer(env),
  'bare-http': startBareHttp,
  'bare-express': async (env) => (await import('./baselines.mjs')).startBareExpress(env),
  'oidc-provider': async (env) => (await import('./baselines.mjs')).startOidcProvider(env),
};

/**
 * One server under test in its own process, so its RSS is its own and the load generator does not
 * share its event loop. Configured by the environment the parent passes (PORT is chosen by the
 * parent, which polls readiness); closes on any IPC message.
 */
const start = START[process.argv[2] ?? ''];
if (!start) throw new Error(`unknown server kind: ${process.argv[2]}`);
const running = await start(process.env);
process.once('message', () => {
  void running.close().then(() => process.disconnect());
});
