import { startServer as startAuth } from '@sso/auth-server/server';
import { startServer as startApi } from '@sso/resource-api/server';

/** Starts the auth server and the resource API in this process, for `pnpm dev` and the e2e test. */
export interface RunningService {
  url: string;
  port: number;
  close(): Promise<void>;
}

type Env = Record<string, string | undefined>;

export const startAuthServer = (env: Env): Promise<RunningService> => startAuth(env);

export const startResourceApi = (env: Env): Promise<RunningService> => startApi(env);
