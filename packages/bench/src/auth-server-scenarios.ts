import type { Request as AutocannonRequest } from 'autocannon';
import { basic, codeFlow, form, loginBody, loginForm, signIn } from './bench-client.js';
import { BENCH } from './fixtures.js';
import { load } from './load.js';
import type { Scenario } from './rounds.js';
import type { SignProcess } from './sign-process.js';

export interface AuthScenarios {
  healthz: Scenario;
  jwks: Scenario;
  discovery: Scenario;
  sign: Scenario;
  clientCredentials: Scenario;
  refresh: Scenario;
  login: Scenario;
  /** Refresh tokens minted through real code flows before the load. */
  refreshPool: number;
}

/** A GET scenario against any server. */
export function getScenario(url: string, name: string, path: string, connections: number): Scenario {
  return { name, run: (seconds) => load(url, [{ method: 'GET', path }], seconds, connections) };
}

/** oidc-provider's token scenarios (baselines.mjs), its refresh pool minted through its `POST /bench/mint`. */
export async function providerTokenScenarios(url: string, label: string, connections: number, poolSize: number): Promise<{ clientCredentials: Scenario; refresh: Scenario }> {
  const minted = await fetch(`${url}/bench/mint?n=${poolSize}`, { method: 'POST' });
  return tokenScenarios(url, label, connections, (await minted.json()) as string[]);
}

/**
 * client_credentials and refresh_token at one server's /token with the bench clients (client_secret_basic),
 * `pool` holding never-used refresh tokens of the bench app.
 */
export function tokenScenarios(url: string, label: string, connections: number, pool: string[]): { clientCredentials: Scenario; refresh: Scenario } {
  const clientCredentials: AutocannonRequest = {
    method: 'POST',
    path: '/token',
    headers: { authorization: basic(BENCH.service.clientId, BENCH.service.secret), 'content-type': FORM },
    body: form({ grant_type: 'client_credentials', scope: 'notes:read' }),
  };
  return {
    clientCredentials: { name: `${label} POST /token client_credentials`, run: (seconds) => load(url, [clientCredentials], seconds, connections) },
    refresh: { name: `${label} POST /token refresh_token (rotating)`, run: (seconds) => load(url, refreshRequests(pool), seconds, connections) },
  };
}

const FORM = 'application/x-www-form-urlencoded';

/**
 * The auth server's scenarios against one running server. Every scenario uses the same number of
 * connections; the signing baseline keeps that many signatures in flight, as the server would.
 */
export async function authServerScenarios(url: string, signer: SignProcess, connections: number, refreshPool: number): Promise<AuthScenarios> {
  const get = (path: string): AutocannonRequest[] => [{ method: 'GET', path }];
  const http = (name: string, requests: AutocannonRequest[], expect: '2xx' | '3xx' = '2xx', settleMs = 0): Scenario => ({
    name,
    settleMs,
    run: (seconds) => load(url, requests, seconds, connections, expect),
  });

  // One CSRF cookie and its token serve every login (the token is an HMAC of the cookie). No session
  // cookie is sent, so each login starts a session and nothing ends an earlier one.
  const page = await loginForm(url);
  const login: AutocannonRequest = {
    method: 'POST',
    path: '/login',
    headers: { cookie: page.cookie, 'content-type': FORM },
    body: loginBody(page.csrfToken),
  };

  const tokens = tokenScenarios(url, 'auth-server', connections, await mintRefreshTokens(url, refreshPool, connections));
  return {
    healthz: http('GET /healthz', get('/healthz')),
    jwks: http('GET /jwks', get('/jwks')),
    discovery: http('GET /.well-known/openid-configuration', get('/.well-known/openid-configuration')),
    sign: {
      name: `jose RS256 sign, own process, ${connections} in flight`,
      async run(seconds) {
        const burst = await signer.burst(seconds, connections);
        return { ok: burst.signs, failed: 0, seconds: burst.seconds };
      },
    },
    clientCredentials: tokens.clientCredentials,
    refresh: tokens.refresh,
    // argon2 hashes run on libuv's pool and outlive the slice's end; let them finish first.
    login: http('POST /login (argon2id)', [login], '3xx', 500),
    refreshPool,
  };
}

/**
 * `count` refresh tokens of the bench app, each from a real authorization-code flow over HTTP (one sign-in,
 * then /authorize + /token per token), `parallel` flows at a time.
 */
async function mintRefreshTokens(url: string, count: number, parallel: number): Promise<string[]> {
  const session = await signIn(url);
  const tokens: string[] = [];
  const lane = async () => {
    while (tokens.length < count) tokens.push(await codeFlow(url, session));
  };
  await Promise.all(Array.from({ length: parallel }, lane));
  return tokens.slice(0, count);
}

/**
 * Refresh requests that each present a never-used token. Rotation returns a new token with every
 * answer; it goes to the back of the shared pool and is presented later, as a client would. A
 * slice's end strands at most one token per connection, so the pool only needs headroom.
 */
function refreshRequests(pool: string[]): AutocannonRequest[] {
  return [
    {
      method: 'POST',
      path: '/token',
      headers: { authorization: basic(BENCH.app.clientId, BENCH.app.secret), 'content-type': FORM },
      setupRequest(request: AutocannonRequest) {
        // An empty pool sends a token the server refuses, counted as a failure rather than hidden.
        return { ...request, body: form({ grant_type: 'refresh_token', refresh_token: pool.shift() ?? 'pool-exhausted' }) };
      },
      onResponse(status: number, body: string) {
        if (status === 200) pool.push((JSON.parse(body) as { refresh_token: string }).refresh_token);
      },
    },
  ];
}
