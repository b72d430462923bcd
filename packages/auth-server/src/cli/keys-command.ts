import { CLI_ACTOR } from '../admin/actor.js';
import { listKeys as keyList, rotateKey } from '../admin/services/keys.js';
import type { KeyInfo } from '../admin/services/keys.js';
import { parseCommandArgs, positionals } from './args.js';
import { unknownAction, type CliContext } from './cli-context.js';
import { cliServiceContext } from './cli-service-context.js';

export const KEYS_USAGE = 'keys list | keys rotate [--now]';

const dash = (v: string | null): string => v ?? '-';

/** Public facts only: the service never hands out the private JWK. */
export async function listKeys(ctx: CliContext): Promise<void> {
  const { keys, nextRotation } = await keyList(cliServiceContext(ctx));
  if (keys.length === 0) ctx.out.log('No signing keys yet: the server creates one on first start (or run `keys rotate`).');
  for (const k of keys) {
    ctx.out.log(
      `${k.kid}\t${k.status}\t${k.alg}\tcreated ${k.createdAt}\tsigns from ${k.signsFrom}\tretired ${dash(k.retiredAt)}\tunpublished ${dash(k.unpublishedAt)}\tverifies hints until ${dash(k.verifiesHintsUntil)}`,
    );
  }
  if (nextRotation) ctx.out.log(`Next switch: ${nextRotation.kid} signs from ${nextRotation.at}`);
}

/**
 * Publishes a new key now; it signs from now + KEY_PUBLISH_AHEAD, when the current key retires.
 * The retired key stays in the JWKS until every token it signed has expired.
 */
export async function rotateKeys(ctx: CliContext, opts: { immediate?: boolean } = {}): Promise<KeyInfo> {
  const key = await rotateKey(cliServiceContext(ctx), { actor: CLI_ACTOR }, opts);
  ctx.out.log(`New signing key ${key.kid}: published now, signs from ${key.signsFrom}`);
  return key;
}

export async function runKeys(ctx: CliContext, [action, ...rest]: string[]): Promise<void> {
  const args = parseCommandArgs(rest, { now: { type: 'boolean' } });
  positionals(args.positionals, []);
  if (action === 'list') return listKeys(ctx);
  if (action === 'rotate') return void (await rotateKeys(ctx, { immediate: args.values.now === true }));
  throw unknownAction('keys', action);
}
