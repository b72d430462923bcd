import { createServer } from 'node:net';

/** Where each service listens. `smtp` is the dev mail catcher's SMTP port (0: any free one). */
export interface DevPorts {
  auth: number;
  api: number;
  appA: number;
  appB: number;
  inbox: number;
  smtp: number;
}

export interface DevStackUrls {
  auth: string;
  api: string;
  appA: string;
  appB: string;
  /** The development inbox page: every mail the auth server sent. */
  inbox: string;
}

/** The default topology of ARCHITECTURE.md: ports 4000–4004, SMTP catcher on 4025. */
export const DEFAULT_PORTS: Readonly<DevPorts> = Object.freeze({ auth: 4000, api: 4001, appA: 4002, appB: 4003, inbox: 4004, smtp: 4025 });

/**
 * One host name per browser-facing service, not only one port, so their cookies stay apart (a
 * cookie is scoped to a host, not a port). Browsers resolve `*.localhost` to loopback (RFC 6761
 * §6.3); server-to-server calls go through `loopbackFetch`, so no /etc/hosts entry is needed.
 */
export function devUrls(ports: DevPorts): DevStackUrls {
  return {
    auth: `http://auth.localhost:${ports.auth}`,
    api: `http://api.localhost:${ports.api}`,
    appA: `http://app-a.localhost:${ports.appA}`,
    appB: `http://app-b.localhost:${ports.appB}`,
    inbox: `http://mail.localhost:${ports.inbox}`,
  };
}

/** Asks the OS for a free port, so a URL is known before the service that owns it starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Free ports for every URL-bearing service: the seed registers the demo clients' redirect URIs,
 * so the ports must be known before anything starts. The SMTP catcher's is read back instead.
 */
export async function ephemeralPorts(): Promise<DevPorts> {
  return { auth: await freePort(), api: await freePort(), appA: await freePort(), appB: await freePort(), inbox: await freePort(), smtp: 0 };
}
