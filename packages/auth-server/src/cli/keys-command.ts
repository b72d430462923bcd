import { createKeyStore } from '../keys/db-key-store.js';
import { keyStatus, pickSigner } from '../keys/key-schedule.js';
import type { SigningKey } from '../store/types.js';
import { parseCommandArgs, positionals } from './args.js';
import { iso, unknownAction, type CliContext } from './cli-context.js';

export const KEYS_USAGE = 'keys list | keys rotate [--now]';

/** Public facts only: the private JWK never reaches the terminal. */
export async function listKeys(ctx: CliContext): Promise<void> {
  const keys = await createKeyStore(ctx).list();
  const now = ctx.clock();
  const signer = pickSigner(keys, now);
  if (keys.length === 0) ctx.out.log('No signing keys yet: the server creates one on first start (or run `keys rotate`).');
  for (const k of keys) {
    ctx.out.log(
      `${k.kid}\t${keyStatus(k, signer, now)}\t${k.alg}\tcreated ${iso(k.createdAt)}\tsigns from ${iso(k.activeFrom)}\tretired ${iso(k.retiredAt)}\tunpublished ${iso(k.expiresAt)}\tverifies hints until ${iso(k.verifyUntil ?? k.expiresAt)}`,
    );
  }
}

/**
 * Publishes a new key now; it signs from now + KEY_PUBLISH_AHEAD, when the current key retires.
 * The retired key stays in the JWKS until every token it signed has expired.
 */
export async function rotateKeys(ctx: CliContext, opts: { immediate?: boolean } = {}): Promise<SigningKey> {
  const key = await createKeyStore(ctx).rotate(opts);
  await ctx.store.audit.record(
    { type: 'key_rotated', accountId: null, clientId: null, ip: null, detail: { kid: key.kid, activeFrom: key.activeFrom, by: 'cli' } },
    ctx.clock(),
  );
  ctx.out.log(`New signing key ${key.kid}: published now, signs from ${iso(key.activeFrom)}`);
  return key;
}

export async function runKeys(ctx: CliContext, [action, ...rest]: string[]): Promise<void> {
  const args = parseCommandArgs(rest, { now: { type: 'boolean' } });
  positionals(args.positionals, []);
  if (action === 'list') return listKeys(ctx);
  if (action === 'rotate') return void (await rotateKeys(ctx, { immediate: args.values.now === true }));
  throw unknownAction('keys', action);
}
