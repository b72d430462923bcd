// Plain JavaScript, forked by server-entry.mjs: the in-run baselines the auth server is compared with.
import { once } from 'node:events';
import { createServer } from 'node:http';
import { URL } from 'node:url';
import console from 'node:console';
import express from 'express';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

const listen = async (server, env) => {
  server.listen(Number(env.PORT ?? 0), '127.0.0.1');
  await once(server, 'listening');
  return { close: () => new Promise((resolve) => server.close(() => resolve())) };
};

/** The floor under /healthz: Express 5 answering the same JSON, no middleware. */
export function bareExpressApp() {
  const app = express();
  app.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  return app;
}

export async function startBareExpress(env) {
  return listen(createServer(bareExpressApp()), env);
}

/**
 * An unbounded in-memory adapter: oidc-provider's own development adapter is an LRU that drops
 * grants under this load (they would be counted as its failures).
 */
class MapAdapter {
  static store = new Map();
  static grants = new Map();
  constructor(name) {
    this.name = name;
  }
  key(id) {
    return `${this.name}:${id}`;
  }
  async upsert(id, payload) {
    MapAdapter.store.set(this.key(id), payload);
    if (payload.grantId) {
      const ids = MapAdapter.grants.get(payload.grantId) ?? [];
      ids.push(this.key(id));
      MapAdapter.grants.set(payload.grantId, ids);
    }
  }
  async find(id) {
    return MapAdapter.store.get(this.key(id));
  }
  async findByUid(uid) {
    for (const payload of MapAdapter.store.values()) if (payload.uid === uid) return payload;
    return undefined;
  }
  async findByUserCode() {
    return undefined;
  }
  async consume(id) {
    const payload = MapAdapter.store.get(this.key(id));
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
  }
  async destroy(id) {
    MapAdapter.store.delete(this.key(id));
  }
  async revokeByGrantId(grantId) {
    for (const key of MapAdapter.grants.get(grantId) ?? []) MapAdapter.store.delete(key);
    MapAdapter.grants.delete(grantId);
  }
}

/**
 * oidc-provider (the most used Node.js OpenID Provider) configured like the auth server for the token
 * endpoint: RS256 JWT access tokens for one resource, client_secret_basic, client_credentials and
 * rotating refresh tokens that also return an ID token. Grants and tokens live in memory (MapAdapter). `POST /bench/mint?n=N` (outside the provider) mints N refresh tokens of the
 * bench user the way an authorization-code exchange would leave them.
 */
export async function startOidcProvider(env) {
  return listen(createServer(await oidcProviderApp(env)), env);
}

/** oidc-provider's request listener, configured as described above (also driven in memory by pipeline-cost). */
export async function oidcProviderApp(env) {
  const issuer = `http://127.0.0.1:${env.PORT}`;
  const audience = 'http://api.localhost:4001';
  const clients = JSON.parse(env.BENCH_CLIENTS);
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'bench' };
  const provider = new Provider(issuer, {
    adapter: MapAdapter,
    clients: [
      {
        client_id: clients.app.clientId,
        client_secret: clients.app.secret,
        grant_types: ['authorization_code', 'refresh_token'],
        redirect_uris: [clients.app.redirectUri],
        token_endpoint_auth_method: 'client_secret_basic',
      },
      {
        client_id: clients.service.clientId,
        client_secret: clients.service.secret,
        grant_types: ['client_credentials'],
        redirect_uris: [],
        response_types: [],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [jwk] },
    scopes: ['openid', 'profile', 'offline_access', 'notes:read'],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'] },
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub, name: 'Bench User', preferred_username: 'bench-user' }) }),
    features: {
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => audience,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({ scope: 'notes:read', audience, accessTokenFormat: 'jwt', accessTokenTTL: 900, jwt: { sign: { alg: 'RS256' } } }),
      },
    },
    rotateRefreshToken: true,
    ttl: { AccessToken: 900, ClientCredentials: 900, IdToken: 900, RefreshToken: 30 * 86400, Grant: 90 * 86400 },
  });
  // Its development-mode notices are not what this measures.
  provider.on('server_error', (_ctx, err) => console.error('oidc-provider server_error', err));

  async function mint(n) {
    const client = await provider.Client.find(clients.app.clientId);
    const tokens = [];
    for (let i = 0; i < n; i++) {
      const grant = new provider.Grant({ accountId: 'bench-user', clientId: client.clientId });
      grant.addOIDCScope('openid profile offline_access');
      grant.addResourceScope(audience, 'notes:read');
      const grantId = await grant.save();
      const rt = new provider.RefreshToken({
        client,
        accountId: 'bench-user',
        grantId,
        gty: 'authorization_code',
        scope: 'openid profile offline_access notes:read',
        resource: audience,
        authTime: Math.floor(Date.now() / 1000),
        expiresWithSession: false,
      });
      tokens.push(await rt.save());
    }
    return tokens;
  }

  const callback = provider.callback();
  return (req, res) => {
    if (req.method === 'POST' && req.url?.startsWith('/bench/mint')) {
      const n = Number(new URL(req.url, issuer).searchParams.get('n') ?? 1);
      mint(n).then(
        (tokens) => res.setHeader('content-type', 'application/json').end(JSON.stringify(tokens)),
        (err) => res.writeHead(500).end(String(err)),
      );
      return;
    }
    callback(req, res);
  };
}
