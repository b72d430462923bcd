import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { loopbackFetch } from '@sso/shared';
import { startDevStack } from './start-dev-stack.js';
import { freePort, type DevPorts } from './topology.js';

const quiet = { nodeEnv: 'test', logLevel: 'silent' } as const;

async function freePorts(): Promise<DevPorts> {
  return { auth: await freePort(), api: await freePort(), appA: await freePort(), appB: await freePort(), inbox: await freePort(), smtp: 0 };
}

describe('startDevStack', () => {
  it('starts every service on ephemeral *.localhost URLs, seeded for this run, and stop() ends them all', async () => {
    const stack = await startDevStack({ ...quiet, ports: 'ephemeral' });
    try {
      for (const url of [stack.urls.auth, stack.urls.api, stack.urls.appA, stack.urls.appB]) {
        expect(new URL(url).hostname).toMatch(/^[a-z-]+\.localhost$/);
        expect((await loopbackFetch(`${url}/healthz`)).status).toBe(200);
      }
      expect((await loopbackFetch(stack.urls.inbox)).status).toBe(200);
      const discovery = (await (await loopbackFetch(`${stack.urls.auth}/.well-known/openid-configuration`)).json()) as { issuer: string };
      expect(discovery.issuer).toBe(stack.urls.auth);

      // The seed registered App A with this run's redirect URI: the auth server redirects back to it
      // (its silent first check: no session yet), where an unknown one would get an error page.
      const toAuthorize = (await loopbackFetch(`${stack.urls.appA}/login`, { redirect: 'manual' })).headers.get('location') ?? '';
      expect(toAuthorize.startsWith(`${stack.urls.auth}/authorize?`)).toBe(true);
      const back = (await loopbackFetch(toAuthorize, { redirect: 'manual' })).headers.get('location') ?? '';
      expect(back.startsWith(`${stack.urls.appA}/callback?`)).toBe(true);
      expect(new URL(back).searchParams.get('error')).toBe('login_required');
    } finally {
      await stack.stop();
    }
    await stack.stop(); // idempotent: Ctrl+C arrives twice
    expect(existsSync(stack.dataDir)).toBe(false);
    for (const url of Object.values(stack.urls)) await expect(loopbackFetch(`${url}/healthz`)).rejects.toThrow();
  }, 60_000);

  it('a service that cannot listen: the ones already started are stopped and the promise rejects', async () => {
    const ports = await freePorts();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(ports.auth, '127.0.0.1', resolve));
    try {
      await expect(startDevStack({ ...quiet, ports })).rejects.toMatchObject({ code: 'EADDRINUSE' });
      // The mail catcher's inbox started before the auth server; it is gone again.
      await expect(loopbackFetch(`http://127.0.0.1:${ports.inbox}/`)).rejects.toThrow();
    } finally {
      blocker.close();
    }
  }, 60_000);

  it('an aborted signal (Ctrl+C during start-up) rejects before anything listens', async () => {
    const ports = await freePorts();
    await expect(startDevStack({ ...quiet, ports, signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    await expect(loopbackFetch(`http://127.0.0.1:${ports.inbox}/`)).rejects.toThrow();
  });
});
