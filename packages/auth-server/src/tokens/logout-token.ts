import { randomUUID } from 'node:crypto';
import type { KeyStore } from '../keys/key-store.js';
import { signJwt } from './sign-jwt.js';

export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/** OpenID Connect Back-Channel Logout 1.0 §2.4: no nonce, an events claim, sub, and sid when the logout concerns one session. */
export function buildLogoutToken(
  keys: KeyStore,
  args: { issuer: string; clientId: string; sub: string; sid: string | undefined; nowSec: number; ttlSec?: number },
): Promise<string> {
  return signJwt(keys, 'logout+jwt', {
    iss: args.issuer,
    aud: args.clientId,
    sub: args.sub,
    ...(args.sid !== undefined && { sid: args.sid }),
    iat: args.nowSec,
    exp: args.nowSec + (args.ttlSec ?? 120),
    jti: randomUUID(),
    events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
  });
}
