import type { OAuthError } from '@sso/shared';
import type { Client } from '../clients/client.js';

/** Where the visitor came from, when the failed request names a registered client. */
export interface ErrorApplication {
  name: string;
  url: string;
}

/**
 * The application a visitor can go back to: the origin of the client's first registered redirect
 * URI. Registered by an operator, so a safe link; never taken from the request itself, which may
 * be the very thing that failed (RFC 6749 §4.1.2.1: no redirect to an unverified URI).
 */
export function applicationOf(client: Pick<Client, 'name' | 'redirectUris'> | undefined): ErrorApplication | undefined {
  const first = client?.redirectUris[0];
  if (!client || !first) return undefined;
  const url = URL.canParse(first) ? new URL(first) : undefined;
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) return undefined;
  return { name: client.name, url: `${url.origin}/` };
}

/**
 * One wording for every error page: what happened (heading and the error's description), what the
 * visitor can do, and a way back. The demo apps' error page uses the same headings.
 */
export function errorPageLocals(error: OAuthError, application?: ErrorApplication) {
  const back = application ? `Go back to ${application.name} and start again from there.` : 'Go back to the page you came from and start again.';
  const [heading, advice] =
    error.status === 404
      ? ['This page does not exist', 'Check the address for typos, or follow the link that brought you here again.']
      : error.status === 429
        ? ['Too many attempts', 'Wait a minute, then try again.']
        : error.status === 503
          ? ['The service is unavailable right now', 'Nothing is wrong on your side. Try again in a moment.']
          : error.status >= 500
            ? ['Something failed on our side', 'Try again in a moment. If it keeps happening, tell the operator of this site.']
            : ['This request could not be completed', back];
  return { title: heading, heading, advice, error, application };
}
