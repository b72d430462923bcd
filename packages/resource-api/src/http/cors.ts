import type { RequestHandler } from 'express';

/**
 * CORS for the configured browser origins only (Fetch standard, CORS protocol). Allowed origins are
 * reflected; any other origin gets no CORS headers, so the browser withholds the response.
 * No credentials mode: the API reads Bearer tokens, never cookies.
 */
export function cors(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return (req, res, next) => {
    res.vary('Origin');
    const origin = req.headers.origin;
    const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
    if (origin === undefined || !allowed.has(origin)) {
      if (preflight) {
        res.status(403).json({ error: 'origin_not_allowed', error_description: 'this origin may not call the API', message: 'Origin not allowed' });
        return;
      }
      return next();
    }
    res.set('Access-Control-Allow-Origin', origin);
    // Lets browser code read the RFC 6750 challenge on 401 / 403.
    res.set('Access-Control-Expose-Headers', 'WWW-Authenticate');
    if (!preflight) return next();
    res.set('Access-Control-Allow-Methods', 'GET, POST, DELETE');
    res.set('Access-Control-Allow-Headers', 'Authorization, Content-Type');
    res.set('Access-Control-Max-Age', '600');
    res.status(204).end();
  };
}
