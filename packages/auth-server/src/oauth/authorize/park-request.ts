import type { Request, Response } from 'express';
import { InvalidRequest, TemporarilyUnavailable } from '@sso/shared';
import type { AppContext } from '../../app-context.js';
import { rateLimit } from '../../security/rate-limit.js';
import { AUTHORIZATION_PARAMS, type AuthorizationRequest } from './authorization-request.js';
import { randomBase64url } from '../../tokens/opaque.js';

export const INTERACTION_TTL_MS = 30 * 60_000;

/**
 * The parameters the server acts on when the request resumes after login or consent: every
 * parameter /authorize reads except those it never acts on (below); unknown ones are dropped too.
 * id_token_hint, acr_values and resource are kept for the steps and sign-in rules that read them.
 */
const NOT_STORED: ReadonlySet<string> = new Set(['ui_locales', 'display', 'request', 'request_uri', 'claims']);
export const STORED_PARAMS = AUTHORIZATION_PARAMS.filter((name) => !NOT_STORED.has(name));

/** Far above a real request (a few hundred bytes, ~1.5 KB with an id_token_hint); bounds what one anonymous request can park. */
export const MAX_STORED_BYTES = 6 * 1024;

/** RFC 6749 §4.1.2.1: the error code for "try again later", sent back to the client like any other. */
const busy = () => new TemporarilyUnavailable('Too many sign-in requests from your network. Try again in a minute.', 429);

/**
 * Parks an authorization request while the user signs in or consents. Anyone can start one without
 * signing in, so each is small (only STORED_PARAMS, at most MAX_STORED_BYTES), lives 30 minutes,
 * is purged after (store.purgeExpired), and each client IP may start only so many per minute.
 */
export function createRequestParking(ctx: AppContext) {
  const limit = rateLimit(ctx, 'authorize', ctx.config.rateLimit.authorizePerMinute, busy);
  const gate = (req: Request, res: Response) =>
    new Promise<void>((resolve, reject) => void limit(req, res, (err?: unknown) => (err ? reject(err instanceof Error ? err : new Error('rate limiter failed')) : resolve())));

  return async function park(req: Request, res: Response, request: AuthorizationRequest): Promise<string> {
    const params: Record<string, string> = {};
    for (const name of STORED_PARAMS) if (request.params[name] !== undefined) params[name] = request.params[name];
    if (Buffer.byteLength(JSON.stringify(params)) > MAX_STORED_BYTES) throw new InvalidRequest('The authorization request is too large');
    await gate(req, res);
    const id = randomBase64url(16);
    const now = ctx.clock();
    await ctx.store.interactions.create({ id, clientId: request.client!.clientId, params, createdAt: now, expiresAt: now + INTERACTION_TTL_MS });
    return id;
  };
}
