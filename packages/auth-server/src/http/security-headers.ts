import type { Express, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * Security headers in two sets (issue 14). Every response carries those that protect any content:
 * the CSP (frame-ancestors 'none' forbids framing), Cross-Origin-Resource-Policy, HSTS, nosniff,
 * X-Frame-Options and Referrer-Policy (redirects carry codes and states; a Referrer-Policy on the
 * redirect response applies to the request that follows it, Fetch §4.4). HTML pages carry in
 * addition the headers that only mean something to a document (COOP, Origin-Agent-Cluster, DNS
 * prefetch, download options, cross-domain policies, the legacy XSS filter): the OWASP REST Security
 * Cheat Sheet lists them as not needed on API responses, and each header costs every JSON response
 * its share of the request's time.
 */
const everyResponse = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      frameAncestors: ["'none'"],
      // No form-action: a login POST ends in a redirect to the client, which form-action would block.
    },
  },
  // Express already leaves X-Powered-By out (x-powered-by disabled in app.ts): nothing to remove.
  xPoweredBy: false,
  referrerPolicy: { policy: 'no-referrer' },
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
});

/** The rest of helmet's defaults, for documents only. */
const documentOnly = helmet({
  contentSecurityPolicy: false,
  crossOriginResourcePolicy: false,
  strictTransportSecurity: false,
  xContentTypeOptions: false,
  xFrameOptions: false,
  xPoweredBy: false,
  referrerPolicy: false,
});

/**
 * The middleware for every response, and the document headers added wherever a page is rendered:
 * `res.render` on this app's response prototype sets them first, so no page can miss them.
 */
export function securityHeaders(app: Express): RequestHandler {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- applied below with each response as `this`
  const render = app.response.render;
  app.response.render = function (this: Response, ...args: Parameters<Response['render']>) {
    documentOnly(this.req, this, () => undefined);
    render.apply(this, args);
  };
  return everyResponse;
}
