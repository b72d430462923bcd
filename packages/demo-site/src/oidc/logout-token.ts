import { jwtVerify } from 'jose';
import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import type { Clock } from '../clock.js';

const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

export class InvalidLogoutToken extends Error {}

export interface LogoutTokenClaims {
  sid?: string;
  sub?: string;
  jti: string;
  exp: number;
}

/**
 * Validates a logout token as Back-Channel Logout 1.0 §2.6 lists: signature from the issuer's JWKS,
 * iss, aud, iat, exp, typ, the events member, sid and/or sub, and no nonce.
 */
export async function verifyLogoutToken(
  token: string,
  opts: { issuer: string; clientId: string; keySet: JWTVerifyGetKey; clock: Clock },
): Promise<LogoutTokenClaims> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, opts.keySet, {
      issuer: opts.issuer,
      audience: opts.clientId,
      // §2.4: explicitly typed, so an ID token can never pass for a logout token (RFC 8725 §3.11).
      typ: 'logout+jwt',
      requiredClaims: ['iat', 'exp', 'jti'],
      currentDate: new Date(opts.clock.now()),
      clockTolerance: 30,
    }));
  } catch (err) {
    throw new InvalidLogoutToken(`logout token rejected: ${(err as Error).message}`);
  }
  const events = payload.events as Record<string, unknown> | undefined;
  const event = events?.[BACKCHANNEL_EVENT];
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new InvalidLogoutToken('logout token has no back-channel logout event');
  }
  if (payload.nonce !== undefined) throw new InvalidLogoutToken('logout token must not carry a nonce');
  const sid = typeof payload.sid === 'string' ? payload.sid : undefined;
  const sub = typeof payload.sub === 'string' ? payload.sub : undefined;
  if (!sid && !sub) throw new InvalidLogoutToken('logout token names neither sid nor sub');
  return { sid, sub, jti: payload.jti as string, exp: payload.exp as number };
}

/** Remembers the jti of accepted logout tokens until they expire (§2.6 step 7, replay). */
export class SeenTokens {
  readonly #seen = new Map<string, number>();
  constructor(private readonly clock: Clock) {}

  /** True the first time a jti is offered. */
  firstUse(jti: string, exp: number): boolean {
    const now = this.clock.now();
    for (const [k, until] of this.#seen) if (until * 1000 < now) this.#seen.delete(k);
    if (this.#seen.has(jti)) return false;
    this.#seen.set(jti, exp);
    return true;
  }
}
