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

async function load(specifier: string, fallback?: string): Promise<StartServer> {
  let mod: { startServer?: StartServer };
  try {
    mod = (await import(specifier)) as typeof mod;
  } catch (err) {
    if (!fallback || !/Cannot find module|ERR_MODULE_NOT_FOUND|ERR_PACKAGE_PATH_NOT_EXPORTED/.test(String(err))) throw err;
    mod = (await import(fallback)) as typeof mod;
  }
  if (typeof mod.startServer !== 'function') throw new Error(`${specifier} does not export startServer`);
  return mod.startServer;
}

export async function startAuthServer(env: Env): Promise<RunningService> {
  // TODO(demo-site): drop the source fallback once @sso/auth-server declares exports["./server"].
  return (await load('@sso/auth-server/server', '../../../auth-server/src/server.ts'))(env);
}

export async function startResourceApi(env: Env): Promise<RunningService> {
  return (await load('@sso/resource-api/server'))(env);
}
