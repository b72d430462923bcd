import type { RequestHandler } from 'express';

/**
 * CORS for the endpoints a browser-based (public) client calls directly: token, userinfo,
 * revocation. Any origin may call them, but never with cookies (no Allow-Credentials), so this
 * grants nothing a script could not already do with the tokens it holds; PKCE and client
 * authentication protect the token endpoint, the bearer token protects userinfo.
 */
export const apiCors: RequestHandler = (req, res, next) => {
  if (!req.get('origin')) return next();
  res.set({ 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'WWW-Authenticate' });
  if (req.method !== 'OPTIONS') return next();
  res
    .set({
      'Access-Control-Allow-Methods': 'GET, POST',
      'Access-Control-Allow-Headers': 'Authorization, Content-Type',
      'Access-Control-Max-Age': '600',
    })
    .status(204)
    .end();
};
