import express from 'express';
import request from 'supertest';
import type { AppContext } from '../../src/app-context.js';
import { GRANT_TYPES } from '../../src/clients/client-rules.js';
import { manualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config/config.js';
import { notesApi } from '../../src/cli/seed.js';
import { discoveryRoutes } from '../../src/oauth/discovery-router.js';
import type { KeyStore } from '../../src/keys/key-store.js';

/** The discovery routes alone, on a bare app: no other endpoint is needed to describe them. */
function discoveryApp(issuer: string) {
  const config = loadConfig({ NODE_ENV: 'test', ISSUER: issuer });
  const keys = { jwks: () => Promise.resolve({ keys: [] }) } as unknown as KeyStore;
  // The registered APIs are the only thing read from the store.
  const store = { apis: { list: () => Promise.resolve([{ ...notesApi(config), createdAt: 0, updatedAt: 0 }]) } };
  const app = express();
  discoveryRoutes(app.router, { config, keys, store, clock: manualClock() } as unknown as AppContext);
  return app;
}

describe('GET /.well-known/openid-configuration', () => {
  it('is public, cacheable JSON (OpenID Connect Discovery 1.0 §4.2)', async () => {
    const res = await request(discoveryApp('https://sso.example.com')).get('/.well-known/openid-configuration').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.headers['access-control-allow-origin']).toBe('*');
  });

  it('is also served at the RFC 8414 path for OAuth-only clients', async () => {
    const app = discoveryApp('https://sso.example.com');
    const oidc = await request(app).get('/.well-known/openid-configuration').expect(200);
    const oauth = await request(app).get('/.well-known/oauth-authorization-server').expect(200);
    expect(oauth.body).toEqual(oidc.body);
  });

  it('advertises exactly the endpoints and features the server implements', async () => {
    const issuer = 'https://sso.example.com';
    const body: unknown = (await request(discoveryApp(issuer)).get('/.well-known/openid-configuration').expect(200)).body;
    expect(body).toEqual({
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      userinfo_endpoint: `${issuer}/userinfo`,
      jwks_uri: `${issuer}/jwks`,
      revocation_endpoint: `${issuer}/revoke`,
      introspection_endpoint: `${issuer}/introspect`,
      end_session_endpoint: `${issuer}/end-session`,
      scopes_supported: ['openid', 'profile', 'email', 'offline_access', 'notes:read', 'notes:write'],
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      code_challenge_methods_supported: ['S256'],
      claims_supported: [
        'sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'at_hash', 'sid', 'acr', 'amr',
        'name', 'preferred_username', 'email', 'email_verified', 'roles',
      ],
      acr_values_supported: ['urn:sso:acr:1fa', 'urn:sso:acr:mfa'],
      prompt_values_supported: ['none', 'login', 'consent', 'select_account'],
      authorization_response_iss_parameter_supported: true,
      backchannel_logout_supported: true,
      backchannel_logout_session_supported: true,
      frontchannel_logout_supported: false,
      request_parameter_supported: false,
      request_uri_parameter_supported: false,
      claims_parameter_supported: false,
      ui_locales_supported: ['en'],
    });
  });

  it('is consistent: the issuer is exact, endpoints live under it, no downgrade options', async () => {
    const issuer = 'https://example.com/sso';
    const body = (await request(discoveryApp(`${issuer}/`)).get('/.well-known/openid-configuration').expect(200)).body as Record<string, unknown>;
    // Discovery §4.3: issuer must be identical to the one the document was requested for.
    expect(body.issuer).toBe(issuer);
    for (const [name, value] of Object.entries(body)) {
      if (name.endsWith('_endpoint') || name === 'jwks_uri') expect(value).toMatch(new RegExp(`^${issuer}/[a-z-]+$`));
    }
    expect(body.scopes_supported).toContain('openid'); // OpenID Connect Core §3.1.2.1
    expect(body.code_challenge_methods_supported).not.toContain('plain'); // RFC 9700 §2.1.1
    expect(body.response_types_supported).not.toContain('token'); // RFC 9700 §2.1.2: no implicit
    expect(body.grant_types_supported).not.toContain('password'); // RFC 9700 §2.4
    expect(body.id_token_signing_alg_values_supported).not.toContain('none');
    expect(body.grant_types_supported).toEqual([...GRANT_TYPES]);
    expect(body.scopes_supported).toEqual(['openid', 'profile', 'email', 'offline_access', 'notes:read', 'notes:write']);
  });
});
