import type { AppContext } from '../../app-context.js';
import type { Account } from '../../accounts/account.js';
import { createSecretSealer, type SecretSealer } from '../secret-sealer.js';
import { matchTotpStep, newTotpSecret, normalizeTotpCode, otpauthUri } from './totp.js';

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: 'malformed' | 'not_enrolled' | 'invalid' | 'replayed' };

const sealers = new WeakMap<AppContext['config'], SecretSealer>();
const sealer = (ctx: AppContext): SecretSealer => {
  let s = sealers.get(ctx.config);
  if (!s) sealers.set(ctx.config, (s = createSecretSealer(ctx.config.keyEncryptionSecret, 'totp-secret-v1')));
  return s;
};

/** TOTP enrolment and verification; secrets sealed at rest, each code accepted once. */
export function totpService(ctx: AppContext) {
  async function secretOf(accountId: string, confirmed: boolean): Promise<string | undefined> {
    const row = await ctx.store.totp.find(accountId);
    if (!row || (row.confirmedAt !== null) !== confirmed) return undefined;
    return sealer(ctx).open(accountId, row.sealedSecret);
  }

  return {
    /** A fresh unconfirmed secret with its QR code (SVG, rendered here: no third party sees it). */
    async start(account: Account): Promise<{ secret: string; uri: string; qrDataUri: string }> {
      const secret = newTotpSecret();
      await ctx.store.totp.startEnrolment(account.id, await sealer(ctx).seal(account.id, secret), ctx.clock());
      return this.show(account, secret);
    },
    async show(account: Account, secret: string) {
      const uri = otpauthUri(secret, new URL(ctx.config.issuer).host, account.username);
      // Imported when a user enrols: only the enrolment page draws a QR code.
      const { default: QRCode } = await import('qrcode');
      const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      return { secret, uri, qrDataUri: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
    },
    pendingSecret: (accountId: string) => secretOf(accountId, false),
    /** The first code confirms the enrolment; its step counts as used. */
    async confirm(accountId: string, input: string): Promise<TotpCheck> {
      const code = normalizeTotpCode(input);
      if (!code) return { ok: false, reason: 'malformed' };
      const secret = await secretOf(accountId, false);
      if (!secret) return { ok: false, reason: 'not_enrolled' };
      const step = matchTotpStep(secret, code, ctx.clock());
      if (step === undefined) return { ok: false, reason: 'invalid' };
      return (await ctx.store.totp.confirm(accountId, step, ctx.clock())) ? { ok: true, step } : { ok: false, reason: 'not_enrolled' };
    },
    /** RFC 6238 §5.2: a code (or an older one) already accepted is refused: no replay in its window. */
    async verify(accountId: string, input: string): Promise<TotpCheck> {
      const code = normalizeTotpCode(input);
      if (!code) return { ok: false, reason: 'malformed' };
      const secret = await secretOf(accountId, true);
      if (!secret) return { ok: false, reason: 'not_enrolled' };
      const step = matchTotpStep(secret, code, ctx.clock());
      if (step === undefined) return { ok: false, reason: 'invalid' };
      return (await ctx.store.totp.useStep(accountId, step)) ? { ok: true, step } : { ok: false, reason: 'replayed' };
    },
  };
}
