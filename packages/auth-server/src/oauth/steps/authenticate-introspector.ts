import type { Request, Response } from 'express';
import { InvalidClient } from '@sso/shared';
import type { AppContext } from '../../app-context.js';
import { verifyClientSecret } from '../../clients/client-secret.js';
import type { Api } from '../../apis/api.js';
import type { Client } from '../../clients/client.js';
import { authenticateClient, readClientCredentials } from './authenticate-client.js';

/** Who asks /introspect: a confidential client, or an API with its own credentials. */
export type Introspector = { kind: 'client'; client: Client } | { kind: 'api'; api: Api };

/**
 * RFC 7662 §2.1: the caller authenticates. An API authenticates with its identifier as client_id
 * and the secret from `pnpm admin apis rotate-secret` (identifiers are URIs, client ids never are).
 */
export async function authenticateIntrospector(ctx: AppContext, req: Request, res: Response): Promise<Introspector> {
  let presented: ReturnType<typeof readClientCredentials> | undefined;
  try {
    presented = readClientCredentials(req);
  } catch {
    // Malformed credentials: the client path reports them with its usual answer.
  }
  const api = presented?.id?.includes(':') ? await ctx.store.apis.find(presented.id) : undefined;
  if (!api) return { kind: 'client', client: await authenticateClient(ctx, req, res, { allowPublic: false }) };
  const secret = presented?.secret;
  if (api.secretHash === null || secret === undefined || !verifyClientSecret(api.secretHash, secret)) {
    res.set('WWW-Authenticate', 'Basic realm="token", charset="UTF-8"');
    throw new InvalidClient('Client authentication failed');
  }
  return { kind: 'api', api };
}
