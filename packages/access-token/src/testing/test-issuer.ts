import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import type { CryptoKey, JWK } from 'jose';

/**
 * Plays the auth server's signing role in tests of token consumers: RS256 keys, a real JWKS over
 * HTTP on an ephemeral port, and RFC 9068 access tokens. Not for production use.
 */
export interface TestIssuer {
  issuer: string;
  audience: string;
  /** `http://127.0.0.1:<port>/jwks` */
  jwksUri: string;
  /** kid of the key new tokens are signed with. */
  readonly kid: string;
  /** Requests the JWKS endpoint has answered. */
  readonly jwksRequests: number;
  /** The published set, as served. */
  jwks(): { keys: JWK[] };
  /** An RFC 9068 access token; `claims` override or (with `undefined`) remove the defaults. */
  sign(claims?: Record<string, unknown>, options?: SignOptions): Promise<string>;
  /** Adds a new signing key and makes it current; older keys stay published. */
  rotate(): Promise<string>;
  /** Stops publishing a key (its tokens then fail once the consumer refetches). */
  unpublish(kid: string): void;
  /** Closes the JWKS server; signing keeps working. */
  stop(): Promise<void>;
}

export interface SignOptions {
  /** Extra or replaced protected-header members (`typ`, `kid`, `jku`, ...). */
  header?: Record<string, unknown>;
  /** Sign with another key (an attacker's). */
  privateKey?: CryptoKey;
}

export interface TestIssuerOptions {
  issuer?: string;
  audience?: string;
  clock?: () => number;
  /** Default token lifetime. */
  ttlSec?: number;
}

export async function startTestIssuer(options: TestIssuerOptions = {}): Promise<TestIssuer> {
  const { issuer = 'http://auth.localhost:4000', audience = 'http://api.localhost:4001' } = options;
  const { clock = Date.now, ttlSec = 300 } = options;
  const keys: { kid: string; privateKey: CryptoKey; jwk: JWK }[] = [];
  let jwksRequests = 0;

  const addKey = async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const kid = randomUUID();
    keys.push({ kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' } });
    return kid;
  };
  await addKey();
  const current = () => keys.at(-1)!;
  const jwks = () => ({ keys: keys.map((key) => key.jwk) });

  const server = createServer((req, res) => {
    if (req.url !== '/jwks') return res.writeHead(404).end();
    jwksRequests += 1;
    res.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end(JSON.stringify(jwks()));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    issuer,
    audience,
    jwksUri: `http://127.0.0.1:${port}/jwks`,
    get kid() {
      return current().kid;
    },
    get jwksRequests() {
      return jwksRequests;
    },
    jwks,
    async sign(claims = {}, signOptions = {}) {
      const now = Math.floor(clock() / 1000);
      const payload: Record<string, unknown> = {
        iss: issuer,
        sub: 'user-1',
        aud: audience,
        client_id: 'app-a',
        scope: 'openid profile notes:read notes:write',
        roles: [],
        iat: now,
        exp: now + ttlSec,
        jti: randomUUID(),
        ...claims,
      };
      for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
      const header = { alg: 'RS256', typ: 'at+jwt', kid: current().kid, ...signOptions.header };
      return new SignJWT(payload)
        .setProtectedHeader(header)
        .sign(signOptions.privateKey ?? current().privateKey);
    },
    rotate: addKey,
    unpublish(kid) {
      const index = keys.findIndex((key) => key.kid === kid);
      if (index !== -1) keys.splice(index, 1);
    },
    async stop() {
      if (!server.listening) return;
      const closed = once(server, 'close');
      server.close();
      server.closeAllConnections();
      await closed;
    },
  };
}
