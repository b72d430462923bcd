import { decodeJwt, decodeProtectedHeader } from 'jose';
import { InvalidRequest } from '@sso/shared';
import { verifyIdTokenHint } from '../../tokens/verify-own-token.js';
import type { AuthorizationStep } from '../authorize/authorization-request.js';

/**
 * id_token_hint (OIDC Core §3.1.2.1): only an ID token this server signed counts: our key and
 * `iss`, and the ID token's `typ` (an access token is `at+jwt`, a logout token `logout+jwt` and
 * carries `events`). An expired one is still a hint. Its `sub` is the user the client expects.
 */
export const checkIdTokenHint: AuthorizationStep = async (request, ctx) => {
  const hint = request.params.id_token_hint;
  if (hint === undefined) return;
  const refuse = () => new InvalidRequest('id_token_hint is not an ID token issued by this server');
  let typ: unknown;
  let events: unknown;
  try {
    typ = decodeProtectedHeader(hint).typ;
    events = decodeJwt(hint).events;
  } catch {
    throw refuse();
  }
  if (typ !== 'JWT' || events !== undefined) throw refuse();
  let sub: unknown;
  try {
    sub = (await verifyIdTokenHint(ctx.keys, hint, ctx.config.issuer)).sub;
  } catch {
    throw refuse();
  }
  if (typeof sub !== 'string' || sub === '') throw refuse();
  request.hintSub = sub;
};
