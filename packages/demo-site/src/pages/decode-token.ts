import { compactVerify, decodeJwt, decodeProtectedHeader } from 'jose';
import type { JWTVerifyGetKey } from 'jose';

export interface TimeClaim {
  claim: string;
  iso: string;
  relative: string;
}

/** A JWT taken apart the way jwt.io shows it, plus a signature check against the JWKS. */
export interface DecodedToken {
  label: string;
  /** The first two segments (public base64url of what is decoded below); the signature is shortened. */
  headerSegment: string;
  payloadSegment: string;
  signaturePreview: string;
  header: string;
  payload: string;
  times: TimeClaim[];
  expired: boolean;
  signature: { valid: boolean; detail: string };
}

function relative(seconds: number): string {
  const abs = Math.abs(Math.round(seconds));
  const h = Math.floor(abs / 3600);
  const m = Math.floor((abs % 3600) / 60);
  const s = abs % 60;
  const text = [h ? `${h} h` : '', m ? `${m} min` : '', `${s} s`].filter(Boolean).join(' ');
  return seconds >= 0 ? `in ${text}` : `${text} ago`;
}

export async function decodeToken(label: string, token: string, keySet: JWTVerifyGetKey | undefined, now: number): Promise<DecodedToken> {
  const [h = '', p = '', sig = ''] = token.split('.');
  const header = decodeProtectedHeader(token);
  const payload = decodeJwt(token);
  const times = (['iat', 'nbf', 'auth_time', 'exp'] as const).flatMap((claim) => {
    const v = payload[claim];
    return typeof v === 'number'
      ? [{ claim, iso: new Date(v * 1000).toISOString(), relative: relative(v - now / 1000) }]
      : [];
  });

  let signature: DecodedToken['signature'];
  if (!keySet) {
    signature = { valid: false, detail: 'The JWKS could not be fetched.' };
  } else {
    try {
      // Only the signature here; the claims were checked when the token was received or are the API's to check.
      const { protectedHeader } = await compactVerify(token, keySet);
      signature = {
        valid: true,
        detail: `Signature verified: ${protectedHeader.alg} with key kid "${protectedHeader.kid ?? '(none)'}" from the auth server's JWKS.`,
      };
    } catch (err) {
      signature = { valid: false, detail: `Signature check failed: ${(err as Error).message}` };
    }
  }

  return {
    label,
    headerSegment: h,
    payloadSegment: p,
    signaturePreview: sig.length > 12 ? `${sig.slice(0, 12)}…` : sig,
    header: JSON.stringify(header, null, 2),
    payload: JSON.stringify(payload, null, 2),
    times,
    expired: typeof payload.exp === 'number' && payload.exp * 1000 <= now,
    signature,
  };
}
