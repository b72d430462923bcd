// Plain JavaScript, forked by server-entry.mjs: the in-run baselines the auth server is compared with.
import { once } from 'node:events';
import { createServer } from 'node:http';
import { URL } from 'node:url';
import console from 'node:console';
import express from 'express';
import { exportJWK, generateKeyPair } from 'jose';
import Database from 'libsql';
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
 * A durable adapter for the fair refresh comparison (BENCH_OIDC_SQLITE=<file>): one libsql table with
 * the auth server's own settings (WAL, `synchronous = NORMAL`, checkpoint at 100 pages), each call
 * one statement, as an SQL adapter for oidc-provider is commonly written.
 */
class SqliteAdapter {
  static statements;
  static open(path) {
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('wal_autocheckpoint = 100');
    db.exec(`CREATE TABLE IF NOT EXISTS oidc_models (model TEXT NOT NULL, id TEXT NOT NULL, payload TEXT NOT NULL,
      grant_id TEXT, uid TEXT, user_code TEXT, expires_at INTEGER, consumed_at INTEGER, PRIMARY KEY (model, id))`);
    db.exec('CREATE INDEX IF NOT EXISTS oidc_models_grant ON oidc_models (grant_id)');
    db.exec('CREATE INDEX IF NOT EXISTS oidc_models_uid ON oidc_models (uid)');
    const findBy = (column) => db.prepare(`SELECT payload, expires_at, consumed_at FROM oidc_models WHERE model = ? AND ${column} = ?`);
    SqliteAdapter.statements = {
      upsert: db.prepare('INSERT OR REPLACE INTO oidc_models (model, id, payload, grant_id, uid, user_code, expires_at, consumed_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)'),
      find: findBy('id'),
      byUid: findBy('uid'),
      byUserCode: findBy('user_code'),
      consume: db.prepare('UPDATE oidc_models SET consumed_at = ? WHERE model = ? AND id = ?'),
      destroy: db.prepare('DELETE FROM oidc_models WHERE model = ? AND id = ?'),
      revoke: db.prepare('DELETE FROM oidc_models WHERE grant_id = ?'),
    };
  }
  constructor(name) {
    this.name = name;
  }
  static row(r) {
    if (!r || (r.expires_at !== null && r.expires_at < Date.now())) return undefined;
    return { ...JSON.parse(r.payload), ...(r.consumed_at === null ? {} : { consumed: r.consumed_at }) };
  }
  async upsert(id, payload, expiresIn) {
    const expiresAt = expiresIn ? Date.now() + expiresIn * 1000 : null;
    SqliteAdapter.statements.upsert.run(this.name, id, JSON.stringify(payload), payload.grantId ?? null, payload.uid ?? null, payload.userCode ?? null, expiresAt);
  }
  async find(id) {
    return SqliteAdapter.row(SqliteAdapter.statements.find.get(this.name, id));
  }
  async findByUid(uid) {
    return SqliteAdapter.row(SqliteAdapter.statements.byUid.get(this.name, uid));
  }
  async findByUserCode(userCode) {
    return SqliteAdapter.row(SqliteAdapter.statements.byUserCode.get(this.name, userCode));
  }
  async consume(id) {
    SqliteAdapter.statements.consume.run(Math.floor(Date.now() / 1000), this.name, id);
  }
  async destroy(id) {
    SqliteAdapter.statements.destroy.run(this.name, id);
  }
  async revokeByGrantId(grantId) {
    SqliteAdapter.statements.revoke.run(grantId);
  }
}

/**
 * oidc-provider (the most used Node.js OpenID Provider) configured like the auth server for the token
 * endpoint: RS256 JWT access tokens for one resource, client_secret_basic, client_credentials and
 * rotating refresh tokens that also return an ID token. Grants and tokens live in memory (MapAdapter),
 * or with BENCH_OIDC_SQLITE in a SQLite file (SqliteAdapter). `POST /bench/mint?n=N` (outside the provider) mints N refresh tokens of the
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
  if (env.BENCH_OIDC_SQLITE) SqliteAdapter.open(env.BENCH_OIDC_SQLITE);
  const provider = new Provider(issuer, {
    adapter: env.BENCH_OIDC_SQLITE ? SqliteAdapter : MapAdapter,
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
