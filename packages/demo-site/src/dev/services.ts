/**
 * Starts the auth server and the resource API in this process, for `pnpm dev` and the e2e test.
 * Imported by name at run time so this package type-checks whichever of them has landed.
 */
export interface RunningService {
  url: string;
  port: number;
  close(): Promise<void>;
}

type Env = Record<string, string | undefined>;
type StartServer = (env: Env) => Promise<RunningService>;

async function load(specifier: string): Promise<StartServer> {
  const mod = (await import(specifier)) as { startServer?: StartServer };
  if (typeof mod.startServer !== 'function') throw new Error(`${specifier} does not export startServer`);
  return mod.startServer;
}

export async function startAuthServer(env: Env): Promise<RunningService> {
  return (await load('@sso/auth-server/server'))(env);
}

export async function startResourceApi(env: Env): Promise<RunningService> {
  return (await load('@sso/resource-api/server'))(env);
}
