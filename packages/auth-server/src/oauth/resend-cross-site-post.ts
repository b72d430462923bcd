import type { RequestHandler } from 'express';

/**
 * OIDC Core §3.1.2.1 and RP-Initiated Logout §2 let an RP send its request by form POST. From
 * another site that POST arrives without our SameSite=Lax session cookie, so the server would
 * answer as if nobody were signed in. A POST without a session is therefore re-issued as the same
 * request by GET (303 See Other): a top-level GET navigation carries Lax cookies. Only the named
 * parameters are carried over, repeated ones kept repeated so the GET refuses them as before.
 * No script is involved, so the strict CSP holds.
 */
/** Keeps the re-issued request line well under Node's 16 KB header limit. */
const MAX_QUERY_LENGTH = 8192;

export function resendCrossSitePost(paramNames: readonly string[]): RequestHandler {
  return (req, res, next) => {
    if (req.authSession) return next();
    const body = (req.body ?? {}) as Record<string, unknown>;
    const query = new URLSearchParams();
    for (const name of paramNames) {
      for (const value of [body[name]].flat()) if (typeof value === 'string') query.append(name, value);
    }
    const search = query.toString();
    // Too long for a URL: answered as the POST it is (as if no one were signed in).
    if (search.length > MAX_QUERY_LENGTH) return next();
    res.set('Cache-Control', 'no-store').redirect(303, `${req.baseUrl}${req.path}?${search}`);
  };
}
