import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { AppContext } from '../../app-context.js';
import type { Passkey } from './passkey.js';
import type { Account } from '../../accounts/account.js';

/**
 * Loaded on the first passkey request: the library and its ASN.1/X.509 stack hold about 15 MB that
 * an instance without passkey users never needs (idle RSS goal, issue 14).
 */
const webauthn = () => import('@simplewebauthn/server');

/** A challenge answers once, within this time (WebAuthn §13.4.3: random, single-use, short-lived). */
const CHALLENGE_TTL_MS = 5 * 60_000;
export const PASSKEY_NAME_MAX = 64;

export type PasskeyFailure = 'malformed' | 'expired_challenge' | 'unknown_credential' | 'wrong_origin' | 'wrong_rp_id' | 'counter' | 'invalid';
type Outcome<T> = { ok: true; value: T } | { ok: false; reason: PasskeyFailure };

/** The challenge the browser signed, read from clientDataJSON (WebAuthn §5.8.1), or undefined. */
function signedChallenge(response: unknown): string | undefined {
  const data = (response as { response?: { clientDataJSON?: unknown } } | null)?.response?.clientDataJSON;
  if (typeof data !== 'string' || data.length > 4096) return undefined;
  try {
    const challenge = (JSON.parse(Buffer.from(data, 'base64url').toString('utf8')) as { challenge?: unknown }).challenge;
    return typeof challenge === 'string' && /^[A-Za-z0-9_-]{16,128}$/.test(challenge) ? challenge : undefined;
  } catch {
    return undefined;
  }
}

/** What the library's refusal says, as a fixed word for audit and metrics. */
function failureOf(err: unknown): PasskeyFailure {
  const message = err instanceof Error ? err.message : '';
  if (/origin/i.test(message)) return 'wrong_origin';
  if (/RP ID/i.test(message)) return 'wrong_rp_id';
  if (/counter/i.test(message)) return 'counter';
  return 'invalid';
}

const parse = <T>(json: string): T | undefined => {
  try {
    const v = JSON.parse(json) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as T) : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Passkeys with @simplewebauthn/server. The RP ID is the issuer's host and the only accepted origin
 * is the issuer's; user verification is required, so a passkey alone is two factors.
 */
export function passkeyService(ctx: AppContext) {
  const issuer = new URL(ctx.config.issuer);
  const rpID = issuer.hostname;
  const expectedOrigin = issuer.origin;

  async function remember(challenge: string, purpose: 'register' | 'authenticate', accountId: string | null) {
    await ctx.store.webauthnChallenges.create({ challenge, purpose, accountId, expiresAt: ctx.clock() + CHALLENGE_TTL_MS });
  }

  async function take(response: unknown, purpose: 'register' | 'authenticate') {
    const challenge = signedChallenge(response);
    const stored = challenge ? await ctx.store.webauthnChallenges.take(challenge, ctx.clock()) : undefined;
    return stored?.purpose === purpose ? stored : undefined;
  }

  return {
    async registrationOptions(account: Account) {
      const existing = await ctx.store.passkeys.listByAccount(account.id);
      const options = await (await webauthn()).generateRegistrationOptions({
        rpName: 'SSO',
        rpID,
        userName: account.username,
        userID: new TextEncoder().encode(account.id),
        attestationType: 'none',
        excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports as never })),
        // A discoverable credential, so the login page can sign in without a username.
        authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
        timeout: CHALLENGE_TTL_MS,
      });
      await remember(options.challenge, 'register', account.id);
      return options;
    },

    async register(account: Account, json: string, name: string): Promise<Outcome<Passkey>> {
      const response = parse<RegistrationResponseJSON>(json);
      if (!response) return { ok: false, reason: 'malformed' };
      const challenge = await take(response, 'register');
      if (!challenge || challenge.accountId !== account.id) return { ok: false, reason: 'expired_challenge' };
      try {
        const result = await (await webauthn()).verifyRegistrationResponse({ response, expectedChallenge: challenge.challenge, expectedOrigin, expectedRPID: rpID, requireUserVerification: true });
        if (!result.verified) return { ok: false, reason: 'invalid' };
        const info = result.registrationInfo;
        const passkey: Passkey = {
          credentialId: info.credential.id,
          accountId: account.id,
          publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
          counter: info.credential.counter,
          transports: info.credential.transports ?? [],
          deviceType: info.credentialDeviceType,
          backedUp: info.credentialBackedUp,
          name: name.slice(0, PASSKEY_NAME_MAX) || 'Passkey',
          createdAt: ctx.clock(),
          lastUsedAt: null,
        };
        await ctx.store.passkeys.create(passkey);
        return { ok: true, value: passkey };
      } catch (err) {
        return { ok: false, reason: failureOf(err) };
      }
    },

    async authenticationOptions() {
      // No allowCredentials: the authenticator offers its discoverable credentials (WebAuthn §5.4.4).
      const options = await (await webauthn()).generateAuthenticationOptions({ rpID, userVerification: 'required', timeout: CHALLENGE_TTL_MS });
      await remember(options.challenge, 'authenticate', null);
      return options;
    },

    async authenticate(json: string): Promise<Outcome<Passkey>> {
      const response = parse<AuthenticationResponseJSON>(json);
      if (!response || typeof response.id !== 'string' || response.id.length > 1024) return { ok: false, reason: 'malformed' };
      const challenge = await take(response, 'authenticate');
      if (!challenge) return { ok: false, reason: 'expired_challenge' };
      const passkey = await ctx.store.passkeys.find(response.id);
      if (!passkey) return { ok: false, reason: 'unknown_credential' };
      try {
        const result = await (await webauthn()).verifyAuthenticationResponse({
          response,
          expectedChallenge: challenge.challenge,
          expectedOrigin,
          expectedRPID: rpID,
          credential: { id: passkey.credentialId, publicKey: Buffer.from(passkey.publicKey, 'base64url'), counter: passkey.counter, transports: passkey.transports as never },
          requireUserVerification: true,
        });
        if (!result.verified) return { ok: false, reason: 'invalid' };
        // A counter that did not move on from the stored one means a cloned authenticator (WebAuthn §6.1.1).
        if (!(await ctx.store.passkeys.recordUse(passkey.credentialId, passkey.counter, result.authenticationInfo.newCounter, ctx.clock()))) {
          return { ok: false, reason: 'counter' };
        }
        return { ok: true, value: { ...passkey, backedUp: result.authenticationInfo.credentialBackedUp } };
      } catch (err) {
        return { ok: false, reason: failureOf(err) };
      }
    },
  };
}

/** RFC 8176: a device-bound key is hardware-protected (hwk); a synced one is software-protected (swk). */
export const passkeyAmr = (p: Passkey): string[] => [p.backedUp ? 'swk' : 'hwk', 'user'];
