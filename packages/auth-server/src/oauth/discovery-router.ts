import { Router } from 'express';
import type { AppContext } from '../app-context.js';
import type { Config } from '../config/config.js';
import { ACR_VALUES_SUPPORTED } from '../factors/factor.js';

export const SCOPES_SUPPORTED = ['openid', 'profile', 'email', 'offline_access', 'notes:read', 'notes:write'] as const;
const CLIENT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post'];
const CACHE_CONTROL = 'public, max-age=300';

/** OpenID Connect Discovery 1.0 §3: advertises exactly what this server implements. */
export function discoveryDocument(config: Pick<Config, 'issuer'>) {
  const issuer = config.issuer;
  return Object.freeze({
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    userinfo_endpoint: `${issuer}/userinfo`,
    jwks_uri: `${issuer}/jwks`,
    revocation_endpoint: `${issuer}/revoke`,
    introspection_endpoint: `${issuer}/introspect`,
    end_session_endpoint: `${issuer}/end-session`,
    scopes_supported: [...SCOPES_SUPPORTED],
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: [...CLIENT_AUTH_METHODS, 'none'],
    revocation_endpoint_auth_methods_supported: [...CLIENT_AUTH_METHODS, 'none'],
    // RFC 7662 §2.1: the introspection caller must be authenticated.
    introspection_endpoint_auth_methods_supported: [...CLIENT_AUTH_METHODS],
    code_challenge_methods_supported: ['S256'],
    claims_supported: [
      'sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'at_hash', 'sid', 'acr', 'amr',
      'name', 'preferred_username', 'email', 'email_verified', 'roles',
    ],
    // OIDC Discovery §3; acr_values asking for the second one makes a password-only session step up.
    acr_values_supported: [...ACR_VALUES_SUPPORTED],
    prompt_values_supported: ['none', 'login', 'consent'],
    // RFC 9207 §3: every authorization response carries `iss`.
    authorization_response_iss_parameter_supported: true,
    backchannel_logout_supported: true,
    backchannel_logout_session_supported: true,
    frontchannel_logout_supported: false,
    request_parameter_supported: false,
    // Discovery §3 defaults request_uri_parameter_supported to true; we do not support it.
    request_uri_parameter_supported: false,
    claims_parameter_supported: false,
    ui_locales_supported: ['en'],
  });
}

/** Discovery metadata (OIDC Discovery 1.0, RFC 8414) and GET /jwks: public, cacheable, CORS-open. */
export function discoveryRouter(ctx: AppContext): Router {
  const router = Router();
  const document = discoveryDocument(ctx.config);

  // RFC 8414 §3 serves the same metadata to OAuth-only clients; the fields are a common superset.
  router.get(['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server'], (_req, res) => {
    res.set({ 'Cache-Control': CACHE_CONTROL, 'Access-Control-Allow-Origin': '*' }).json(document);
  });

  // RFC 7517 §5 / §8.5: a JWK Set of public keys only, served as application/jwk-set+json.
  router.get('/jwks', async (_req, res) => {
    const jwks = await ctx.keys.jwks();
    res.set({ 'Cache-Control': CACHE_CONTROL, 'Access-Control-Allow-Origin': '*' });
    res.type('application/jwk-set+json').send(JSON.stringify(jwks));
  });

  return router;
}
