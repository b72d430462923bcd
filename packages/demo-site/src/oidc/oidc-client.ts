import * as client from 'openid-client';
import { createRemoteJWKSet, customFetch as joseCustomFetch } from 'jose';
import type { JWTVerifyGetKey } from 'jose';
import { loopbackFetch } from '@sso/shared';
import type { Config } from '../config.js';

/** Discovery failed: the auth server is down or misconfigured. Pages answer 503. */
export class AuthServerUnavailable extends Error {}

/** The relying party's view of the auth server: discovered lazily, so the app can start first. */
export interface OidcClient {
  configuration(): Promise<client.Configuration>;
  /** The auth server's JWKS (cached by jose), for the logout token and the "how it works" check. */
  keySet(): Promise<JWTVerifyGetKey>;
}

export function discoveredOidcClient(config: Config): OidcClient {
  let pending: Promise<client.Configuration> | undefined;
  let jwks: JWTVerifyGetKey | undefined;

  const configuration = () => {
    pending ??= client
      .discovery(
        new URL(config.issuer),
        config.clientId,
        undefined,
        // The seed registers the demo clients with client_secret_basic (RFC 6749 §2.3.1).
        client.ClientSecretBasic(config.clientSecret),
        {
          [client.customFetch]: loopbackFetch,
          execute: [
            ...(config.issuer.startsWith('http://') ? [client.allowInsecureRequests] : []),
            // Check the ID token signature against the JWKS too, not only TLS (OIDC Core §3.1.3.7 step 6).
            client.enableNonRepudiationChecks,
          ],
          timeout: 10,
        },
      )
      .catch((err: unknown) => {
        pending = undefined; // try again on the next request instead of caching the failure
        throw new AuthServerUnavailable(`discovery of ${config.issuer} failed: ${(err as Error).message}`, { cause: err });
      });
    return pending;
  };

  return {
    configuration,
    async keySet() {
      if (jwks) return jwks;
      const uri = (await configuration()).serverMetadata().jwks_uri;
      if (!uri) throw new Error('the auth server publishes no jwks_uri');
      jwks = createRemoteJWKSet(new URL(uri), { [joseCustomFetch]: loopbackFetch });
      return jwks;
    },
  };
}

/** A client over known metadata and keys, for tests that exercise this app's own refusals. */
export function staticOidcClient(
  config: Config,
  metadata: client.ServerMetadata,
  keySet: JWTVerifyGetKey,
): OidcClient {
  const configuration = new client.Configuration(
    metadata,
    config.clientId,
    undefined,
    client.ClientSecretBasic(config.clientSecret),
  );
  configuration[client.customFetch] = loopbackFetch;
  if (metadata.issuer.startsWith('http://')) client.allowInsecureRequests(configuration);
  client.enableNonRepudiationChecks(configuration);
  return { configuration: () => Promise.resolve(configuration), keySet: () => Promise.resolve(keySet) };
}
